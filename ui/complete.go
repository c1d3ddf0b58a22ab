package ui

import (
	"sort"
	"strings"

	"codedesk/model"
	"codedesk/model/catalog"
)

// completeMethod ranks the method names that hold typed anywhere in
// module/method, case aside, best first: the whole name, then names that
// start with it, then names whose method part starts with it, then the
// rest; shorter names first within a rank. "sendsms" finds
// message/sendSmsMessage, "getstatus" taskqueue/getStatus.
func completeMethod(names []string, typed string) []string {
	q := strings.ToLower(strings.TrimSpace(typed))
	if q == "" {
		return nil
	}
	type ranked struct {
		name string
		rank int
	}
	var out []ranked
	for _, n := range names {
		l := strings.ToLower(n)
		_, method, _ := strings.Cut(l, "/")
		rank := -1
		switch {
		case l == q:
			rank = 0
		case strings.HasPrefix(l, q):
			rank = 1
		case strings.HasPrefix(method, q):
			rank = 2
		case strings.Contains(l, q):
			rank = 3
		}
		if rank >= 0 {
			out = append(out, ranked{n, rank})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].rank != out[j].rank {
			return out[i].rank < out[j].rank
		}
		if len(out[i].name) != len(out[j].name) {
			return len(out[i].name) < len(out[j].name)
		}
		return out[i].name < out[j].name
	})
	names = make([]string, len(out))
	for i, r := range out {
		names[i] = r.name
	}
	return names
}

// paramTemplate is what the editor offers for method m, keeping the values
// of current that m takes: required parameters first, with the given
// value or the docs' example; optional ones commented out with what they
// mean, unless a value was given. examples are the lines that came from
// the docs, not from the user; dropped names what m does not take.
func paramTemplate(m catalog.Method, current []model.Param, examples map[string]bool) (text string, offered map[string]bool, dropped []string) {
	given := map[string][]string{}
	takes := map[string]bool{}
	for _, prm := range m.Params {
		takes[strings.ToLower(prm.Name)] = true
	}
	for _, p := range current {
		line := p.Key + "=" + p.Value
		switch k := strings.ToLower(p.Key); {
		case examples[line]:
		case takes[k]:
			given[k] = append(given[k], p.Value)
		default:
			dropped = append(dropped, p.Key)
		}
	}
	offered = map[string]bool{}
	var lines []string
	for _, required := range []bool{true, false} {
		for _, prm := range m.Params {
			if prm.Required != required {
				continue
			}
			vals := given[strings.ToLower(prm.Name)]
			for _, v := range vals {
				lines = append(lines, prm.Name+"="+v)
			}
			switch {
			case len(vals) > 0:
			case required:
				lines = append(lines, prm.Name+"="+prm.Example)
				offered[prm.Name+"="+prm.Example] = true
			default:
				lines = append(lines, "# "+prm.Name+"="+prm.Example+hintOf(prm))
			}
		}
	}
	return strings.Join(lines, "\n"), offered, dropped
}

// hintOf is what the template writes after an optional parameter it
// offers commented out: what the parameter means.
func hintOf(prm catalog.MethodParam) string { return "   — " + prm.Doc }

// paramHints are the hints the template writes, by parameter name.
func paramHints(m catalog.Method) map[string]string {
	hints := map[string]string{}
	for _, prm := range m.Params {
		if !prm.Required && prm.Doc != "" {
			hints[prm.Name] = hintOf(prm)
		}
	}
	return hints
}
