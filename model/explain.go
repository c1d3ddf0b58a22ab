package model

import (
	"encoding/json"
	"fmt"
	"strings"

	"codedesk/model/catalog"
	"codedesk/model/jsonx"
	"codedesk/model/safe"
	"codedesk/model/syserr"
)

// Action is something an answer lets the user do next. The TUI binds each
// to a key and the CLI to a flag or a command; only Explain decides which
// apply.
type Action string

// The actions an answer can offer.
const (
	ActionFollowTask    Action = "follow-task"    // 100: poll taskqueue/getStatus to the end
	ActionResend        Action = "resend"         // 13: send again to the server data names
	ActionRetryLater    Action = "retry-later"    // 30: send again after a growing pause
	ActionKeepServer    Action = "keep-server"    // a resend after a 13 worked: keep that server
	ActionWatchDelivery Action = "watch-delivery" // an SMS was accepted: watch its delivery
)

// Outcome is what an exchange means for a script: the CLI turns it into an
// exit status in one place.
type Outcome int

// The outcomes of an exchange.
const (
	OutcomeSucceeded Outcome = iota // the API did what was asked (0, 100)
	OutcomeFailed                   // the API answered with a code that means no
	OutcomeNoAnswer                 // no envelope came back
	OutcomeCanceled                 // the user cancelled before an answer
)

// Severity is how an answer should look: fine, worth a look, or wrong.
type Severity int

// The severities, mildest first.
const (
	SeverityOK Severity = iota
	SeverityWarn
	SeverityError
)

// Exchange is one call and what came of it, the input of Explain.
type Exchange struct {
	Request  Request
	Response Response
	Err      error // no envelope came back (a *CallError), or nil
	// ResentAfter13 says this call resent a code-13 call to the server
	// that answer named, so a success here may be kept in the profile.
	ResentAfter13 bool
}

// Explanation is everything codedesk knows about one answer, for the TUI
// and the CLI to render. Every text in it is inert (safe to print).
type Explanation struct {
	Exchange
	// NoAnswer is the call error when no envelope came back.
	NoAnswer *CallError
	// Code is the answer's code with its card (an unknown-code placeholder
	// for a number the table lacks).
	Code catalog.Code
	// Method is what we know of the method called, if anything.
	Method *catalog.Method
	// Meaning is what this code means for this method, when the docs say
	// more than the general table.
	Meaning string
	// Message is the server's message, inert, on one line.
	Message string
	// Fields are the field errors of a code-1 answer.
	Fields []FieldError
	// Items are the per-recipient results of a 98/99 answer; ItemsFailed
	// counts those with a code other than 0.
	Items       []BulkItem
	ItemsFailed int
	// TaskID is the background task of a code-100 answer, inert.
	TaskID string
	// Task is the state a taskqueue/getStatus answer reports.
	Task *TaskState
	// WrongServerNamed is what a code-13 answer's data names, inert; set
	// even when the trust rule refuses it. WrongServer is set only when the
	// key may go there; otherwise WrongServerRefused says why not.
	WrongServerNamed   string
	WrongServer        *Server
	WrongServerRefused string
	// MessageIDs are the SMS a send accepted, to watch their delivery.
	MessageIDs []string
	// Actions are what the user can do next, in the order to offer them.
	Actions []Action
	// Advice is what else to tell the user about this answer (the key for
	// 8 and 14, why a 13's server is not offered, what to do when no
	// answer came).
	Advice []string
}

// Explainer explains answers with the catalog, the methods book and the
// trust rule.
type Explainer struct {
	Catalog *catalog.Catalog
	Methods *catalog.MethodBook
	Trust   Trust
}

// Explain is the one place that decides what an answer means and which
// actions apply.
func (e Explainer) Explain(x Exchange) Explanation {
	out := Explanation{Exchange: x}
	if m, ok := e.Methods.Lookup(x.Request.Name()); ok {
		out.Method = &m
	}
	if x.Err != nil {
		out.NoAnswer = asCallError(x.Err)
		if hint := noAnswerHint(out.NoAnswer.Kind); hint != "" {
			out.Advice = append(out.Advice, hint)
		}
		return out
	}
	r := x.Response
	out.Code = e.Catalog.Describe(r.Code)
	out.Message = safe.Line(safe.Scrub(r.Message, "")) // a key the server's text names, masked as the history keeps it
	if out.Method != nil {
		out.Meaning, _ = out.Method.CodeMeaning(r.Code)
	}
	e.readData(&out)
	out.Actions = e.actions(&out)
	return out
}

// asCallError keeps a typed error, and wraps any other so that every
// no-answer explanation has a kind.
func asCallError(err error) *CallError {
	if ce, ok := AsCallError(err); ok {
		return ce
	}
	return &CallError{Kind: KindNetwork, Msg: safe.Line(syserr.Sentence(err))}
}

// readData reads what the code's data holds.
func (e Explainer) readData(out *Explanation) {
	r, req := out.Response, out.Request
	switch r.Code {
	case 0:
		if strings.EqualFold(req.Name(), TaskStatusMethod) {
			if st, err := ParseTaskState(r.Data); err == nil {
				out.Task = &st
			}
		}
		if strings.EqualFold(req.Name(), SendSMSMethod) {
			if id := messageID(r.Data); id != "" {
				out.MessageIDs = []string{id}
			}
		}
	case 1:
		out.Fields, _ = FieldErrors(r.Data)
	case 13:
		e.readWrongServer(out)
	case 98, 99:
		out.Items, _ = BulkItems(r.Data, e.Methods)
		for _, it := range out.Items {
			if it.Code != 0 {
				out.ItemsFailed++
			}
		}
	case 100:
		if id, err := TaskID(r.Data); err == nil {
			out.TaskID = safe.Line(id)
		}
	case 8:
		out.Advice = append(out.Advice, "Проверьте, что ключ скопирован целиком, не отозван и относится к этому аккаунту и этому серверу.")
	case 14:
		out.Advice = append(out.Advice, "Аккаунт заблокирован или удалён: повторы не помогут, клиенту нужно обратиться к менеджеру Mobizon.")
	}
}

// readWrongServer reads the server a 13 names and asks the trust rule
// whether the key may follow it there.
func (e Explainer) readWrongServer(out *Explanation) {
	answered := out.Request.Server
	srv, ok := WrongServerDomain(out.Response.Data, answered)
	if !ok {
		out.WrongServerNamed = jsonx.Scalar(out.Response.Data)
		if out.WrongServerNamed != "" {
			out.WrongServerRefused = safe.Quote(out.WrongServerNamed) + " — не адрес сервера API"
			out.Advice = append(out.Advice, "Сервер в ответе не распознан: "+out.WrongServerRefused+".")
		}
		return
	}
	out.WrongServerNamed = srv.String()
	switch {
	case answered.Scheme == "https" && srv.Scheme != "https":
		out.WrongServerRefused = fmt.Sprintf("%s — переход с https на http: ключ пошёл бы открытым текстом", srv)
	case !e.Trust.Allows(srv):
		// Not the trust rule's usual "run with --server": this host was
		// named by a server's answer, and the advice must not be to trust it.
		out.WrongServerRefused = fmt.Sprintf("%s — не сервер Mobizon API и не сервер из ваших настроек, а ключ не уходит туда, "+
			"куда его зовёт ответ сервера; узнайте правильный домен аккаунта у клиента или в личном кабинете Mobizon", srv)
	default:
		out.WrongServer = &srv
		return
	}
	out.Advice = append(out.Advice, "Повтор на сервер из ответа не предлагается: "+out.WrongServerRefused+".")
}

// actions are what the answer lets the user do next.
func (e Explainer) actions(out *Explanation) []Action {
	var acts []Action
	switch out.Response.Code {
	case 100:
		if out.TaskID != "" {
			acts = append(acts, ActionFollowTask)
		}
	case 13:
		if out.WrongServer != nil {
			acts = append(acts, ActionResend)
		}
	case 30:
		acts = append(acts, ActionRetryLater)
	}
	if len(out.MessageIDs) > 0 {
		acts = append(acts, ActionWatchDelivery)
	}
	if out.ResentAfter13 && out.Response.Code != 13 && out.Succeeded() {
		acts = append(acts, ActionKeepServer)
	}
	return acts
}

// TaskRejected reports a taskqueue/getStatus answer saying the API
// rejected the task (status 3): the call went through, the task did not.
func (x Explanation) TaskRejected() bool {
	return x.NoAnswer == nil && x.Task != nil && x.Task.Status == TaskRejected
}

// Succeeded reports an answer that did what was asked (see AnswerSucceeded).
func (x Explanation) Succeeded() bool {
	return x.NoAnswer == nil && AnswerSucceeded(x.Request.Name(), x.Response.Code, x.Response.Data)
}

// Outcome is what the exchange means for a script.
func (x Explanation) Outcome() Outcome {
	switch {
	case x.NoAnswer != nil && x.NoAnswer.Kind == KindCanceled:
		return OutcomeCanceled
	case x.NoAnswer != nil:
		return OutcomeNoAnswer
	case x.Succeeded():
		return OutcomeSucceeded
	}
	return OutcomeFailed
}

// Severity is how the answer should look: partial success and "too often"
// are worth a look, other failures are wrong.
func (x Explanation) Severity() Severity {
	switch {
	case x.NoAnswer != nil && x.NoAnswer.Kind == KindCanceled:
		return SeverityWarn
	case x.NoAnswer != nil:
		return SeverityError
	case x.Code.Class == catalog.ClassPartial || x.Response.Code == 30:
		return SeverityWarn
	case !x.Succeeded():
		return SeverityError
	}
	return SeverityOK
}

// Offers reports whether action a applies.
func (x Explanation) Offers(a Action) bool {
	for _, have := range x.Actions {
		if have == a {
			return true
		}
	}
	return false
}

// Describe says in Russian what action a does for this answer, without the
// key or flag that starts it (the TUI and the CLI add their own).
func (x Explanation) Describe(a Action) string {
	switch a {
	case ActionFollowTask:
		return fmt.Sprintf("следить за задачей %s (taskqueue/getStatus, раз в секунду)", x.TaskID)
	case ActionResend:
		if x.WrongServer != nil {
			return "повторить на " + x.WrongServer.String()
		}
	case ActionRetryLater:
		return "повторить с паузой (каждый новый код 30 удваивает её); уменьшите частоту запросов"
	case ActionKeepServer:
		return "сохранить сервер " + x.Request.Server.String() + " в профиле"
	case ActionWatchDelivery:
		return "следить за доставкой сообщения " + strings.Join(x.MessageIDs, ", ")
	}
	return ""
}

// TaskStatusName names the state of a task a getStatus answer reports.
func (e Explainer) TaskStatusName(st TaskState) string {
	return e.Methods.TaskStatusName(st.Status)
}

// SendSMSMethod sends one SMS; its answer names the message to watch.
const SendSMSMethod = "message/sendSmsMessage"

// messageID reads data.messageId of a sendSmsMessage answer.
func messageID(data json.RawMessage) string {
	var obj map[string]json.RawMessage
	if json.Unmarshal(data, &obj) != nil {
		return ""
	}
	return jsonx.Scalar(obj["messageId"])
}

// noAnswerHint says what to do when no envelope came back.
func noAnswerHint(k ErrorKind) string {
	return map[ErrorKind]string{
		KindRefused:     "Проверьте адрес и порт сервера: там никто не слушает.",
		KindDNS:         "Проверьте имя сервера: " + strings.Join(MobizonAPIHosts[:4], ", ") + ".",
		KindTimeout:     "Сервер не ответил вовремя: повторите позже или увеличьте --timeout.",
		KindTLS:         "Сертификат не прошёл проверку. Для тестового сервера с самоподписанным сертификатом — --insecure.",
		KindStatus:      "API всегда отвечает HTTP 200: этот ответ, скорее всего, от прокси или балансировщика.",
		KindRedirect:    "Сервер перенаправляет запрос; возможно, нужен другой домен или https.",
		KindNotJSON:     "Пришёл не JSON: страница прокси, портала Wi-Fi или ошибки сервера.",
		KindEmpty:       "Сервер закрыл ответ без тела.",
		KindTruncated:   "Ответ оборван: повторите запрос; если повторяется — сеть или прокси режут ответ.",
		KindNotEnvelope: "Это JSON, но не ответ API {code, data, message}: проверьте адрес сервера.",
		KindBadCode:     "Поле code не целое число от 0 до 999: это не ответ API.",
		KindTooLarge:    "Ответ больше предела; сузьте запрос (pagination, criteria).",
		KindCanceled:    "Запрос отменён.",
		KindUntrusted:   "Ключ уходит только на серверы Mobizon API, на серверы из ваших настроек и на песочницу.",
	}[k]
}
