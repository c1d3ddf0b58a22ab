package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

func tea_WindowSize(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }

// The golden screens are what a terminal shows, read back through a terminal
// emulator; refresh them with go test ./ui -run Golden -update.

func TestGoldenFirstFrame(t *testing.T) {
	ls := startProgram(t, newTestApp(100, 30), 100, 30)
	requireGolden(t, ls.waitFor(t, "Коды ответов 20", "Что делать", glamourCard))
}

func TestGoldenFilterLimit(t *testing.T) {
	ls := startProgram(t, newTestApp(100, 30), 100, 30)
	ls.waitFor(t, "Что делать", glamourCard)
	ls.tm.Type("/лимит")
	requireGolden(t, ls.waitFor(t, "/ лимит", "Код 30", "30 · Превышен лимит запросов", "Что делать", glamourCard, "уменьшить частоту"))
}

func TestGoldenResizeTo40x10(t *testing.T) {
	ls := startProgram(t, newTestApp(100, 30), 100, 30)
	ls.waitFor(t, "Что делать", glamourCard)
	ls.resize(40, 10)
	requireGolden(t, ls.waitFor(t, "стр. 1/4"))
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		a := newTestApp(100, 30)
		if _, cmd := a.Update(press(k)); !quits(cmd) {
			t.Errorf("%s must quit", k)
		}
	}
	// ctrl+c quits even while typing a filter.
	a := newTestApp(100, 30)
	send(t, a, press("/"))
	if _, cmd := a.Update(press("ctrl+c")); !quits(cmd) {
		t.Error("ctrl+c must quit while filtering")
	}
}

func TestFocusCycles(t *testing.T) {
	a := newTestApp(100, 30)
	want := []focusArea{focusDetail, focusMethod, focusParams, focusServer, focusCodes}
	for i, w := range want {
		send(t, a, press("tab"))
		if a.focus != w {
			t.Fatalf("tab #%d: focus %d, want %d", i+1, a.focus, w)
		}
	}
	send(t, a, press("shift+tab"))
	if a.focus != focusServer {
		t.Errorf("shift+tab: focus %d, want the server field", a.focus)
	}
	send(t, a, press("esc"))
	if a.focus != focusCodes {
		t.Errorf("esc in a field: focus %d, want the codes", a.focus)
	}
	send(t, a, press("tab"), press("/"))
	if a.focus != focusCodes || !a.codes.Filtering() {
		t.Error("/ from the detail must focus the list and open its filter")
	}
}

func TestTextFieldsTakeQAndQuestionMark(t *testing.T) {
	a := newTestApp(100, 30)
	send(t, a, press("tab"), press("tab"), press("tab")) // the parameters
	if a.focus != focusParams {
		t.Fatalf("focus %d", a.focus)
	}
	for _, k := range []string{"q", "?"} {
		if _, cmd := a.Update(press(k)); quits(cmd) {
			t.Fatalf("%s in a text field quit the app", k)
		}
	}
	if a.showAllKeys || a.request.params.Value() != "q?" {
		t.Errorf("params %q, key list shown %v", a.request.params.Value(), a.showAllKeys)
	}
}

func TestHelpListsEveryKeyOfTheHelpBar(t *testing.T) {
	a := newTestApp(100, 30)
	send(t, a, press("?"))
	if !a.showAllKeys {
		t.Fatal("? must open the key list")
	}
	s := screen(a)
	for _, want := range []string{"/", "поиск", "tab", "shift+tab", "ctrl+c", "esc", "pgup", "прокрутка вниз"} {
		if !strings.Contains(s, want) {
			t.Errorf("key list lacks %q:\n%s", want, s)
		}
	}
	send(t, a, press("esc"))
	if a.showAllKeys {
		t.Error("esc must close the key list")
	}
}

func TestEveryViewFitsTheTerminal(t *testing.T) {
	sizes := [][2]int{{0, 0}, {1, 1}, {5, 3}, {20, 5}, {40, 10}, {60, 15}, {79, 23}, {80, 24}, {100, 30}, {200, 60}}
	for _, sz := range sizes {
		w, h := sz[0], sz[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			a := newTestApp(100, 30)
			runCmd(t, a, a.Init(), 0)
			send(t, a, tea_WindowSize(w, h))
			for _, step := range []func(){
				func() {},
				func() { send(t, a, press("?")) },
				func() { send(t, a, press("esc"), press("/")); typeText(t, a, "ошибка") },
				func() { send(t, a, press("enter"), press("tab")) },
			} {
				step()
				view := a.View().Content
				if w == 0 {
					continue
				}
				if got := lipgloss.Height(view); got > h {
					t.Errorf("view is %d lines tall in a %d-line terminal", got, h)
				}
				for i, line := range strings.Split(view, "\n") {
					if lw := ansi.StringWidth(line); lw > w {
						t.Errorf("line %d is %d columns wide in a %d-column terminal: %q", i, lw, w, ansi.Strip(line))
					}
				}
			}
		})
	}
}

func TestBackgroundColourSwitchesStyles(t *testing.T) {
	a := newTestApp(100, 30)
	if a.ctx.Styles.Glamour != "dark" {
		t.Fatalf("default glamour style %q, want dark until the terminal answers", a.ctx.Styles.Glamour)
	}
	runCmd(t, a, a.Init(), 0)
	before := a.detail.renders
	send(t, a, tea.BackgroundColorMsg{Color: lipgloss.Color("#FFFFFF")})
	if a.ctx.Styles.Glamour != "light" || a.ctx.Styles.IsDark {
		t.Errorf("after a white background: glamour %q, dark %v", a.ctx.Styles.Glamour, a.ctx.Styles.IsDark)
	}
	if a.detail.renders != before+1 {
		t.Errorf("the card must be re-rendered in the light style: %d renders, want %d", a.detail.renders, before+1)
	}
}

func TestNoColorStylesHaveNoColour(t *testing.T) {
	a := New(Options{Catalog: testCatalog, Width: 100, Height: 30, NoColor: true})
	a.codes.Mark(30)
	view := a.View().Content
	// 38;/48; are foreground/background colour selections in SGR sequences.
	for _, seq := range []string{"38;", "48;", "[3", "[4", "[9"} {
		for _, part := range strings.Split(view, "\x1b") {
			if strings.HasPrefix(part, seq) && !strings.HasPrefix(part, "[4m") && !strings.HasPrefix(part, "[3m") {
				t.Fatalf("NO_COLOR view contains colour sequence ESC%q", part[:min(len(part), 12)])
			}
		}
	}
}
