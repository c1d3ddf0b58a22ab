package webhook

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// xmlNode is one element: its text, or its child elements.
type xmlNode struct {
	name     string
	text     strings.Builder
	children []*xmlNode
}

// parseXML reads the xml format: a root element of any name whose child
// elements are named as the JSON fields (<eventId>26</eventId>), data as
// nested elements. Leaf text is trimmed of surrounding white space, as XML
// writers indent. The walk streams tokens and stops at maxDepth.
func parseXML(body []byte) (*Payload, error) {
	head := strings.ToLower(string(body[:min(len(body), 64)]))
	if strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") {
		return nil, &NotPayloadError{Reason: "html", Msg: "это HTML-страница, а не вебхук Mobizon"}
	}
	root, err := xmlTree(body)
	if err != nil {
		return nil, err
	}
	fields := map[string]*xmlNode{}
	for _, c := range root.children {
		fields[c.name] = c
	}
	present := func(name string) bool { return fields[name] != nil }
	if err := missingFields(present, FormatXML); err != nil {
		return nil, err
	}
	p := &Payload{Format: FormatXML, quoted: map[string]bool{}}
	targets := map[string]*string{
		"eventId": &p.EventID, "eventType": &p.EventType, "eventCreateTs": &p.EventCreateTs,
		"attempt": &p.Attempt, "webhookId": &p.WebhookID, "sign": &p.Sign,
	}
	for name, target := range targets {
		if n := fields[name]; n != nil {
			if len(n.children) > 0 {
				return nil, &NotPayloadError{Reason: "bad-field", Msg: fmt.Sprintf("элемент <%s> содержит другие элементы, а в вебхуке Mobizon это одно значение", name)}
			}
			*target = strings.TrimSpace(n.text.String())
		}
	}
	p.HasSign = p.Sign != ""
	if d := fields["data"]; d != nil {
		p.Data, _ = json.Marshal(xmlValue(d)) // strings, maps and slices always encode
	}
	return p, nil
}

// xmlTree reads the body into a tree of elements, rejecting anything that
// is not one well-formed root element or that nests past maxDepth.
func xmlTree(body []byte) (*xmlNode, error) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = true
	var stack []*xmlNode
	var root *xmlNode
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, xmlError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxDepth {
				return nil, &NotPayloadError{Reason: "too-deep", Msg: fmt.Sprintf("XML вложен глубже %d уровней: это не вебхук Mobizon", maxDepth)}
			}
			n := &xmlNode{name: t.Name.Local}
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				parent.children = append(parent.children, n)
			} else if root != nil {
				return nil, &NotPayloadError{Reason: "not-xml", Msg: "в XML больше одного корневого элемента"}
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			}
		}
	}
	if root == nil {
		return nil, &NotPayloadError{Reason: "not-xml", Msg: "в XML нет ни одного элемента"}
	}
	return root, nil
}

// xmlValue is an element as JSON would hold it: its trimmed text, or an
// object of its children (a name that repeats becomes a list). The tree is
// at most maxDepth deep, so the recursion is bounded.
func xmlValue(n *xmlNode) any {
	if len(n.children) == 0 {
		return strings.TrimSpace(n.text.String())
	}
	obj := map[string]any{}
	for _, c := range n.children {
		v := xmlValue(c)
		switch prev := obj[c.name].(type) {
		case nil:
			obj[c.name] = v
		case []any:
			obj[c.name] = append(prev, v)
		default:
			obj[c.name] = []any{prev, v}
		}
	}
	return obj
}

// xmlError names where XML breaks, never quoting it: the text could be
// anything, a secret included.
func xmlError(err error) error {
	var syntax *xml.SyntaxError
	if errors.As(err, &syntax) {
		return &NotPayloadError{Reason: "not-xml", Msg: fmt.Sprintf("начинается как XML, но не разбирается: ошибка в строке %d", syntax.Line)}
	}
	return &NotPayloadError{Reason: "not-xml", Msg: "начинается как XML, но не разбирается"}
}
