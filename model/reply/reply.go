// Package reply writes what a support engineer sends back to a customer
// about one answer: in Russian, the code and its title, what it means for
// that method, what to do, and the request as sent — never with a key.
package reply

import (
	"fmt"
	"strings"

	"codedesk/model"
	"codedesk/model/curl"
	"codedesk/model/safe"
)

// Text is the reply about x, ready to paste into a ticket, with the key as
// $MOBIZON_API_KEY. See TextFor.
func Text(x model.Explanation) string {
	req, _ := x.Request.WithoutKeyParams()
	return text(x, curl.Export{Command: curl.Command(req)})
}

// TextFor is the reply about x for a request whose server may be foreign:
// its curl carries the key as $MOBIZON_API_KEY where trust lets the key go,
// and as curl.KeyPlaceholder elsewhere (curl.CommandFor). Neither form
// ever carries a key-named parameter of the request (model.IsKeyParam).
func TextFor(x model.Explanation, trust model.Trust) string {
	req, _ := x.Request.WithoutKeyParams()
	return text(x, curl.CommandFor(req, trust))
}

// text is the reply about x with export as the request sent.
func text(x model.Explanation, export curl.Export) string {
	var b strings.Builder
	b.WriteString("Здравствуйте!\n\n")
	name := x.Request.Name()
	if x.Method != nil {
		name = x.Method.Name
	}
	if x.NoAnswer != nil {
		fmt.Fprintf(&b, "Запрос %s не получил ответа API: %s.\n", name, strings.TrimSuffix(safe.Line(x.NoAnswer.Error()), "."))
		for _, a := range x.Advice {
			fmt.Fprintf(&b, "%s\n", a)
		}
	} else {
		fmt.Fprintf(&b, "На запрос %s API ответил кодом %d — «%s».\n", name, x.Code.Number, x.Code.Title)
		if x.Meaning != "" {
			fmt.Fprintf(&b, "Для %s это значит: %s\n", name, x.Meaning)
		} else if x.Code.Description != "" {
			b.WriteString(x.Code.Description + "\n")
		}
		if x.Message != "" {
			fmt.Fprintf(&b, "Сообщение API: «%s».\n", x.Message)
		}
		for _, f := range x.Fields {
			fmt.Fprintf(&b, "  %s: %s\n", f.Field, f.Message)
		}
		if x.Code.Hint != "" {
			fmt.Fprintf(&b, "\nЧто сделать: %s\n", x.Code.Hint)
		}
	}
	stands := "переменная " + curl.KeyVariable
	if export.Warning != "" {
		stands = curl.KeyPlaceholder
	}
	fmt.Fprintf(&b, "\nЗапрос, как он был отправлен (вместо ключа API — %s):\n\n", stands)
	b.WriteString(safe.Text(export.Command))
	b.WriteString("\n")
	return b.String()
}
