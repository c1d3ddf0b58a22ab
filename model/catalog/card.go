package catalog

import (
	"fmt"
	"strings"

	"codedesk/model/safe"
)

// ClassLabel names a class in Russian, for the card and for plain output.
func ClassLabel(c Class) string {
	switch c {
	case ClassSuccess:
		return "успех"
	case ClassAsync:
		return "фоновая операция"
	case ClassPartial:
		return "частичный успех"
	case ClassClient:
		return "ошибка в запросе"
	case ClassAuth:
		return "ключ или аккаунт"
	case ClassServer:
		return "ошибка на стороне сервиса"
	}
	return "неизвестный код"
}

// CardMarkdown is a code's card as markdown, for glamour: the number and
// title, its class, the description from the table and what to do.
func CardMarkdown(c Code) string {
	head, body := CardMarkdownParts(c)
	return head + body
}

// CardMarkdownParts splits the card after its title and class, so that an
// answer can be shown right under the code it carried.
func CardMarkdownParts(c Code) (head, body string) {
	head = fmt.Sprintf("# %d · %s\n\n*%s*\n\n", c.Number, safe.Markdown(c.Title), safe.Markdown(ClassLabel(c.Class)))
	body = safe.Markdown(c.Description) + "\n\n## Что делать\n\n" + safe.Markdown(c.Hint) + "\n"
	return head, body
}

// CardText is the same card as plain text, for pipes, files and NO_COLOR.
func CardText(c Code) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d · %s\n", c.Number, c.Title)
	fmt.Fprintf(&b, "Класс: %s\n\n", ClassLabel(c.Class))
	b.WriteString(c.Description)
	b.WriteString("\n\nЧто делать: ")
	b.WriteString(c.Hint)
	b.WriteString("\n")
	return b.String()
}
