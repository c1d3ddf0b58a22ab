package ui

import (
	"fmt"
	"strings"
	"time"

	"codedesk/model"
	"codedesk/model/delivery"
	"codedesk/model/ru"
	"codedesk/model/safe"
)

// sendHint is what the request pane says under the method while an SMS is
// being written (model.SendSMSMethod): what the text will cost (encoding, segments), who gets
// it, and what the API would refuse. It never stops a send: the user may
// want to see the API's own answer to a bad request.
type sendHint struct {
	parts []hintPart
	// input is the method and parameters the hint was made for: it is made
	// again only when they change.
	input string
}

// hintPart is one finding, with how loudly to show it.
type hintPart struct {
	text     string
	severity delivery.Severity
}

// shows reports whether there is a hint to draw.
func (h sendHint) shows() bool { return len(h.parts) > 0 }

// update makes the hint for method and params text anew when they
// changed; another method has none. Parameters the editor
// cannot read give none either: the send will say what is wrong.
func (h *sendHint) update(method, paramsText string, now time.Time) {
	input := method + "\x00" + paramsText
	if input == h.input {
		return
	}
	h.input, h.parts = input, nil
	if !strings.EqualFold(strings.TrimSpace(method), model.SendSMSMethod) {
		return
	}
	params, err := model.ParseParamLines(paramsText)
	if err != nil {
		return
	}
	raw := ""
	for _, p := range params {
		if p.Key == "recipient" {
			raw = p.Value
		}
	}
	h.parts = hintParts(delivery.CheckSend(params, now), raw)
}

// hintParts orders a check for one line: what the API would refuse
// first, then the cost of the text, the recipient, what is worth a second
// look, and the rest.
func hintParts(c delivery.SendCheck, rawRecipient string) []hintPart {
	seg := c.Segments
	parts := []hintPart{{text: fmt.Sprintf("%s · %s (%d из %d)", seg.Encoding, ru.Segments.Count(seg.Segments), seg.Characters, seg.Limit)}}
	if r := c.Recipient; r.Number != "" {
		parts = append(parts, hintPart{text: recipientText(r, rawRecipient)})
	}
	var problems, rest []hintPart
	for _, n := range c.Notes {
		switch {
		case n.Severity == delivery.Problem:
			problems = append(problems, hintPart{text: safe.Line(n.Text), severity: n.Severity})
		case n.Severity == delivery.Info && (n.Param == "text" || n.Param == "recipient"):
			// the cost and the recipient, said above in short
		default:
			rest = append(rest, hintPart{text: safe.Line(n.Text), severity: n.Severity})
		}
	}
	return append(append(problems, parts...), rest...)
}

// recipientText is the number as the API wants it and its country. The
// request goes as typed: the hint never says the number was changed.
func recipientText(r delivery.Recipient, raw string) string {
	raw = strings.TrimSpace(raw)
	text := "получатель " + r.Number
	if strings.HasPrefix(raw, "+") && strings.TrimPrefix(raw, "+") == r.Number {
		text += " (ведущий «+» API принимает)"
	} // anything else dropped is the recipient's warning, said after

	if r.Country != "" {
		text += " · " + r.Country
	}
	return text
}

// view draws the hint in its styles, one line.
func (h sendHint) view(s Styles) string {
	out := make([]string, len(h.parts))
	for i, p := range h.parts {
		switch p.severity {
		case delivery.Problem:
			out[i] = s.Error.Render("✗ " + p.text)
		case delivery.Warning:
			out[i] = s.Warning.Render("! " + p.text)
		default:
			out[i] = s.Muted.Render(p.text)
		}
	}
	return strings.Join(out, s.Muted.Render(" · "))
}
