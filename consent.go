package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"codedesk/model"
	"codedesk/model/ru"
	"codedesk/model/safe"
)

// Resending a call that sends messages spends the customer's money, and a
// call that got no answer may well have been delivered: such calls are
// replayed only with consent.

// recipientsShown is how many recipients a list or a question names.
const recipientsShown = 5

// plannedJSON is one call of a --dry-run --json list.
type plannedJSON struct {
	ID          int64    `json:"id"`
	Method      string   `json:"method"`
	Server      string   `json:"server"`
	SpendsMoney bool     `json:"spends_money"`
	Recipients  []string `json:"recipients,omitempty"`
	// UnknownOutcome: the last attempt got no answer; it may have been
	// delivered.
	UnknownOutcome bool   `json:"unknown_outcome,omitempty"`
	Refused        string `json:"refused,omitempty"`
}

// printPlan lists what a replay would send, and sends nothing.
func printPlan(ios *IOStreams, plan []replayItem, asJSON bool) error {
	if asJSON {
		out := make([]plannedJSON, 0, len(plan))
		for _, it := range plan {
			p := plannedJSON{ID: it.call.ID, Method: it.call.Name(), Server: it.req.Server.String(), SpendsMoney: it.spends, UnknownOutcome: it.unknown}
			if it.spends {
				p.Recipients, _ = model.Recipients(it.req, recipientsShown)
			}
			if it.refused != nil {
				p.Refused = it.refused.Error()
			}
			out = append(out, p)
		}
		return ios.JSON(out)
	}
	if len(plan) == 0 {
		fmt.Fprintln(ios.Out, "нечего повторять")
		return nil
	}
	tw := tabwriter.NewWriter(ios.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tметод\tсервер\tкому\tзаметка")
	for _, it := range plan {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", it.call.ID, safe.Line(it.call.Name()), it.req.Server, whom(it), itemNote(it))
	}
	tw.Flush()
	fmt.Fprintf(ios.Out, "пробный прогон: ничего не отправлено (%s)\n", ru.Calls.Count(len(plan)))
	return nil
}

// whom names the recipients of a call that sends messages.
func whom(it replayItem) string {
	if !it.spends {
		return "—"
	}
	names, total := model.Recipients(it.req, recipientsShown)
	if total == 0 {
		return "получатели не указаны"
	}
	if strings.EqualFold(it.req.Name(), "campaign/send") {
		return "кампания " + safe.Line(strings.Join(names, ", ")) + " (все её получатели)"
	}
	s := safe.Line(strings.Join(names, ", "))
	if total > len(names) {
		s += fmt.Sprintf(" и ещё %d", total-len(names))
	}
	return s
}

// itemNote marks what the user must know about one call before it goes.
func itemNote(it replayItem) string {
	var notes []string
	if it.refused != nil {
		notes = append(notes, "не будет отправлен: "+it.refused.Error())
	}
	if it.spends {
		notes = append(notes, "платно: отправит сообщения")
	}
	if it.unknown {
		notes = append(notes, "исход неизвестен: ответа не было, сообщения могли уйти")
	}
	return strings.Join(notes, "; ")
}

// consent asks before calls that send messages go: on a terminal a
// question that names how many and to whom; otherwise only --yes lets
// them go.
func consent(ios *IOStreams, plan []replayItem, yes bool) error {
	var paid []replayItem
	messages := 0
	for _, it := range plan {
		if it.spends && it.refused == nil {
			paid = append(paid, it)
			_, total := model.Recipients(it.req, recipientsShown)
			messages += max(total, 1)
		}
	}
	if len(paid) == 0 || yes {
		return nil
	}
	if !ios.CanPrompt() {
		n := int64(len(paid))
		return usagef("%s %s сообщения и %s деньги клиента; повторите с --yes, чтобы отправить, "+
			"или с --dry-run, чтобы посмотреть, что уйдёт", ru.Calls.Count(len(paid)),
			ru.Form(n, "отправит", "отправят", "отправят"), ru.Form(n, "потратит", "потратят", "потратят"))
	}
	w := ios.ErrOut
	fmt.Fprintf(w, "Повтор отправит настоящие SMS: %s, %s:\n", ru.Calls.Count(len(paid)), ru.Messages.Count(messages))
	for _, it := range paid {
		fmt.Fprintf(w, "  %d  %s → %s", it.call.ID, safe.Line(it.call.Name()), whom(it))
		if it.unknown {
			fmt.Fprint(w, "  (исход неизвестен: в прошлый раз ответа не было, сообщения могли уже уйти)")
		}
		fmt.Fprintln(w)
	}
	fmt.Fprint(w, "Отправить? [y/N] ")
	if !confirmed(ios.In) {
		return usagef("ничего не отправлено")
	}
	return nil
}

// confirmed reads a yes (y, yes, д, да) from the first line of in.
func confirmed(in io.Reader) bool {
	line, _ := bufio.NewReader(in).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes", "д", "да":
		return true
	}
	return false
}
