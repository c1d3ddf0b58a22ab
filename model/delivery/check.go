package delivery

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"codedesk/model"
	"codedesk/model/safe"
)

// Severity says how much a note matters before sending.
type Severity int

// The severities of a note, mildest first.
const (
	Info    Severity = iota // worth knowing: the encoding, the country
	Warning                 // sent, but maybe not as meant: many segments
	Problem                 // the API will refuse it, or it cannot arrive
)

var severityNames = [...]string{Info: "info", Warning: "warning", Problem: "problem"}

// String is a stable name for scripts.
func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return "unknown"
}

// MarshalJSON writes the stable name.
func (s Severity) MarshalJSON() ([]byte, error) { return strconv.AppendQuote(nil, s.String()), nil }

// Note is one finding about a parameter of message/sendSmsMessage, in
// Russian.
type Note struct {
	Param    string   `json:"param"` // recipient, text, params[validity], …
	Severity Severity `json:"severity"`
	Text     string   `json:"text"`
}

// The documented bounds of message/sendSmsMessage's parameters.
const (
	MinValidity = 60   // minutes
	MaxValidity = 1440 // minutes: one day
	MinDeferral = time.Hour
	MaxDeferral = 14 * 24 * time.Hour
	// manySegments is where a text's cost deserves a warning.
	manySegments = 4
)

// SendCheck is what CheckSend found.
type SendCheck struct {
	Segments  Segments  // of the text parameter
	Recipient Recipient // of the recipient parameter; zero when there is none
	Notes     []Note    // every finding, in the order of the parameters
}

// HasProblems reports a finding the API would refuse, or that stops the
// message arriving.
func (c SendCheck) HasProblems() bool {
	for _, n := range c.Notes {
		if n.Severity == Problem {
			return true
		}
	}
	return false
}

// CheckSend checks the parameters of a message/sendSmsMessage call before it
// is sent: the recipient (digits, international format, the country), the
// text (encoding and segments), params[validity] (60–1440 minutes),
// params[deferredToTs] (from an hour to 14 days after now, read in now's
// time zone) and params[shortenLinks] (0 or 1). now is injected so the
// deferral check is testable.
func CheckSend(params []model.Param, now time.Time) SendCheck {
	var c SendCheck
	seen := map[string]bool{}
	for _, p := range params {
		key := p.Key
		if seen[key] {
			c.Notes = append(c.Notes, Note{key, Warning, fmt.Sprintf("параметр %s указан дважды: сервер возьмёт одно из значений", safe.Line(key))})
			continue
		}
		seen[key] = true
		switch key {
		case "recipient":
			c.Recipient = CheckRecipient(p.Value)
			c.Notes = append(c.Notes, c.Recipient.Notes...)
		case "text":
			c.Segments = CountSegments(p.Value)
			c.Notes = append(c.Notes, textNotes(c.Segments)...)
		case "from":
			if v := strings.TrimSpace(p.Value); v != "" {
				c.Notes = append(c.Notes, Note{key, Info, fmt.Sprintf("имя отправителя «%s» должно быть зарегистрировано для страны и оператора получателя: иначе сообщение уйдёт от общего имени или получит статус REJECTD", safe.Line(v))})
			}
		case "params[validity]":
			c.Notes = append(c.Notes, validityNotes(p.Value)...)
		case "params[deferredToTs]":
			c.Notes = append(c.Notes, deferralNotes(p.Value, now)...)
		case "params[shortenLinks]":
			if v := strings.TrimSpace(p.Value); v != "0" && v != "1" {
				c.Notes = append(c.Notes, Note{key, Problem, fmt.Sprintf("params[shortenLinks] = %s: допустимо 0 или 1", safe.Quote(v))})
			}
		}
	}
	for _, required := range []string{"recipient", "text"} {
		if !seen[required] {
			c.Notes = append(c.Notes, Note{required, Problem, fmt.Sprintf("нет параметра %s: API ответит кодом 11", required)})
		}
	}
	return c
}

// CheckText is the text part of CheckSend, for `codedesk sms check TEXT`:
// its segments and what is worth saying about them (an empty text, the
// characters that made it UCS-2, a long text).
func CheckText(text string) (Segments, []Note) {
	s := CountSegments(text)
	return s, textNotes(s)
}

func textNotes(s Segments) []Note {
	const param = "text"
	if s.Characters == 0 {
		return []Note{{param, Problem, "текст пуст: API его не примет"}}
	}
	notes := []Note{{param, Info, fmt.Sprintf("%s, %s (%d из %d)", s.Encoding,
		plural(s.Segments, "сегмент", "сегмента", "сегментов"), s.Characters, s.Limit)}}
	if s.Encoding == EncodingUCS2 && len(s.NonGSM) > 0 && !hasCyrillic(s.NonGSM) {
		var shown []string
		for _, r := range s.NonGSM {
			shown = append(shown, "«"+safe.Line(string(r))+"»")
		}
		notes = append(notes, Note{param, Warning, fmt.Sprintf("текст уходит в UCS-2 (70 символов в сегменте вместо 160) из-за %s: замените эти символы, и он станет GSM-7", strings.Join(shown, ", "))})
	}
	if s.Segments >= manySegments {
		notes = append(notes, Note{param, Warning, fmt.Sprintf("длинный текст: %s, каждый оплачивается отдельно, и часть из них может не дойти (PDLIVRD)",
			plural(s.Segments, "сегмент", "сегмента", "сегментов"))})
	}
	return notes
}

func hasCyrillic(rs []rune) bool {
	for _, r := range rs {
		if r >= 0x400 && r <= 0x4FF {
			return true
		}
	}
	return false
}

func validityNotes(v string) []Note {
	const param = "params[validity]"
	n, err := strconv.Atoi(strings.TrimSpace(v))
	switch {
	case err != nil:
		return []Note{{param, Problem, fmt.Sprintf("params[validity] = %s: нужно целое число минут от %d до %d", safe.Quote(v), MinValidity, MaxValidity)}}
	case n < MinValidity || n > MaxValidity:
		return []Note{{param, Problem, fmt.Sprintf("params[validity] = %d: срок жизни — от %d до %d минут (не больше суток)", n, MinValidity, MaxValidity)}}
	}
	return nil
}

func deferralNotes(v string, now time.Time) []Note {
	const param = "params[deferredToTs]"
	at, err := time.ParseInLocation(TimeLayout, strings.TrimSpace(v), now.Location())
	if err != nil {
		return []Note{{param, Problem, fmt.Sprintf("params[deferredToTs] = %s: нужны дата и время вида %s, например %s",
			safe.Quote(v), TimeLayoutWords, now.Add(2*time.Hour).Truncate(time.Hour).Format(TimeLayout))}}
	}
	ahead := at.Sub(now)
	switch {
	case ahead < MinDeferral:
		return []Note{{param, Problem, fmt.Sprintf("params[deferredToTs] = %s: отложить можно не меньше чем на час вперёд (сейчас %s)", at.Format(TimeLayout), now.Format(TimeLayout))}}
	case ahead > MaxDeferral:
		return []Note{{param, Problem, fmt.Sprintf("params[deferredToTs] = %s: отложить можно не больше чем на 14 дней вперёд (сейчас %s)", at.Format(TimeLayout), now.Format(TimeLayout))}}
	}
	return []Note{{param, Info, fmt.Sprintf("отправка отложена до %s", at.Format(TimeLayout))}}
}
