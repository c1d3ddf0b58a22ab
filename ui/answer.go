package ui

import (
	"fmt"
	"strings"
	"time"

	"codedesk/model"
	"codedesk/model/catalog"
	"codedesk/model/jsonx"
	"codedesk/model/safe"
)

// answerView is the last call and what came back, as the detail pane shows
// it under the card of its code.
type answerView struct {
	seq      int // which call: cache key and guard against stale renders
	req      model.Request
	resp     model.Response
	err      error // no envelope: a *model.CallError
	keyMask  string
	keyFrom  string
	insecure bool
	at       time.Time
	// server13 is where a code-13 answer points, when it names a server.
	server13 *model.Server
	// taskID is the background task of a code-100 answer.
	taskID string
	// canKeep says the server of a resend may be kept in the profile
	// (not in the demo, whose sandbox lives only as long as the process).
	canKeep bool
}

// plainDataLimit is the size past which data is shown as plain text:
// glamour takes seconds on megabytes of JSON.
const plainDataLimit = 64 << 10

// bigData reports whether the data goes in the plain view.
func (a *answerView) bigData() bool { return len(a.resp.Data) > plainDataLimit }

// markdown is the answer for glamour in two parts: the summary (the
// method's meaning, the message, tables for 1 and 98/99, what can be done
// next) and data as highlighted JSON, unless it is big.
func (a *answerView) markdown(book *catalog.MethodBook) (summary, data string) {
	var b strings.Builder
	if a.err != nil {
		a.errorMarkdown(&b)
		return b.String(), ""
	}
	r := a.resp
	fmt.Fprintf(&b, "## Ответ\n\n`%s %s` · %s · %d мс · HTTP %d\n\n", a.req.HTTPMethod(), strings.ToLower(a.req.Name()),
		safe.Markdown(a.req.Server.String()), r.Duration.Milliseconds(), r.Status)
	if a.insecure {
		b.WriteString("**Внимание:** сертификат TLS не проверялся (--insecure).\n\n")
	}
	if m, ok := book.Lookup(a.req.Name()); ok {
		if meaning, ok := m.CodeMeaning(r.Code); ok {
			fmt.Fprintf(&b, "**%s:** %s\n\n", m.Name, safe.Markdown(meaning))
		}
	}
	if r.Message != "" {
		fmt.Fprintf(&b, "**message:** %s\n\n", safe.Markdown(safe.Line(r.Message)))
	}
	switch r.Code {
	case 1:
		if fields, ok := model.FieldErrors(r.Data); ok {
			b.WriteString("| Поле | Ошибка |\n|---|---|\n")
			for _, f := range fields {
				fmt.Fprintf(&b, "| %s | %s |\n", safe.Markdown(f.Field), safe.Markdown(f.Message))
			}
			b.WriteString("\n")
		}
	case 98, 99:
		if items, ok := model.BulkItems(r.Data, book); ok {
			failed := 0
			for _, it := range items {
				if it.Code != 0 {
					failed++
				}
			}
			fmt.Fprintf(&b, "Не обработано %d из %d.\n\n| Получатель | Код | Значение |\n|---|---|---|\n", failed, len(items))
			for _, it := range items {
				fmt.Fprintf(&b, "| %s | %d | %s |\n", safe.Markdown(it.Recipient), it.Code, safe.Markdown(it.Meaning))
			}
			b.WriteString("\n")
		}
	case 8, 14:
		fmt.Fprintf(&b, "Ключ `%s` (из %s). ", a.keyMask, safe.Markdown(a.keyFrom))
		if r.Code == 8 {
			b.WriteString("Проверьте, что ключ скопирован целиком, не отозван и относится к этому аккаунту и этому серверу.\n\n")
		} else {
			b.WriteString("Аккаунт заблокирован или удалён: повторы не помогут, клиенту нужно обратиться к менеджеру Mobizon.\n\n")
		}
	}
	if actions := a.actions(); len(actions) > 0 {
		b.WriteString("### Что можно сделать\n\n")
		for _, act := range actions {
			b.WriteString("- " + act + "\n")
		}
		b.WriteString("\n")
	}
	if !a.bigData() && string(r.Data) != "null" {
		pretty := jsonx.Pretty(r.Data)
		fence := codeFence(pretty)
		data = fmt.Sprintf("## data\n\n%sjson\n%s\n%s\n", fence, pretty, fence)
	}
	return b.String(), data
}

// actions are the keys that act on this answer.
func (a *answerView) actions() []string {
	var out []string
	switch a.resp.Code {
	case 100:
		if a.taskID != "" {
			out = append(out, fmt.Sprintf("`p` — следить за задачей %s (taskqueue/getStatus, раз в секунду)", safe.Markdown(a.taskID)))
		}
	case 13:
		if a.server13 != nil {
			act := fmt.Sprintf("`r` — повторить на %s", safe.Markdown(a.server13.String()))
			if a.canKeep {
				act += "; после ответа `s` сохранит сервер в профиле"
			}
			out = append(out, act)
		}
	case 30:
		out = append(out, "`r` — повторить с паузой (каждый новый код 30 удваивает её); уменьшите частоту запросов")
	}
	return out
}

// plainData is the data of a big answer, for the plain view.
func (a *answerView) plainData() string {
	return fmt.Sprintf("data (%d КиБ, без подсветки):\n%s", len(a.resp.Data)>>10, jsonx.Pretty(a.resp.Data))
}

// errorMarkdown explains a call that brought back no envelope.
func (a *answerView) errorMarkdown(b *strings.Builder) {
	ce, _ := model.AsCallError(a.err)
	b.WriteString("# Нет ответа API\n\n")
	fmt.Fprintf(b, "`%s %s` · %s · %d мс\n\n", a.req.HTTPMethod(), strings.ToLower(a.req.Name()), safe.Markdown(a.req.Server.String()), a.resp.Duration.Milliseconds())
	fmt.Fprintf(b, "%s\n\n", safe.Markdown(a.err.Error()))
	if ce == nil {
		return
	}
	hint := map[model.ErrorKind]string{
		model.KindRefused:     "Проверьте адрес и порт сервера: там никто не слушает.",
		model.KindDNS:         "Проверьте имя сервера: api.mobizon.kz, api.mobizon.uz, api.mobizon.com.br, api.mobizon.ua.",
		model.KindTimeout:     "Сервер не ответил вовремя: повторите позже или увеличьте --timeout.",
		model.KindTLS:         "Сертификат не прошёл проверку. Для тестового сервера с самоподписанным сертификатом — --insecure.",
		model.KindStatus:      "API всегда отвечает HTTP 200: этот ответ, скорее всего, от прокси или балансировщика.",
		model.KindRedirect:    "Сервер перенаправляет запрос; возможно, нужен другой домен или https.",
		model.KindNotJSON:     "Пришёл не JSON: страница прокси, портала Wi-Fi или ошибки сервера.",
		model.KindEmpty:       "Сервер закрыл ответ без тела.",
		model.KindTruncated:   "Ответ оборван: повторите запрос; если повторяется — сеть или прокси режут ответ.",
		model.KindNotEnvelope: "Это JSON, но не ответ API {code, data, message}: проверьте адрес сервера.",
		model.KindBadCode:     "Поле code не целое число от 0 до 999: это не ответ API.",
		model.KindTooLarge:    "Ответ больше предела; сузьте запрос (pagination, criteria).",
		model.KindCanceled:    "Запрос отменён клавишей esc.",
	}[ce.Kind]
	if hint != "" {
		fmt.Fprintf(b, "## Что делать\n\n%s\n", hint)
	}
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
