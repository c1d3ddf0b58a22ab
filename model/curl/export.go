package curl

import (
	"fmt"
	"strings"

	"codedesk/model"
	"codedesk/model/safe"
)

// KeyVariable is how an export writes the key: the shell fills it in.
const KeyVariable = "$MOBIZON_API_KEY"

// KeyPlaceholder stands for the key in an export for a server the trust
// rule does not allow: no shell expands it, so running the command as it
// is sends no key there.
const KeyPlaceholder = safe.KeyPlaceholder

// Export is a request as a curl command to hand to someone.
type Export struct {
	Command string
	// Warning, when not "", says why the command carries KeyPlaceholder
	// instead of $MOBIZON_API_KEY: its server is outside the trust rule.
	Warning string
}

// CommandFor is req as a curl command for whoever will run it: with the key
// as $MOBIZON_API_KEY when trust allows the key to go to req's server, and
// otherwise with KeyPlaceholder and a warning, so that pasting the export
// of a customer's request for a foreign host into a shell never hands that
// host the key. The CLI's export and the TUI's copy use it alike.
func CommandFor(req model.Request, trust model.Trust) Export {
	if err := trust.Check(req.Server); err != nil {
		return Export{Command: command(req, KeyPlaceholder), Warning: fmt.Sprintf(
			"%s — не сервер Mobizon API и не сервер из ваших настроек: вместо ключа в команде стоит %s, а не %s, "+
				"чтобы оболочка не отправила туда ваш ключ; подставьте ключ сами, только если доверяете этому серверу",
			req.Server, KeyPlaceholder, KeyVariable)}
	}
	return Export{Command: Command(req)}
}

// Command is req as a curl command, as the API documentation writes
// them, with the key as $MOBIZON_API_KEY (the URL in double quotes so the
// shell expands it). For a request whose server may be foreign, use
// CommandFor.
func Command(req model.Request) string { return command(req, KeyVariable) }

func command(req model.Request, key string) string {
	var b strings.Builder
	u := req.Server.BaseURL() + req.Path() + "?output=json&api=v1&apiKey=" + key
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
