package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func visibleNumbers(a *App) []int {
	var out []int
	for _, it := range a.codes.list.VisibleItems() {
		out = append(out, it.(codeItem).code.Number)
	}
	return out
}

func TestFilterUsesCatalogSearchInItsOrder(t *testing.T) {
	for _, q := range []string{"лимит", "1", "ошибка", "заблакирован", "rate limit", "данных"} {
		t.Run(q, func(t *testing.T) {
			a := newTestApp(100, 30)
			send(t, a, press("/"))
			typeText(t, a, q)
			if !a.codes.Filtering() {
				t.Fatal("typing after / must keep the filter open")
			}
			var want []int
			for _, c := range testCatalog.SearchCodes(q) {
				want = append(want, c.Number)
			}
			if got := visibleNumbers(a); !slices.Equal(got, want) {
				t.Errorf("list shows %v, catalog search gives %v", got, want)
			}
			if sel, _ := a.codes.Selected(); sel.Number != want[0] {
				t.Errorf("cursor on %d, want the best match %d", sel.Number, want[0])
			}
			if a.detail.code.Number != want[0] {
				t.Errorf("detail shows %d, want %d", a.detail.code.Number, want[0])
			}
		})
	}
}

func TestFilterEnterKeepsEscClears(t *testing.T) {
	a := newTestApp(100, 30)
	send(t, a, press("/"))
	typeText(t, a, "домен")
	send(t, a, press("enter"))
	if a.codes.Filtering() {
		t.Fatal("enter must close the filter input")
	}
	if got := visibleNumbers(a); !slices.Equal(got, []int{13}) {
		t.Fatalf("after enter the list shows %v, want [13]", got)
	}
	if !strings.Contains(screen(a), "/ домен 1 из 20") {
		t.Errorf("the applied filter and its count must stay visible:\n%s", screen(a))
	}
	send(t, a, press("esc"))
	if got := len(visibleNumbers(a)); got != testCatalog.Len() {
		t.Errorf("esc must clear the filter: %d codes shown, want %d", got, testCatalog.Len())
	}
}

func TestQAndQuestionMarkAreTextWhileFiltering(t *testing.T) {
	a := newTestApp(100, 30)
	send(t, a, press("/"))
	if _, cmd := a.Update(press("q")); quits(cmd) {
		t.Fatal("q typed into the filter quit the app")
	}
	send(t, a, press("?"))
	if a.showAllKeys {
		t.Error("? typed into the filter must not open the key list")
	}
	if got := a.codes.list.FilterValue(); got != "q?" {
		t.Errorf("filter text = %q, want %q", got, "q?")
	}
}

func TestArrowsWhileFilteringMoveThroughResults(t *testing.T) {
	a := newTestApp(100, 30)
	send(t, a, press("/"))
	typeText(t, a, "1")
	send(t, a, press("down"))
	if a.codes.Filtering() {
		t.Error("an arrow must accept the filter")
	}
	if sel, _ := a.codes.Selected(); sel.Number != 10 {
		t.Errorf("after / 1 ↓ the cursor is on %d, want 10 (second result)", sel.Number)
	}
}

func TestSelectYieldsAFilterThatHidesTheCode(t *testing.T) {
	a := newTestApp(100, 30)
	send(t, a, press("/"))
	typeText(t, a, "лимит")
	send(t, a, press("enter"))
	if !a.codes.Select(30) {
		t.Fatal("30 is visible and must be selectable")
	}
	if len(visibleNumbers(a)) != 1 {
		t.Fatal("selecting a visible code must keep the filter")
	}
	if !a.codes.Select(13) {
		t.Fatal("Select(13) failed")
	}
	if got := len(visibleNumbers(a)); got != testCatalog.Len() {
		t.Errorf("a filter hiding 13 must give way: %d codes shown", got)
	}
	if sel, _ := a.codes.Selected(); sel.Number != 13 {
		t.Errorf("cursor on %d, want 13", sel.Number)
	}
	if a.codes.Select(777) {
		t.Error("Select(777) reported success for a code that does not exist")
	}
}

func TestCursorMovesAndFollowsToDetail(t *testing.T) {
	a := newTestApp(100, 30)
	send(t, a, press("j"), press("j"), press("down"))
	if sel, _ := a.codes.Selected(); sel.Number != 3 {
		t.Fatalf("after j j ↓ the cursor is on %d, want 3", sel.Number)
	}
	send(t, a, press("k"))
	if sel, _ := a.codes.Selected(); sel.Number != 2 {
		t.Fatalf("after k the cursor is on %d, want 2", sel.Number)
	}
	if !strings.Contains(screen(a), "Код 2") {
		t.Errorf("detail must follow the cursor:\n%s", screen(a))
	}
	send(t, a, press("G"))
	if sel, _ := a.codes.Selected(); sel.Number != 999 {
		t.Errorf("G must go to the last code, got %d", sel.Number)
	}
}

func TestListRowsShowNumberTitleAndMark(t *testing.T) {
	a := newTestApp(100, 40) // tall enough for every code on one page
	a.codes.Mark(30)
	s := screen(a)
	for _, c := range testCatalog.Codes() {
		row := fmt.Sprintf("%3d  %s", c.Number, c.Title)
		if !strings.Contains(s, row) {
			t.Errorf("row %q missing from the list:\n%s", row, s)
		}
	}
	if !strings.Contains(s, "● 30  Превышен лимит запросов") {
		t.Errorf("the marked code must carry a dot:\n%s", s)
	}
}
