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

// Text is the reply about x, ready to paste into a ticket.
func Text(x model.Explanation) string {
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
	b.WriteString("\nЗапрос, как он был отправлен (вместо ключа API — переменная $MOBIZON_API_KEY):\n\n")
	b.WriteString(safe.Text(curl.Command(x.Request)))
	b.WriteString("\n")
	return b.String()
}
