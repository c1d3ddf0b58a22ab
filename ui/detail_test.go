package ui

import (
	"strings"
	"testing"
)

func TestCardIsRenderedOncePerCodeAndWidth(t *testing.T) {
	a := newTestApp(100, 30)
	runCmd(t, a, a.Init(), 0) // renders the first card
	if a.detail.renders != 1 {
		t.Fatalf("first card: %d renders, want 1", a.detail.renders)
	}
	if strings.Contains(screen(a), "Класс:") {
		t.Fatalf("the first card must be glamour-rendered after Init:\n%s", screen(a))
	}
	send(t, a, press("j"), press("j"))
	if a.detail.renders != 3 {
		t.Fatalf("after two moves: %d renders, want 3", a.detail.renders)
	}
	send(t, a, press("k"), press("k"), press("j"), press("j"))
	if a.detail.renders != 3 {
		t.Errorf("moving back to cached codes rendered again: %d renders, want 3", a.detail.renders)
	}
	// Another width is another card.
	send(t, a, tea_WindowSize(120, 30))
	if a.detail.renders != 4 {
		t.Errorf("after a resize: %d renders, want 4", a.detail.renders)
	}
}

func TestPlainCardShowsBeforeGlamour(t *testing.T) {
	a := newTestApp(100, 30)
	// No command has run: the first frame must already explain the code.
	s := screen(a)
	for _, want := range []string{"0 · Успешно", "Операция завершена успешно.", "Что делать"} {
		if !strings.Contains(s, want) {
			t.Errorf("first frame lacks %q:\n%s", want, s)
		}
	}
	if a.detail.renders != 0 {
		t.Errorf("New rendered %d cards with glamour; the first frame must not wait on it", a.detail.renders)
	}
}

func TestDetailScrolls(t *testing.T) {
	a := newTestApp(60, 14) // a short pane: the card does not fit
	runCmd(t, a, a.Init(), 0)
	send(t, a, press("tab"))
	if a.focus != focusDetail {
		t.Fatal("tab must move focus to the detail")
	}
	top := a.detail.vp.YOffset()
	send(t, a, press("j"), press("j"))
	if a.detail.vp.YOffset() <= top {
		t.Errorf("j in the detail must scroll: offset %d → %d", top, a.detail.vp.YOffset())
	}
	if sel, _ := a.codes.Selected(); sel.Number != 0 {
		t.Errorf("keys for the detail moved the list to %d", sel.Number)
	}
}
