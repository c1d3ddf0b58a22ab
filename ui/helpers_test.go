package ui

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/charmbracelet/x/vt"

	"codedesk/model"
	"codedesk/model/catalog"
	"codedesk/model/config"
	"codedesk/sandbox"
)

// The tests drive the app as a user does: keys in, the screen read back
// through a terminal emulator. Panes are also tested alone, through their
// Update. Every wait has a deadline and fails loudly when it passes.

var testCatalog = catalog.MustDefaultCatalog()

// waitLimit is how long any wait of a test may take before it fails.
const waitLimit = 10 * time.Second

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
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	}
	if mod, k, ok := strings.Cut(s, "+"); ok && mod == "ctrl" {
		return tea.KeyPressMsg{Code: []rune(k)[0], Mod: tea.ModCtrl}
	}
	r := []rune(s)
	return tea.KeyPressMsg{Code: r[0], Text: s}
}

// typing is one key press per rune of s.
func typing(s string) []tea.KeyPressMsg {
	var out []tea.KeyPressMsg
	for _, r := range s {
		out = append(out, press(string(r)))
	}
	return out
}

// appOption sets up one part of an app under test.
type appOption func(t *testing.T, o *Options)

// newApp is the app at w×h with the options given: no key, no history
// unless asked for.
func newApp(t *testing.T, w, h int, opts ...appOption) *App {
	t.Helper()
	o := Options{Catalog: testCatalog, Width: w, Height: h,
		Settings: config.Settings{Server: model.MustParseServer(model.DefaultServer), Timeout: 5 * time.Second},
		Getenv:   func(string) string { return "" }}
	for _, opt := range opts {
		opt(t, &o)
	}
	a := New(o)
	t.Cleanup(func() { a.Close() })
	return a
}

// withSandbox points the app at a sandbox on loopback, as --demo does,
// with its own throwaway config file; the servers are returned through srv.
func withSandbox(sbOpts sandbox.Options, srv **sandbox.Servers) appOption {
	return func(t *testing.T, o *Options) {
		t.Helper()
		s, err := sandbox.Start(sbOpts, "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Close)
		kz, uz := model.MustParseServer("http://"+s.KZ), model.MustParseServer("http://"+s.UZ)
		o.Settings = config.Settings{Server: kz, Key: sandbox.KeyKZ, KeySource: "песочницы", Timeout: 5 * time.Second,
			Trust: model.NewTrust(kz, uz)}
		o.DemoRegions = []DemoRegion{{Name: "kz", Server: kz, Stands: "api.mobizon.kz"}, {Name: "uz", Server: uz, Stands: "api.mobizon.uz"}}
		o.ConfigPath = filepath.Join(t.TempDir(), "config.toml")
		if srv != nil {
			*srv = s
		}
	}
}

// withServer points the app at server with key, as --server naming it
// would: the key may go there.
func withServer(server, key string) appOption {
	return func(t *testing.T, o *Options) {
		srv := model.MustParseServer(server)
		o.Settings = config.Settings{Server: srv, Key: key, KeySource: "теста", Timeout: 5 * time.Second, Trust: model.NewTrust(srv)}
	}
}

// withRequest prefills the request.
func withRequest(method string, params ...string) appOption {
	return func(t *testing.T, o *Options) {
		t.Helper()
		o.Method = method
		for _, p := range params {
			kv, err := model.ParseParam(p)
			if err != nil {
				t.Fatal(err)
			}
			o.Params = append(o.Params, kv)
		}
	}
}

// withHistory gives the app a history file, returned through path.
func withHistory(path *string) appOption {
	return func(t *testing.T, o *Options) {
		o.HistoryPath = filepath.Join(t.TempDir(), "history.db")
		if path != nil {
			*path = o.HistoryPath
		}
	}
}

func withClock(c model.Clock) appOption {
	return func(t *testing.T, o *Options) { o.Clock = c }
}

func withNoColor() appOption {
	return func(t *testing.T, o *Options) { o.NoColor = true }
}

// liveScreen runs the app in a real Bubble Tea program and feeds what it
// writes into a terminal emulator, so tests read the screen a user would
// see, whatever mix of redraws and cursor moves the renderer chose.
type liveScreen struct {
	tm  *teatest.TestModel
	emu *vt.SafeEmulator
	mu  sync.Mutex
	raw bytes.Buffer // everything written, for escape sequences
}

// start runs the app with an in-memory terminal of the given size and a
// fixed colour profile.
func start(t *testing.T, a *App, w, h int) *liveScreen {
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
		tm.WaitFinished(t, teatest.WithFinalTimeout(waitLimit))
	})
	return &liveScreen{tm: tm, emu: emu}
}

// text is the emulated screen, trailing spaces trimmed.
func (ls *liveScreen) text() string {
	b, _ := io.ReadAll(ls.tm.Output())
	ls.mu.Lock()
	ls.raw.Write(b)
	ls.mu.Unlock()
	// A real tty turns "\n" into "\r\n" (ONLCR) and Bubble Tea counts on
	// it when it writes to something that is not a terminal; so does this.
	_, _ = ls.emu.Write(bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")))
	// A non-breaking space looks like a space: tests read it as one.
	return trimLines(strings.ReplaceAll(ls.emu.String(), nbsp, " "))
}

// rawOutput is every byte the program wrote so far.
func (ls *liveScreen) rawOutput() string {
	ls.text()
	ls.mu.Lock()
	defer ls.mu.Unlock()
	return ls.raw.String()
}

// waitFor waits until the screen shows every one of want; a want that
// starts with "!" must be absent instead. It fails the test, showing the
// last screen, when waitLimit passes.
func (ls *liveScreen) waitFor(t *testing.T, want ...string) string {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		scr := ls.text()
		missing := ""
		for _, w := range want {
			absent, neg := strings.CutPrefix(w, "!")
			if neg && absent != "" && strings.Contains(scr, absent) || !neg && !strings.Contains(scr, w) {
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
		time.Sleep(5 * time.Millisecond) // polling the emulator, not standing in for a condition
	}
}

// send delivers key presses (or any messages) to the running program.
func (ls *liveScreen) send(msgs ...tea.Msg) {
	for _, m := range msgs {
		ls.tm.Send(m)
	}
}

// pasteOf is s pasted, as a terminal's bracketed paste delivers it.
func pasteOf(s string) tea.PasteMsg { return tea.PasteMsg{Content: s} }

// typeText types s, a key press per rune.
func (ls *liveScreen) typeText(s string) {
	for _, k := range typing(s) {
		ls.tm.Send(k)
	}
}

func (ls *liveScreen) resize(w, h int) {
	ls.emu.Resize(w, h)
	ls.tm.Send(tea.WindowSizeMsg{Width: w, Height: h})
}

// glamourCard is the sign that glamour has drawn the card: the plain
// stand-in labels the class ("Класс: успех"), glamour shows it alone.
const glamourCard = "!Класс:"

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

// screenOf is a model's view without colours.
func screenOf(v string) string { return ansi.Strip(v) }

// mustRun runs cmd as Bubble Tea would, batches included, and returns the
// messages it produced. A command that does not return within waitLimit
// fails the test.
func mustRun(t *testing.T, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(waitLimit):
		t.Fatalf("a command did not return within %s", waitLimit)
	}
	if batch, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range batch {
			out = append(out, mustRun(t, c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
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
	return ts.URL
}

// answering serves one fixed body to every call.
func answering(t *testing.T, body string) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, body) }))
	t.Cleanup(ts.Close)
	return ts.URL
}

// manualClock is the one fake clock of these tests: time moves only when
// the test says, and a Sleep ends when it has moved far enough.
type manualClock struct {
	mu       sync.Mutex
	now      time.Time
	sleepers []sleeper
	changed  chan struct{} // closed and replaced when a sleeper comes
}

type sleeper struct {
	at   time.Time
	done chan struct{}
}

func newManualClock(at time.Time) *manualClock {
	return &manualClock{now: at, changed: make(chan struct{})}
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	if d <= 0 {
		c.mu.Unlock()
		return ctx.Err()
	}
	s := sleeper{at: c.now.Add(d), done: make(chan struct{})}
	c.sleepers = append(c.sleepers, s)
	close(c.changed)
	c.changed = make(chan struct{})
	c.mu.Unlock()
	select {
	case <-s.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Advance moves time on by d and wakes the sleepers whose time has come.
func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.sleepers[:0]
	for _, s := range c.sleepers {
		if !s.at.After(c.now) {
			select {
			case <-s.done:
			default:
				close(s.done)
			}
			continue
		}
		kept = append(kept, s)
	}
	c.sleepers = kept
}

// waitSleeper waits until something sleeps on the clock, so that Advance
// cannot come before the sleep it is meant to end.
func (c *manualClock) waitSleeper(t *testing.T) {
	t.Helper()
	deadline := time.After(waitLimit)
	for {
		c.mu.Lock()
		n, changed := len(c.sleepers), c.changed
		c.mu.Unlock()
		if n > 0 {
			return
		}
		select {
		case <-changed:
		case <-deadline:
			t.Fatal("nothing ever slept on the clock")
		}
	}
}
