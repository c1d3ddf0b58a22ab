package curl

import (
	"strings"

	"codedesk/model"
)

// KeyVariable is how an export writes the key: the shell fills it in.
const KeyVariable = "$MOBIZON_API_KEY"

// Command is req as a curl command, as the API documentation writes
// them, with the key as $MOBIZON_API_KEY (the URL in double quotes so the
// shell expands it).
func Command(req model.Request) string {
	var b strings.Builder
	u := req.Server.BaseURL() + req.Path() + "?output=json&api=v1&apiKey=" + KeyVariable
	if req.HTTPMethod() == "POST" {
		b.WriteString("curl -X POST \\\n  ")
	} else {
		b.WriteString("curl ")
	}
	b.WriteString(`"` + u + `"`)
	if req.HTTPMethod() == "POST" {
		b.WriteString(" \\\n  -H 'content-type: application/x-www-form-urlencoded' \\\n  -d ")
		b.WriteString(shellQuote(req.Body()))
	}
	return b.String()
}

// shellQuote single-quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
