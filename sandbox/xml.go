package sandbox

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"sort"
)

// xmlEnvelope answers output=xml: the same three fields as JSON, data as
// nested elements (list items as <item>).
func xmlEnvelope(a answer) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString("<response>")
	fmt.Fprintf(&b, "<code>%d</code>", a.code)
	// Round-trip through JSON so data of any Go type becomes plain values.
	var v any
	raw, _ := json.Marshal(a.data)
	_ = json.Unmarshal(raw, &v)
	writeXML(&b, "data", v)
	b.WriteString("<message>")
	_ = xml.EscapeText(&b, []byte(a.message))
	b.WriteString("</message></response>")
	return b.Bytes()
}

func writeXML(b *bytes.Buffer, name string, v any) {
	b.WriteString("<" + name + ">")
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			writeXML(b, xmlName(k), x[k])
		}
	case []any:
		for _, item := range x {
			writeXML(b, "item", item)
		}
	case nil:
	default:
		_ = xml.EscapeText(b, []byte(fmt.Sprint(x)))
	}
	b.WriteString("</" + name + ">")
}

// xmlName makes a JSON key usable as an element name (params[validity]).
func xmlName(k string) string {
	out := []rune(k)
	for i, r := range out {
		if !(r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			out[i] = '_'
		}
	}
	if len(out) == 0 {
		return "field"
	}
	return string(out)
}
