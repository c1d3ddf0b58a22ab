package delivery

import (
	"fmt"
	"strings"

	"codedesk/model/ru"
	"codedesk/model/safe"
)

// InputError is input that cannot be asked about: a number with letters, an
// id that is not a number, a status the table lacks. The CLI shows it as a
// usage error; nothing was sent.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

func inputErrorf(format string, args ...any) *InputError {
	return &InputError{Msg: fmt.Sprintf(format, args...)}
}

// NormalizeNumber reads a phone number (or a part of one, for message/list)
// as people write it: spaces, dashes, dots and brackets are dropped, and a
// leading "+" too, since the API wants digits only. note says what was
// changed, in Russian, or is empty; anything else but digits is an error.
// It is for a number codedesk itself sends normalised (a lookup).
func NormalizeNumber(s string) (digits, note string, err error) {
	digits, dropped, err := digitsOf(s)
	if err == nil && dropped != "" {
		note = fmt.Sprintf("номер приведён к %s: без %s — API принимает только цифры", digits, dropped)
	}
	return digits, note, err
}

// digitsOf is the digits of a number as people write it, and what had to
// go ("«+» и пробелов"), or "" when nothing did.
func digitsOf(s string) (digits, dropped string, err error) {
	trimmed := strings.TrimSpace(s)
	var b strings.Builder
	var plus, spaces, dashes, brackets, dots bool
	for i, r := range trimmed {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			plus = true
		case r == ' ' || r == '\u00a0' || r == '\t':
			spaces = true
		case r == '-':
			dashes = true
		case r == '(' || r == ')':
			brackets = true
		case r == '.':
			dots = true
		default:
			return "", "", inputErrorf("номер %s: недопустимый символ %s, нужны только цифры", safe.Quote(trimmed), safe.Quote(string(r)))
		}
	}
	digits = b.String()
	if digits == "" {
		return "", "", inputErrorf("номер не указан: нужны цифры, например 77001234567")
	}
	var what []string
	for _, w := range []struct {
		had  bool
		name string
	}{{plus, "«+»"}, {spaces, "пробелов"}, {dashes, "дефисов"}, {brackets, "скобок"}, {dots, "точек"}} {
		if w.had {
			what = append(what, w.name)
		}
	}
	return digits, ru.Join(what), nil
}

// country is what a number's international prefix says.
type country struct {
	prefix string
	name   string
	length int // digits of a whole number with the prefix; 0: it varies
}

// countries are the common prefixes of Mobizon's customers, the longest
// first within a shared start (77 before 7).
var countries = []country{
	{"77", "Казахстан", 11}, {"76", "Казахстан", 11}, {"7", "Россия", 11},
	{"998", "Узбекистан", 12}, {"996", "Кыргызстан", 12}, {"992", "Таджикистан", 12},
	{"993", "Туркменистан", 11}, {"994", "Азербайджан", 12}, {"995", "Грузия", 12},
	{"374", "Армения", 11}, {"375", "Беларусь", 12}, {"380", "Украина", 12},
	{"373", "Молдова", 11}, {"55", "Бразилия", 0}, {"90", "Турция", 12},
	{"48", "Польша", 11}, {"49", "Германия", 0}, {"44", "Великобритания", 12},
	{"1", "США или Канада", 11},
}

func countryOf(digits string) (country, bool) {
	for _, c := range countries {
		if strings.HasPrefix(digits, c.prefix) {
			return c, true
		}
	}
	return country{}, false
}

// Recipient is a checked recipient of message/sendSmsMessage.
type Recipient struct {
	Number  string // digits only, as it should be sent; "" when unreadable
	Country string // the country its prefix names, in Russian, or ""
	Notes   []Note
}

// CheckRecipient checks a recipient as the API wants it: digits only, in
// international format (country code first, no 8 or 0 of a local call).
func CheckRecipient(raw string) Recipient {
	const param = "recipient"
	digits, dropped, err := digitsOf(raw)
	if err != nil {
		return Recipient{Notes: []Note{{param, Problem, err.Error()}}}
	}
	r := Recipient{Number: digits}
	// Said, never done: the request goes as written (support staff
	// reproduce a customer's mistakes on purpose). A leading "+" the API
	// takes (sent as %2B); spaces, dashes, brackets and dots are worth a
	// warning (the sandbox answers 1 to them).
	switch {
	case dropped == "«+»":
		r.Notes = append(r.Notes, Note{param, Info, fmt.Sprintf("API ждёт цифры: %s; ведущий «+» он принимает", digits)})
	case dropped != "":
		r.Notes = append(r.Notes, Note{param, Warning, fmt.Sprintf("API ждёт %s: без %s — только цифры", digits, dropped)})
	}
	if p := localFormat(digits); p != "" {
		r.Notes = append(r.Notes, Note{param, Problem, p})
		return r
	}
	c, known := countryOf(digits)
	switch {
	case known && c.length > 0 && len(digits) != c.length:
		r.Notes = append(r.Notes, Note{param, Problem, fmt.Sprintf("номер %s: для страны %s нужно %s, а в нём %d",
			digits, c.name, plural(c.length, "цифра", "цифры", "цифр"), len(digits))})
	case len(digits) < 10 || len(digits) > 15:
		r.Notes = append(r.Notes, Note{param, Problem, fmt.Sprintf("номер %s: в международном формате от 10 до 15 цифр, а в нём %d", digits, len(digits))})
	}
	if known {
		r.Country = c.name
		r.Notes = append(r.Notes, Note{param, Info, fmt.Sprintf("страна получателя: %s (+%s)", c.name, c.prefix)})
	} else {
		r.Notes = append(r.Notes, Note{param, Warning, fmt.Sprintf("код страны номера %s не распознан: проверьте, что номер начинается с кода страны", digits)})
	}
	return r
}

// localFormat names a number written for a local call, or returns "".
func localFormat(d string) string {
	switch {
	case len(d) == 11 && d[0] == '8':
		return fmt.Sprintf("номер %s — в местном формате (8…): в международном он начинается с 7, например 7%s", d, d[1:])
	case len(d) == 10 && d[0] == '7':
		return fmt.Sprintf("в номере %s нет кода страны: для Казахстана — 7%s", d, d)
	case len(d) == 9 && (d[0] == '9' || d[0] == '3' || d[0] == '8' || d[0] == '7' || d[0] == '5'):
		return fmt.Sprintf("в номере %s нет кода страны: для Узбекистана — 998%s", d, d)
	case d[0] == '0':
		return fmt.Sprintf("номер %s начинается с 0 — это местный формат: нужен код страны вместо 0", d)
	}
	return ""
}

// plural picks the Russian form for n: 1 цифра, 2 цифры, 5 цифр, 21 цифра.
func plural(n int, one, few, many string) string {
	m10, m100 := n%10, n%100
	form := many
	switch {
	case m10 == 1 && m100 != 11:
		form = one
	case m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14):
		form = few
	}
	return fmt.Sprintf("%d %s", n, form)
}
