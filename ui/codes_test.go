package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"codedesk/model/catalog"
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

// visible are the numbers of the codes the list shows.
func visible(p codesPane) []int {
	var out []int
	for _, it := range p.list.VisibleItems() {
		if e, ok := it.(entryItem); ok && e.entry.Kind == catalog.KindCode {
			out = append(out, e.entry.Code.Number)
		}
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
			for _, m := range testCatalog.SearchAll(q) {
				if m.Kind == catalog.KindCode {
					want = append(want, testCatalog.Codes()[m.Index].Number)
				}
			}
			if got := visible(p); !slices.Equal(got, want) {
				t.Errorf("list shows %v, catalog search gives %v", got, want)
			}
			if sel, _ := p.Selected(); sel.Code.Number != want[0] {
				t.Errorf("cursor on %d, want the best match %d", sel.Code.Number, want[0])
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
	if sel, _ := p.Selected(); sel.Code.Number != kept.Code.Number {
		t.Errorf("dropping the search moved the cursor from %d to %d", kept.Code.Number, sel.Code.Number)
	}
}

func TestEscWhileTypingKeepsTheCode(t *testing.T) {
	p := codesAlone(t).keys_(t, press("/"))
	p = p.keys_(t, typing("лимит")...)
	p = p.keys_(t, press("esc"))
	if sel, _ := p.Selected(); sel.Code.Number != 30 {
		t.Errorf("esc while typing: cursor on %d, want 30 where the search had it", sel.Code.Number)
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
	if sel, _ := p.Selected(); sel.Code.Number != want[1].Number {
		t.Errorf("after / 1 ↓ the cursor is on %d, want %d (the second result)", sel.Code.Number, want[1].Number)
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
	if sel, _ := p.Selected(); sel.Code.Number != 2 {
		t.Errorf("after j j ↓ k the cursor is on %d, want 2", sel.Code.Number)
	}
}

func TestStatusesAreASecondGroupUnderTheCodes(t *testing.T) {
	p := codesAlone(t)
	p.SetSize(50, 40)
	s := screenOf(p.View())
	if !strings.Contains(s, "── "+statusesTitle) {
		t.Errorf("the statuses need their own heading:\n%s", s)
	}
	codesAt, headingAt := strings.Index(s, "30  Превышен лимит запросов"), strings.Index(s, statusesTitle)
	if codesAt < 0 || headingAt < codesAt {
		t.Errorf("the statuses come after the codes:\n%s", s)
	}
	for _, st := range testCatalog.Statuses() {
		if row := fmt.Sprintf("%-7s  %s", st.Name, st.Title); !strings.Contains(s, row) {
			t.Errorf("status row %q missing:\n%s", row, s)
		}
	}
	// The cursor walks from the last code to the first status, never
	// resting on the heading, and back.
	p = p.keys_(t, press("G"))
	last := testCatalog.Statuses()[len(testCatalog.Statuses())-1]
	if sel, _ := p.Selected(); sel.Status.Name != last.Name {
		t.Fatalf("G: cursor on %+v, want the last status %s", sel, last.Name)
	}
	p = p.keys_(t, press("g"))
	for range testCatalog.Len() - 1 {
		p = p.keys_(t, press("j"))
	}
	p = p.keys_(t, press("j"))
	if sel, ok := p.Selected(); !ok || sel.Status.Name != "NEW" {
		t.Fatalf("j from the last code: cursor on %+v, want NEW (the heading is skipped)", sel)
	}
	p = p.keys_(t, press("k"))
	lastCode := testCatalog.Codes()[testCatalog.Len()-1]
	if sel, ok := p.Selected(); !ok || sel.Kind != catalog.KindCode || sel.Code.Number != lastCode.Number {
		t.Errorf("k from NEW: cursor on %+v, want code %d", sel, lastCode.Number)
	}
}

func TestASearchFindsStatusesByMeaning(t *testing.T) {
	cases := []struct {
		query string
		want  string // a status the search must show
		first string // where the cursor lands: a status's name or a code's number
	}{
		{"недоставлено", "UNDELIV", "UNDELIV"},
		{"отклонено", "REJECTD", "REJECTD"},
		{"истёк срок", "EXPIRED", "EXPIRED"},
		{"expired", "EXPIRED", ""},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			p := codesAlone(t).keys_(t, press("/"))
			p = p.keys_(t, typing(c.query)...)
			scr := screenOf(p.View())
			if !strings.Contains(scr, c.want+"  ") || !strings.Contains(scr, statusesTitle) {
				t.Fatalf("/%s must list %s under the statuses' heading:\n%s", c.query, c.want, scr)
			}
			shown := p.shownEntries()
			if want := fmt.Sprintf("%d из %d", shown, testCatalog.Len()+len(testCatalog.Statuses())); !strings.Contains(screenOf(p.keys_(t, press("enter")).View()), want) {
				t.Errorf("the count must say %q (the heading is not a result)", want)
			}
			sel, ok := p.Selected()
			if !ok {
				t.Fatal("nothing selected: the cursor rests on the heading")
			}
			if c.first != "" && sel.Status.Name != c.first {
				t.Errorf("cursor on %+v, want %s", sel, c.first)
			}
		})
	}
}
