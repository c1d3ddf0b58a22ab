package ui

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/charmbracelet/x/vt"

	"codedesk/model/catalog"
)

var testCatalog = catalog.MustDefaultCatalog()

func newTestApp(w, h int) *App {
	return New(Options{Catalog: testCatalog, Width: w, Height: h})
}

// press builds a key press as Bubble Tea delivers it.
func press(s string) tea.KeyPressMsg {
	switch s {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "ctrl+s":
		return tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
	}
	r := []rune(s)
	return tea.KeyPressMsg{Code: r[0], Text: s}
}

// send feeds msgs to the app and runs the commands they return, feeding the
// resulting messages back, as the Bubble Tea runtime would (batches
// included), but without a terminal. Commands that only tick (a blinking
// cursor) are left unrun.
func send(t *testing.T, a *App, msgs ...tea.Msg) {
	t.Helper()
	for _, msg := range msgs {
		_, cmd := a.Update(msg)
		runCmd(t, a, cmd, 0)
	}
}

func typeText(t *testing.T, a *App, s string) {
	t.Helper()
	for _, r := range s {
		send(t, a, press(string(r)))
	}
}

func runCmd(t *testing.T, a *App, cmd tea.Cmd, depth int) {
	t.Helper()
	if cmd == nil || depth > 20 {
		return
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(300 * time.Millisecond):
		return // a timer (a blinking cursor, a backoff): not part of the test
	}
	switch m := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range m {
			runCmd(t, a, c, depth+1)
		}
	case spinner.TickMsg:
		// Spinner frames are not part of any test; feeding them back would
		// tick for as long as a call runs.
	default:
		// Terminal queries come back as messages the app ignores.
		_, next := a.Update(msg)
		runCmd(t, a, next, depth+1)
	}
}

// quits reports whether cmd (or a command in its batch) quits the program.
func quits(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case msg := <-done:
		switch m := msg.(type) {
		case tea.QuitMsg:
			return true
		case tea.BatchMsg:
			for _, c := range m {
				if quits(c) {
					return true
				}
			}
		}
	case <-time.After(50 * time.Millisecond):
	}
	return false
}

// screen is the app's current view without colours, as a user reads it.
func screen(a *App) string {
	return ansi.Strip(a.View().Content)
}

// liveScreen runs the app in a real Bubble Tea program and feeds what it
// writes into a terminal emulator, so tests read the screen a user would
// see, whatever mix of redraws and cursor moves the renderer chose.
type liveScreen struct {
	tm  *teatest.TestModel
	emu *vt.SafeEmulator
}

// startProgram starts the app with an in-memory terminal of the given size
// and a fixed colour profile.
func startProgram(t *testing.T, a *App, w, h int) *liveScreen {
	t.Helper()
	tm := teatest.NewTestModel(t, a,
		teatest.WithInitialTermSize(w, h),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)),
	)
	emu := vt.NewSafeEmulator(w, h)
	// The emulator answers terminal queries through a pipe that must be
	// drained. It is never closed: vt v0.1.0's Close races with a pending
	// Read, and the reader ends with the test binary.
	go io.Copy(io.Discard, emu)
	t.Cleanup(func() {
		_ = tm.Quit()
		tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	})
	return &liveScreen{tm: tm, emu: emu}
}

// text is the emulated screen, trailing spaces trimmed.
func (ls *liveScreen) text() string {
	b, _ := io.ReadAll(ls.tm.Output())
	// A real tty turns "\n" into "\r\n" (ONLCR) and Bubble Tea counts on
	// it when it writes to something that is not a terminal; so does this.
	_, _ = ls.emu.Write(bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")))
	return trimLines(ls.emu.String())
}

// waitFor waits until the screen shows every one of want. A want that
// starts with "!" must be absent instead.
func (ls *liveScreen) waitFor(t *testing.T, want ...string) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		scr := ls.text()
		missing := ""
		for _, w := range want {
			if absent, ok := strings.CutPrefix(w, "!"); ok && absent != "" {
				if strings.Contains(scr, absent) {
					missing = w
					break
				}
			} else if !strings.Contains(scr, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return scr
		}
		if time.Now().After(deadline) {
			t.Fatalf("the screen never showed %q (! means absent); last screen:\n%s", missing, scr)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// glamourCard is the sign that glamour has drawn the card: the plain
// stand-in labels the class, glamour shows it in italics alone.
const glamourCard = "!Класс:"

func (ls *liveScreen) resize(w, h int) {
	ls.emu.Resize(w, h)
	ls.tm.Send(tea.WindowSizeMsg{Width: w, Height: h})
}

func requireGolden(t *testing.T, s string) {
	t.Helper()
	golden.RequireEqual(t, []byte(trimLines(s)))
}

// trimLines drops trailing spaces, which editors strip and no one can see.
func trimLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n") + "\n"
}

// startBlackhole serves HTTP that never answers until release is closed.
func startBlackhole(t *testing.T, release <-chan struct{}) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(ts.Close)
	return strings.TrimPrefix(ts.URL, "http://")
}

// hostileServer answers with escape sequences meant to take over a
// terminal: set its title, write its clipboard, clear it, ring it.
func hostileServer(t *testing.T) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"code":3,"message":"\u001b]0;owned\u0007 \u001b]52;c;aGk=\u0007\u001b[2J","data":{"x":"\u001b[31mred\u0007"}}`)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// runBatchUntil runs cmd, and the commands of any batch it returns, until
// one yields a message pred accepts; commands may take a while (a
// cancelled call), so each gets up to five seconds.
func runBatchUntil(t *testing.T, cmd tea.Cmd, pred func(tea.Msg) bool) tea.Msg {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- c() }()
		select {
		case msg := <-done:
			if batch, ok := msg.(tea.BatchMsg); ok {
				queue = append(queue, batch...)
				continue
			}
			if pred(msg) {
				return msg
			}
		case <-time.After(5 * time.Second):
		}
	}
	t.Fatal("no command produced the expected message")
	return nil
}

// waitRendered checks the detail shows its glamour rendering, not the
// plain stand-in.
func waitRendered(t *testing.T, a *App) {
	t.Helper()
	if _, ok := a.detail.cards[a.detail.currentKey()]; !ok {
		t.Fatal("the detail has not been rendered with glamour")
	}
}
