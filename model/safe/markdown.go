package safe

import "strings"

var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `#`, `\#`, `|`, `\|`, `~`, `\~`,
)

// Markdown makes text safe to place in markdown: it is shown as
// written, never read as emphasis, links, HTML or headings.
func Markdown(s string) string {
	return markdownEscaper.Replace(s)
}
