package webhook

import (
	"bytes"
	"strconv"
	"time"
)

// Check reads and verifies one payload (`codedesk webhook verify`): the
// Event says what it is and holds the verdict in Verification (its
// ExitCode is the command's status). The error is ErrNoSecret, a
// *NotPayloadError or a *TooLargeError (exit status 2); its text is
// already safe to show.
func Check(body []byte, contentType string, secret Secret) (Event, error) {
	if secret.IsZero() {
		return Event{}, ErrNoSecret
	}
	ev := Event{ReceivedAt: time.Now(), Size: int64(len(body)), Data: nullJSON}
	if _, err := check(&ev, body, contentType, secret); err != nil {
		return Event{}, err
	}
	return ev, nil
}

// check parses and verifies body into ev, every string of it inert and
// free of the secret. The secret must be set.
func check(ev *Event, body []byte, contentType string, secret Secret) (*Payload, error) {
	ev.Body = secret.scrubBody(body) // the history never keeps the secret, even one a body carried
	p, err := Parse(body, contentType)
	if np, ok := err.(*NotPayloadError); ok {
		scrubbed := *np // its message may quote the body
		scrubbed.Msg = secret.scrub(np.Msg)
		return nil, &scrubbed
	}
	if err != nil {
		return nil, err // too large: no text of the body in it
	}
	v, _ := Verify(p, secret) // the secret is set
	ev.EventID, ev.EventType = line(secret.scrub(p.EventID)), line(secret.scrub(p.EventType))
	ev.EventCreateTs, ev.WebhookID = line(secret.scrub(p.EventCreateTs)), line(secret.scrub(p.WebhookID))
	ev.Status, ev.Format = secret.scrub(p.Status()), p.Format
	ev.Notes = safeNotes(p, ev.Body, contentType, secret)
	if n, ok := canonicalInt(p.Attempt); ok {
		ev.Attempt, _ = strconv.Atoi(n)
	}
	if len(p.Data) > 0 {
		ev.Data = inertJSON(secret.scrubJSON(p.Data))
	}
	ev.Verification, ev.Verdict, ev.Cause, ev.Verified = &v, v.Verdict, v.Cause, v.Verified
	ev.Message = v.Message
	return p, nil
}

// safeNotes are p's notes with the secret masked. A note quotes a value
// cut to a readable length, and a cut could leave a piece of the secret
// that masking no longer recognises; so when the body held the secret, the
// notes come from the masked body instead.
func safeNotes(p *Payload, safeBody []byte, contentType string, secret Secret) []Note {
	notes := p.Notes
	if !bytes.Equal(safeBody, p.Body) {
		notes = nil
		if q, err := Parse(safeBody, contentType); err == nil {
			notes = q.Notes
		}
	}
	var out []Note
	for _, n := range notes {
		out = append(out, Note{Code: n.Code, Text: secret.scrub(n.Text)})
	}
	return out
}
