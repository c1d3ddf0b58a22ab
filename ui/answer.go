package ui

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"codedesk/model"
	"codedesk/model/catalog"
	"codedesk/model/jsonx"
	"codedesk/model/safe"
)

// This file turns a model.Explanation into what the detail pane and the
// status line show. It decides nothing: which actions apply, what a code
// means and whether the call succeeded all come from the Explanation.

// shownAnswer is an answer on screen, numbered so the detail pane can
// cache its rendering.
type shownAnswer struct {
	id int
	x  model.Explanation
	// keyMask and keyFrom describe the key the call went with.
	keyMask, keyFrom string
	insecure         bool
	// taskStatus names the state a getStatus answer reports.
	taskStatus string
	// kept says where the server of the answer was saved (s), once it is:
	// that action is done, no longer offered.
	kept string
}

// newShownAnswer is answer number id as ctx shows it.
func newShownAnswer(ctx *Context, id int, x model.Explanation, insecure bool) *shownAnswer {
	a := &shownAnswer{id: id, x: x, keyMask: safe.MaskKey(ctx.Settings.Key), keyFrom: ctx.Settings.KeySource, insecure: insecure}
	if x.Task != nil {
		a.taskStatus = ctx.Methods().TaskStatusName(x.Task.Status)
	}
	return a
}

// plainDataLimit is the size past which data is shown as plain text:
// glamour takes seconds on megabytes of JSON.
const plainDataLimit = 64 << 10

// plainShowLimit is the most data text the plain view shows; the rest is
// cut, and the cut said.
const plainShowLimit = 256 << 10

// bigData reports whether the data goes in the plain view.
func (a *shownAnswer) bigData() bool { return len(a.x.Response.Data) > plainDataLimit }

// nbsp joins a number to its unit, so that wrapping never parts them
// («9 мс», not «9» at a line's end and «мс» on the next).
const nbsp = "\u00a0"

// together is a count ("2 сегмента") kept on one line.
func together(count string) string { return strings.Replace(count, " ", nbsp, 1) }

// actionKeyText is how the TUI offers each action: its key and what it does.
var actionKeyText = map[model.Action]string{
	model.ActionFollowTask:    "p",
	model.ActionWatchDelivery: "w",
	model.ActionResend:        "r",
	model.ActionRetryLater:    "r",
	model.ActionKeepServer:    "s",
}

// methodName is the method as the docs write it, or as sent when unknown.
func methodName(x model.Explanation) string {
	if x.Method != nil {
		return x.Method.Name
	}
	return x.Request.Name()
}

// markdown is the answer for glamour in two parts: the summary (what the
// code means for the method, the message, field errors, recipients, what
// can be done next) and data as highlighted JSON, unless it is big.
// after is markdown to show right under the call's line: a watched
// message's way, which must be in sight while it changes.
func (a *shownAnswer) markdown(after string) (summary, data string) {
	x := a.x
	var b strings.Builder
	if x.NoAnswer != nil {
		a.noAnswerMarkdown(&b)
		return b.String(), ""
	}
	r := x.Response
	fmt.Fprintf(&b, "## Ответ\n\n`%s %s` · %s · %d"+nbsp+"мс · HTTP"+nbsp+"%d\n\n", x.Request.HTTPMethod(), safe.Markdown(methodName(x)),
		safe.Markdown(x.Request.Server.String()), r.Duration.Milliseconds(), r.Status)
	b.WriteString(after)
	if a.insecure {
		b.WriteString("**Внимание:** сертификат TLS не проверялся (--insecure).\n\n")
	}
	if x.Meaning != "" {
		fmt.Fprintf(&b, "**%s:** %s\n\n", safe.Markdown(methodName(x)), safe.Markdown(x.Meaning))
	}
	// A task's state first: a rejection's reason is its message.
	if x.Task != nil {
		fmt.Fprintf(&b, "**Задача:** %s, %d%%\n\n", safe.Markdown(a.taskStatus), x.Task.Progress)
	}
	if x.Message != "" {
		fmt.Fprintf(&b, "**message:** %s\n\n", safe.Markdown(x.Message))
	}
	writeTables(&b, x)
	if x.Code.Class == catalog.ClassAuth && a.keyMask != "" {
		fmt.Fprintf(&b, "Ключ `%s` (из %s).\n\n", a.keyMask, safe.Markdown(a.keyFrom))
	}
	for _, adv := range x.Advice {
		b.WriteString(safe.Markdown(adv) + "\n\n")
	}
	if acts := a.actionLines(); len(acts) > 0 {
		b.WriteString("### Что можно сделать\n\n")
		for _, act := range acts {
			b.WriteString("- " + act + "\n")
		}
		b.WriteString("\n")
	}
	if !a.bigData() && len(r.Data) > 0 && string(r.Data) != "null" {
		pretty := safe.Scrub(jsonx.Pretty(r.Data), "") // a key the data names, masked as the history keeps it
		fence := codeFence(pretty)
		data = fmt.Sprintf("## data\n\n%sjson\n%s\n%s\n", fence, pretty, fence)
	}
	return b.String(), data
}

// writeTables writes the field errors and the per-recipient results.
func writeTables(b *strings.Builder, x model.Explanation) {
	if len(x.Fields) > 0 {
		b.WriteString("| Поле | Ошибка |\n|---|---|\n")
		for _, f := range x.Fields {
			fmt.Fprintf(b, "| %s | %s |\n", safe.Markdown(f.Field), safe.Markdown(f.Message))
		}
		b.WriteString("\n")
	}
	if len(x.Items) > 0 {
		fmt.Fprintf(b, "Не обработано %d из %d.\n\n| Получатель | Код | Значение |\n|---|---|---|\n", x.ItemsFailed, len(x.Items))
		for _, it := range x.Items {
			fmt.Fprintf(b, "| %s | %d | %s |\n", safe.Markdown(it.Recipient), it.Code, safe.Markdown(it.Meaning))
		}
		b.WriteString("\n")
	}
}

// actionLines are the actions the answer offers, with the keys that start
// them.
func (a *shownAnswer) actionLines() []string {
	var out []string
	for _, act := range a.x.Actions {
		k, ok := actionKeyText[act]
		if !ok {
			continue // no key for it in the TUI yet
		}
		if act == model.ActionKeepServer && a.kept != "" {
			out = append(out, safe.Markdown(a.kept))
			continue
		}
		line := fmt.Sprintf("`%s` — %s", k, safe.Markdown(a.x.Describe(act)))
		if act == model.ActionResend {
			line += "; после ответа `s` сохранит сервер в профиле"
		}
		out = append(out, line)
	}
	return out
}

// plain is the summary as plain text: the same facts as the markdown, for
// the instant card and for answers too big for glamour.
func (a *shownAnswer) plain() string {
	x := a.x
	var b strings.Builder
	fmt.Fprintf(&b, "Ответ: %s %s · %s · %d"+nbsp+"мс\n", x.Request.HTTPMethod(), methodName(x), x.Request.Server, x.Response.Duration.Milliseconds())
	if x.Meaning != "" {
		fmt.Fprintf(&b, "%s: %s\n", methodName(x), x.Meaning)
	}
	if x.Task != nil {
		fmt.Fprintf(&b, "Задача: %s, %d%%\n", a.taskStatus, x.Task.Progress)
	}
	if x.Message != "" {
		fmt.Fprintf(&b, "message: %s\n", x.Message)
	}
	for _, f := range x.Fields {
		fmt.Fprintf(&b, "  %s: %s\n", f.Field, f.Message)
	}
	for _, it := range x.Items {
		fmt.Fprintf(&b, "  %s  %d  %s\n", it.Recipient, it.Code, it.Meaning)
	}
	for _, adv := range x.Advice {
		b.WriteString(adv + "\n")
	}
	for _, line := range a.actionLines() {
		b.WriteString(strings.ReplaceAll(line, "`", "") + "\n")
	}
	return b.String()
}

// noAnswerMarkdown explains a call that brought back no envelope.
func (a *shownAnswer) noAnswerMarkdown(b *strings.Builder) {
	x := a.x
	b.WriteString("# Нет ответа API\n\n")
	fmt.Fprintf(b, "`%s %s` · %s · %d"+nbsp+"мс\n\n", x.Request.HTTPMethod(), safe.Markdown(methodName(x)),
		safe.Markdown(x.Request.Server.String()), x.Response.Duration.Milliseconds())
	fmt.Fprintf(b, "%s\n\n", safe.Markdown(safe.Text(x.NoAnswer.Error())))
	if len(x.Advice) > 0 {
		b.WriteString("## Что делать\n\n")
		for _, adv := range x.Advice {
			b.WriteString(safe.Markdown(adv) + "\n\n")
		}
	}
}

// plainData is the data of a big answer, for the plain view: indented,
// and cut past plainShowLimit with a note naming the data's whole size, as
// the CLI's (it is indented and cut in one pass: cutting an already cut
// text named the first cut's size, not the answer's).
func plainData(data json.RawMessage) string {
	return fmt.Sprintf("data (%d КиБ, без подсветки):\n%s", len(data)>>10, safe.Scrub(jsonx.PrettyLimit(data, plainShowLimit), ""))
}

// cutText keeps the first limit bytes of s at a rune boundary and says
// how much was left out.
func cutText(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + jsonx.CutNote(cut, len(s))
}

// codeFence is a fence longer than any run of backticks in s, so that
// data from the server cannot close its own code block.
func codeFence(s string) string {
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}

// answerStatus is the status line's summary of an answer, how it looks
// and the action key it offers; retryIn is the pause a retry after a 30
// would wait.
func answerStatus(x model.Explanation, retryIn int) (kind statusKind, text, hint string) {
	kind = map[model.Severity]statusKind{model.SeverityOK: statusOK, model.SeverityWarn: statusWarn, model.SeverityError: statusError}[x.Severity()]
	if x.NoAnswer != nil {
		if x.Outcome() == model.OutcomeCanceled {
			return kind, "запрос отменён", ""
		}
		return kind, "нет ответа API: " + x.NoAnswer.Error(), ""
	}
	text = fmt.Sprintf("код %d · %s · %d"+nbsp+"мс", x.Code.Number, x.Code.Title, x.Response.Duration.Milliseconds())
	for _, act := range x.Actions {
		switch act {
		case model.ActionFollowTask:
			return kind, text, "p — следить за задачей"
		case model.ActionWatchDelivery:
			return kind, text, "w — следить за доставкой"
		case model.ActionResend:
			return kind, text, "r — повторить на " + x.WrongServer.String()
		case model.ActionRetryLater:
			return kind, text, fmt.Sprintf("r — повторить через %d с", retryIn)
		case model.ActionKeepServer:
			return kind, text, "s — сохранить сервер в профиле"
		}
	}
	return kind, text, ""
}
