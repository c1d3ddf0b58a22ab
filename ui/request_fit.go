package ui

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"codedesk/model"
	"codedesk/model/ru"
)

// paramCut is a parameter whose value the editor could not hold whole.
type paramCut struct {
	name     string
	from, to int // characters of the value, before and after
}

// fitParamsIn cuts the longest values of params until their lines fit in
// limit characters, so that a huge parameter never pushes the others out;
// cuts says which were cut and by how much.
func fitParamsIn(params []model.Param, limit int) (fitted []model.Param, cuts []paramCut) {
	total := 0
	for i, p := range params {
		total += utf8.RuneCountInString(p.Key) + 1 + utf8.RuneCountInString(p.Value)
		if i > 0 {
			total++ // the line break
		}
	}
	if total <= limit {
		return params, nil
	}
	fitted = append([]model.Param(nil), params...)
	order := make([]int, len(fitted))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return len(fitted[order[a]].Value) > len(fitted[order[b]].Value)
	})
	for _, i := range order {
		over := total - limit
		if over <= 0 {
			break
		}
		v := []rune(fitted[i].Value)
		keep := max(len(v)-over, 0)
		fitted[i].Value = string(v[:keep])
		total -= len(v) - keep
		cuts = append(cuts, paramCut{name: fitted[i].Key, from: len(v), to: keep})
	}
	return fitted, cuts
}

// cutNote says which parameters the editor cut, and (whole) what keeps
// them whole.
func cutNote(cuts []paramCut, whole string) string {
	parts := make([]string, len(cuts))
	for i, c := range cuts {
		parts[i] = fmt.Sprintf("%s обрезан: %s → %d", c.name, ru.Characters.Count(c.from), c.to)
	}
	return strings.Join(parts, ", ") + fmt.Sprintf(" (предел редактора — %d Ки), отправится обрезанным; целиком — %s", paramsLimit>>10, whole)
}

// showFromTop scrolls the editor as little as its cursor allows: every
// line from the top when they all fit, and never empty rows under the last
// line. The editor scrolls only to follow its cursor, so a text set or a
// height grown would otherwise leave its first lines above the view.
// EditAtEnd puts the editor's cursor after its last line, scrolled to it.
func (p *requestPane) EditAtEnd() {
	p.params.MoveToEnd()
	p.params.SetHeight(p.params.Height()) // follows the cursor
}

func (p *requestPane) showFromTop() {
	row, col := p.params.Line(), p.params.Column()
	p.params.MoveToBegin() // scrolls to the top
	// Each step moves one row down; a wrapped line has several.
	for steps := p.params.Length(); p.params.Line() < row && steps >= 0; steps-- {
		p.params.CursorDown() // scrolls only as far as the cursor needs
	}
	p.params.SetCursorColumn(col)
	p.params.SetHeight(p.params.Height()) // follows the cursor within its line
}

// hintedLine takes the hint a template commented an optional parameter
// with off a line the user uncommented: the hint is never a value.
func (p requestPane) hintedLine(line string) string {
	name, _, ok := strings.Cut(line, "=")
	if !ok {
		return line
	}
	if hint, ok := p.hints[strings.TrimSpace(name)]; ok {
		return strings.Replace(line, hint, "", 1)
	}
	return line
}
