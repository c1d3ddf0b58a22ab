package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// codesAlone is the codes pane by itself, 40×20.
func codesAlone(t *testing.T) codesPane {
	t.Helper()
	ctx := &Context{Catalog: testCatalog, Styles: DefaultStyles(true, false)}
	p := newCodesPane(ctx)
	p.SetSize(40, 20)
	return p
}

func (p codesPane) keys_(t *testing.T, keys ...tea.KeyPressMsg) codesPane {
	t.Helper()
	for _, k := range keys {
		p, _ = p.Update(k)
	}
	return p
}

func visible(p codesPane) []int {
	var out []int
	for _, it := range p.list.VisibleItems() {
		out = append(out, it.(codeItem).code.Number)
	}
	return out
}

func TestSearchUsesTheCatalogsOrder(t *testing.T) {
	for _, q := range []string{"лимит", "1", "ошибка", "заблакирован", "rate limit", "данных"} {
		t.Run(q, func(t *testing.T) {
			p := codesAlone(t).keys_(t, press("/"))
			p = p.keys_(t, typing(q)...)
			if !p.Filtering() {
				t.Fatal("typing after / must keep the search open")
			}
			var want []int
			for _, c := range testCatalog.SearchCodes(q) {
				want = append(want, c.Number)
			}
			if got := visible(p); !slices.Equal(got, want) {
				t.Errorf("list shows %v, catalog search gives %v", got, want)
			}
			if sel, _ := p.Selected(); sel.Number != want[0] {
				t.Errorf("cursor on %d, want the best match %d", sel.Number, want[0])
			}
		})
	}
}

func TestEnterKeepsTheSearchEscDropsItAndKeepsTheCode(t *testing.T) {
	p := codesAlone(t).keys_(t, press("/"))
	p = p.keys_(t, typing("ошибка")...)
	p = p.keys_(t, press("enter"), press("down"))
	kept, _ := p.Selected()
	if p.Filtering() || len(visible(p)) == testCatalog.Len() {
		t.Fatal("enter must keep the search applied")
	}
	if !strings.Contains(screenOf(p.View()), "/ ошибка") {
		t.Errorf("the applied search and its count stay visible:\n%s", screenOf(p.View()))
	}
	p = p.keys_(t, press("esc"))
	if got := len(visible(p)); got != testCatalog.Len() {
		t.Errorf("esc must drop the search: %d codes shown", got)
	}
	if sel, _ := p.Selected(); sel.Number != kept.Number {
		t.Errorf("dropping the search moved the cursor from %d to %d", kept.Number, sel.Number)
	}
}

func TestEscWhileTypingKeepsTheCode(t *testing.T) {
	p := codesAlone(t).keys_(t, press("/"))
	p = p.keys_(t, typing("лимит")...)
	p = p.keys_(t, press("esc"))
	if sel, _ := p.Selected(); sel.Number != 30 {
		t.Errorf("esc while typing: cursor on %d, want 30 where the search had it", sel.Number)
	}
}

func TestArrowsWhileTypingMoveThroughWhatWasFound(t *testing.T) {
	p := codesAlone(t).keys_(t, press("/"))
	p = p.keys_(t, typing("1")...)
	want := testCatalog.SearchCodes("1")
	help := fmt.Sprint(p.ShortHelp())
	p = p.keys_(t, press("down"))
	if p.Filtering() {
		t.Error("an arrow must keep the search and leave typing")
	}
	if sel, _ := p.Selected(); sel.Number != want[1].Number {
		t.Errorf("after / 1 ↓ the cursor is on %d, want %d (the second result)", sel.Number, want[1].Number)
	}
	if !strings.Contains(help, "к найденному") {
		t.Errorf("the help while typing must say what the arrows do: %s", help)
	}
}

func TestASearchThatFindsNothingSaysSo(t *testing.T) {
	p := codesAlone(t).keys_(t, press("/"))
	p = p.keys_(t, typing("zzzqqq")...)
	if _, ok := p.Selected(); ok {
		t.Error("nothing found must leave nothing selected")
	}
	if v := screenOf(p.View()); !strings.Contains(v, "ничего не найдено") || strings.Contains(v, "No items") {
		t.Errorf("the pane must say «ничего не найдено»:\n%s", v)
	}
}

func TestSelectYieldsASearchThatHidesTheCode(t *testing.T) {
	p := codesAlone(t).keys_(t, press("/"))
	p = p.keys_(t, typing("лимит")...)
	p = p.keys_(t, press("enter"))
	if !p.Select(30) || len(visible(p)) != 1 {
		t.Fatal("a visible code is selected without touching the search")
	}
	if !p.Select(13) || len(visible(p)) != testCatalog.Len() {
		t.Error("a search hiding 13 must give way")
	}
	if p.Select(777) {
		t.Error("Select(777) reported success for a code that does not exist")
	}
}

func TestRowsShowNumberTitleAndMark(t *testing.T) {
	p := codesAlone(t)
	p.SetSize(40, 30)
	p.Mark(30)
	s := screenOf(p.View())
	for _, c := range testCatalog.Codes() {
		if row := fmt.Sprintf("%3d  %s", c.Number, c.Title); !strings.Contains(s, row) {
			t.Errorf("row %q missing:\n%s", row, s)
		}
	}
	if !strings.Contains(s, "● 30  Превышен лимит запросов") {
		t.Errorf("the marked code must carry a dot:\n%s", s)
	}
	p = p.keys_(t, press("j"), press("j"), press("down"), press("k"))
	if sel, _ := p.Selected(); sel.Number != 2 {
		t.Errorf("after j j ↓ k the cursor is on %d, want 2", sel.Number)
	}
}
