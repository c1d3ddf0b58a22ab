package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// The golden screens are what a terminal shows, read back through a terminal
// emulator; refresh them with go test ./ui -run Golden -update.

func TestGoldenFirstFrame(t *testing.T) {
	ls := start(t, newApp(t, 100, 30), 100, 30)
	requireGolden(t, ls.waitFor(t, "Коды ответов 20", "Что делать", glamourCard))
}

func TestGoldenFilterLimit(t *testing.T) {
	ls := start(t, newApp(t, 100, 30), 100, 30)
	ls.waitFor(t, "Что делать", glamourCard)
	ls.typeText("/лимит")
	requireGolden(t, ls.waitFor(t, "/ лимит", "Код 30", "30 · Превышен лимит запросов", glamourCard, "уменьшить частоту"))
}

func TestGoldenResizeTo40x10(t *testing.T) {
	ls := start(t, newApp(t, 100, 30), 100, 30)
	ls.waitFor(t, "Что делать", glamourCard)
	ls.resize(40, 10)
	// The emulator keeps the old frame, cut, until the app draws anew:
	// wait for what only the new frame says.
	requireGolden(t, ls.waitFor(t, "Коды ответов 20 · стр. 1/", "q выход"))
}

// quits reports whether cmd (or a command in its batch) quits the program.
func quits(t *testing.T, cmd tea.Cmd) bool {
	t.Helper()
	if cmd == nil {
		return false
	}
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		for _, c := range batch {
			if quits(t, c) {
				return true
			}
		}
	}
	_, ok := msg.(tea.QuitMsg)
	return ok
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		a := newApp(t, 100, 30)
		if _, cmd := a.Update(press(k)); !quits(t, cmd) {
			t.Errorf("%s must quit", k)
		}
	}
	// ctrl+c quits even while typing a search; q is a letter there.
	a := newApp(t, 100, 30)
	a.Update(press("/"))
	if _, cmd := a.Update(press("q")); quits(t, cmd) {
		t.Error("q typed into the search quit the app")
	}
	if _, cmd := a.Update(press("ctrl+c")); !quits(t, cmd) {
		t.Error("ctrl+c must quit while searching")
	}
}

func TestTabMovesFocusAndTheHeavyBorderFollows(t *testing.T) {
	ls := start(t, newApp(t, 100, 30, withNoColor()), 100, 30)
	scr := ls.waitFor(t, "Коды ответов 20")
	if !strings.HasPrefix(lineOf(scr, "Коды ответов"), "┃") || !strings.HasPrefix(lineOf(scr, "Запрос"), "│") {
		t.Fatalf("the codes list has focus at start: its border must be the heavy one:\n%s", scr)
	}
	ls.send(press("tab")) // the card
	ls.waitFor(t, "│ Коды ответов", "┃ Код 0")
	ls.send(press("tab")) // the method field
	ls.waitFor(t, "┃ Запрос", "│ Коды ответов", "│ Код 0")
}

// lineOf is the first line of scr holding s.
func lineOf(scr, s string) string {
	for _, l := range strings.Split(scr, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

func TestTextFieldsTakeQAndQuestionMark(t *testing.T) {
	ls := start(t, newApp(t, 100, 30), 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("e")) // the parameters
	ls.typeText("q?x=1")
	scr := ls.waitFor(t, "q?x=1")
	if strings.Contains(scr, "Все клавиши") {
		t.Errorf("? in a text field opened the key list:\n%s", scr)
	}
}

func TestEveryViewFitsTheTerminal(t *testing.T) {
	sizes := [][2]int{{1, 1}, {5, 3}, {20, 5}, {40, 10}, {60, 15}, {79, 23}, {80, 24}, {100, 30}, {200, 60}}
	for _, sz := range sizes {
		w, h := sz[0], sz[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			a := newApp(t, 100, 30)
			a.Update(tea.WindowSizeMsg{Width: w, Height: h})
			steps := [][]tea.Msg{nil, {press("?")}, {press("esc"), press("/")}, toMsgs(typing("ошибка")),
				{press("enter"), press("tab")}, {press("ctrl+r")}, {press("?")}, {press("esc"), press("ctrl+p")},
				{press("esc"), press("ctrl+d")}, {press("esc"), press("ctrl+l")}, {press("esc"), press("?")}}
			for i, step := range steps {
				for _, m := range step {
					a.Update(m)
				}
				view := a.View().Content
				if got := lipgloss.Height(view); got > h {
					t.Errorf("step %d: view is %d lines tall in a %d-line terminal", i, got, h)
				}
				for n, line := range strings.Split(view, "\n") {
					if lw := ansi.StringWidth(line); lw > w {
						t.Errorf("step %d: line %d is %d columns wide in a %d-column terminal: %q", i, n, lw, w, ansi.Strip(line))
					}
				}
			}
		})
	}
}

func toMsgs[T tea.Msg](in []T) []tea.Msg {
	out := make([]tea.Msg, len(in))
	for i, m := range in {
		out[i] = m
	}
	return out
}

func TestBackgroundColourSwitchesTheCardStyle(t *testing.T) {
	a := newApp(t, 100, 30)
	if a.ctx.Styles.Glamour != "dark" {
		t.Fatalf("default glamour style %q, want dark until the terminal answers", a.ctx.Styles.Glamour)
	}
	_, cmd := a.Update(tea.BackgroundColorMsg{Color: lipgloss.Color("#FFFFFF")})
	if a.ctx.Styles.Glamour != "light" {
		t.Errorf("after a white background: glamour %q", a.ctx.Styles.Glamour)
	}
	var rendered bool
	for _, m := range mustRun(t, cmd) {
		if r, ok := m.(cardRenderedMsg); ok && r.key.style == "light" {
			rendered = true
		}
	}
	if !rendered {
		t.Error("the card must be rendered again in the light style")
	}
}

func TestNoColorHasNoColour(t *testing.T) {
	a := newApp(t, 100, 30, withNoColor())
	a.codes.Mark(30)
	view := a.View().Content
	// 38;/48; are foreground/background colour selections in SGR sequences.
	for _, part := range strings.Split(view, "\x1b") {
		for _, seq := range []string{"[38;", "[48;", "[3", "[9"} {
			if strings.HasPrefix(part, seq) && !strings.HasPrefix(part, "[3m") {
				t.Fatalf("NO_COLOR view carries colour ESC%q", part[:min(len(part), 12)])
			}
		}
	}
}
