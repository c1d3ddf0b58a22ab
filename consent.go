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
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", it.call.ID, safe.Line(spell(it.call.Name())), it.req.Server, whom(it), itemNote(it))
	}
	tw.Flush()
	fmt.Fprintf(ios.Out, "пробный прогон: ничего не отправлено (%s)\n", ru.Calls.Count(len(plan)))
	return nil
}

// whom names what a call that sends messages would reach: its numbers
// (the first few), and campaigns and groups whole.
func whom(it replayItem) string {
	if !it.spends {
		return "—"
	}
	r := model.ReachOf(it.req)
	if r.Unknown() {
		return "получатели не указаны"
	}
	var parts []string
	if n := len(r.Numbers); n > 0 {
		s := safe.Line(strings.Join(r.Numbers[:min(n, recipientsShown)], ", "))
		if n > recipientsShown {
			s += fmt.Sprintf(" и ещё %d", n-recipientsShown)
		}
		parts = append(parts, s)
	}
	return strings.Join(append(parts, wholeWords(r)...), "; ")
}

// wholeWords are the campaigns and groups a reach sends to whole: their
// size is the API's to know, never counted as one message.
func wholeWords(r model.Reach) []string {
	var out []string
	if n := len(r.Campaigns); n > 0 {
		out = append(out, ru.Form(int64(n), "рассылка", "рассылки", "рассылки")+" "+safe.Line(strings.Join(r.Campaigns, ", "))+" целиком")
	}
	if n := len(r.Groups); n > 0 {
		out = append(out, ru.Form(int64(n), "группа", "группы", "группы")+" контактов "+safe.Line(strings.Join(r.Groups, ", "))+" целиком")
	}
	return out
}

// reachWords sums up what paid calls would send: "2 сообщения, рассылка
// 424242 целиком".
func reachWords(paid []replayItem) string {
	var all model.Reach
	for _, it := range paid {
		all = all.Add(model.ReachOf(it.req))
	}
	var parts []string
	if n := all.Messages(); n > 0 {
		parts = append(parts, ru.Messages.Count(n))
	}
	parts = append(parts, wholeWords(all)...)
	if len(parts) == 0 {
		return "получатели не указаны"
	}
	return strings.Join(parts, ", ")
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
	switch {
	case it.unknown && it.spends:
		notes = append(notes, "исход неизвестен: ответа не было, сообщения могли уйти")
	case it.unknown:
		notes = append(notes, "исход неизвестен: ответа не было")
	}
	return strings.Join(notes, "; ")
}

// consent decides which planned calls go. Calls that send messages go
// with --yes, or after a yes on a terminal, to a question that names what
// they would send and to whom. With --skip-paid, or a no, they are marked
// skipped (never sent) and the free calls still go. From a script with
// neither flag nothing goes: a usage error.
func consent(ios *IOStreams, plan []replayItem, yes, skipPaid bool) error {
	var paid []replayItem
	for _, it := range plan {
		if it.spends && it.refused == nil {
			paid = append(paid, it)
		}
	}
	if len(paid) == 0 || yes {
		return nil
	}
	free := sendable(plan) - len(paid)
	if !skipPaid {
		if !ios.CanPrompt() {
			n := int64(len(paid))
			return usagef("%s %s сообщения и %s деньги клиента; повторите с --yes, чтобы отправить, "+
				"с --skip-paid, чтобы повторить только бесплатные, или с --dry-run, чтобы посмотреть, что уйдёт",
				ru.Calls.Count(len(paid)), ru.Form(n, "отправит", "отправят", "отправят"), ru.Form(n, "потратит", "потратят", "потратят"))
		}
		ask(ios.ErrOut, paid, free)
		if confirmed(ios.In) {
			return nil
		}
		if free == 0 {
			return usagef("ничего не отправлено")
		}
	}
	for i := range plan {
		plan[i].skipped = plan[i].spends && plan[i].refused == nil
	}
	fmt.Fprintf(ios.ErrOut, "платные не повторяются: пропущено %s; бесплатных повторяется: %s\n",
		ru.Calls.Count(len(paid)), ru.Calls.Count(free))
	return nil
}

// ask puts the question: what the paid calls would send, call by call.
func ask(w io.Writer, paid []replayItem, free int) {
	fmt.Fprintf(w, "Повтор отправит настоящие SMS (%s): %s:\n", ru.Calls.Count(len(paid)), reachWords(paid))
	for _, it := range paid {
		fmt.Fprintf(w, "  %d  %s → %s", it.call.ID, safe.Line(spell(it.call.Name())), whom(it))
		if it.unknown {
			fmt.Fprint(w, "  (исход неизвестен: в прошлый раз ответа не было, сообщения могли уже уйти)")
		}
		fmt.Fprintln(w)
	}
	if free == 0 {
		fmt.Fprint(w, "Отправить? [y/N] ")
		return
	}
	fmt.Fprintf(w, "Отправить и платные? [y/N] (n — повторить только бесплатные: %s) ", ru.Calls.Count(free))
}

// sendable counts the calls of a plan that may go at all.
func sendable(plan []replayItem) int {
	n := 0
	for _, it := range plan {
		if it.refused == nil {
			n++
		}
	}
	return n
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
