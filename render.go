package main

import (
	"cmp"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/catalog"
	"codedesk/model/jsonx"
	"codedesk/model/safe"
)

// The command line renders the domain's Explanation and never reads a
// response code itself: what an answer means, what applies next and how
// it ends for a script all come from model.Explain.

// answerView is how much of an explanation to print.
type answerView struct {
	tty    bool // a person reads it: add the «Что делать» hint
	waited bool // the task was followed (--wait): do not suggest it
}

// printAnswer prints an explained answer for people.
func printAnswer(w io.Writer, x model.Explanation, v answerView) {
	fmt.Fprintln(w, codeHeader(x.Code))
	if x.Meaning != "" {
		fmt.Fprintf(w, "%s: %s\n", methodName(x), x.Meaning)
	}
	if x.Message != "" {
		fmt.Fprintf(w, "message: %s\n", x.Message)
	}
	printFields(w, x.Fields)
	printItems(w, x.Items)
	if x.WrongServerNamed != "" {
		fmt.Fprintf(w, "сервер в ответе: %s\n", x.WrongServerNamed)
	}
	for _, a := range x.Actions {
		if a == model.ActionFollowTask && v.waited {
			continue
		}
		if how := cliHow(x, a); how != "" {
			fmt.Fprintf(w, "дальше: %s — %s\n", x.Describe(a), how)
		} else {
			fmt.Fprintf(w, "дальше: %s\n", x.Describe(a))
		}
	}
	if data := string(x.Response.Data); data != "" && data != "null" {
		fmt.Fprintf(w, "data:\n%s\n", safe.Scrub(jsonx.Pretty(x.Response.Data), "")) // a key the data names, masked as the history keeps it
	}
	if v.tty && x.Code.Hint != "" {
		fmt.Fprintf(w, "Что делать: %s\n", x.Code.Hint)
	}
	for _, a := range x.Advice {
		fmt.Fprintln(w, a)
	}
}

// cliHow is how to do action a from the command line, when there is a
// way: the TUI binds the same actions to keys.
func cliHow(x model.Explanation, a model.Action) string {
	switch a {
	case model.ActionFollowTask:
		return "добавьте --wait или вызовите taskqueue/getStatus id=" + x.TaskID
	case model.ActionResend:
		return "повторите с --server " + x.WrongServer.String()
	case model.ActionWatchDelivery:
		return "codedesk sms status " + strings.Join(x.MessageIDs, " ") + " --wait"
	}
	return ""
}

// codeHeader is "30 · Превышен лимит запросов — ошибка в запросе", without
// the class when the title already says it ("100 · Фоновая операция").
func codeHeader(c catalog.Code) string {
	label := catalog.ClassLabel(c.Class)
	if strings.EqualFold(strings.TrimSpace(c.Title), label) {
		return fmt.Sprintf("%d · %s", c.Number, c.Title)
	}
	return fmt.Sprintf("%d · %s — %s", c.Number, c.Title, label)
}

// spell is a method's name for people: as the docs write it when the
// methods book knows it (user/getOwnBalance, whatever case was called).
func spell(name string) string { return catalog.MustDefaultMethods().Spell(name) }

// methodName is the method as the docs spell it, or as called.
func methodName(x model.Explanation) string {
	if x.Method != nil {
		return x.Method.Name
	}
	return x.Request.Name()
}

func printFields(w io.Writer, fields []model.FieldError) {
	if len(fields) == 0 {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "поле\tошибка")
	for _, f := range fields {
		fmt.Fprintf(tw, "%s\t%s\n", safe.Line(f.Field), safe.Line(f.Message))
	}
	tw.Flush()
}

func printItems(w io.Writer, items []model.BulkItem) {
	if len(items) == 0 {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "получатель\tкод\tзначение")
	for _, it := range items {
		fmt.Fprintf(tw, "%s\t%d\t%s\n", safe.Line(it.Recipient), it.Code, it.Meaning)
	}
	tw.Flush()
}

// printTask says how a followed task ended: its state, or the code its
// last getStatus answered with, and the API's reason when it gave one.
func printTask(w io.Writer, t *followed) {
	id, final := t.id, t.final
	switch {
	case final.Task != nil:
		fmt.Fprintf(w, "задача %s: %s, %d%%", id, t.statusName, final.Task.Progress)
	case final.NoAnswer != nil:
		fmt.Fprintf(w, "задача %s: ответа API нет", id)
	default:
		fmt.Fprintf(w, "задача %s: getStatus ответил кодом %s", id, codeHeader(final.Code))
	}
	if final.Message != "" {
		fmt.Fprintf(w, " — %s", final.Message)
	}
	fmt.Fprintln(w)
}

// recordedExchange is a recorded call as the exchange it was; sent is
// false for an imported request that never went anywhere.
func recordedExchange(c history.Call) (x model.Exchange, sent bool) {
	req, err := c.Request()
	if err != nil {
		// A server the store kept but that no longer parses: show the
		// call anyway, under its method.
		req = model.Request{Module: c.Module, Method: c.Method, Params: c.Params}
	}
	x.Request = req
	switch {
	case c.Code != nil:
		x.Response = model.Response{Envelope: model.Envelope{Code: *c.Code, Message: c.Message, Data: c.Data}, Duration: c.Duration}
	case c.ErrorKind != "":
		x.Err = &model.CallError{Kind: errorKind(c.ErrorKind), Msg: c.Error}
	default:
		return x, false
	}
	return x, true
}

// errorKind reads a stored kind name back; an unknown one is a network
// failure.
func errorKind(name string) model.ErrorKind {
	k, _ := model.ParseErrorKind(name)
	return k
}

// outcomeCell is how a call ended, in one table cell: the code and a
// mark, why no answer came, or that it was never sent. history and replay
// both show calls with it.
func outcomeCell(x model.Explanation, sent bool) string {
	switch {
	case !sent:
		return "не отправлялся"
	case x.NoAnswer != nil:
		return "нет ответа: " + x.NoAnswer.Kind.Label()
	case x.Succeeded():
		return strconv.Itoa(x.Code.Number) + " ✓"
	}
	return strconv.Itoa(x.Code.Number) + " ✗"
}

// outcomeMessage is what to show beside the outcome: the server's message,
// why no answer came, or the fallback (a note, say).
func outcomeMessage(x model.Explanation, fallback string) string {
	switch {
	case x.NoAnswer != nil:
		return cmp.Or(safe.Line(x.NoAnswer.Error()), fallback)
	case x.TaskRejected() && x.Message != "":
		return "задача отклонена: " + x.Message
	case x.TaskRejected():
		return "задача отклонена"
	}
	return cmp.Or(x.Message, safe.Line(fallback))
}

// truncate cuts s to n characters, marking the cut.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
