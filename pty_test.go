package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"

	"codedesk/history/historytest"
	"codedesk/sandbox"
)

// The tests here run the real binary in a real pseudo-terminal, as a user
// would: they catch what in-process tests cannot (terminal modes, start-up
// cost, what is left on screen at exit).

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	buildDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// binary builds codedesk once per test run.
func binary(tb testing.TB) string {
	tb.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "codedesk-bin-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(buildDir, "codedesk")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = errors.New(string(out))
		}
	})
	if buildErr != nil {
		tb.Fatalf("go build: %v", buildErr)
	}
	return binPath
}

// ptyProc is codedesk running in a pseudo-terminal, its output collected.
type ptyProc struct {
	cmd   *exec.Cmd
	tty   *os.File
	mu    sync.Mutex
	out   bytes.Buffer
	grew  chan struct{} // closed and replaced whenever output arrives
	done  chan struct{}
	start time.Time
}

func startPTY(tb testing.TB, env []string, cols, rows uint16, args ...string) *ptyProc {
	tb.Helper()
	return startBinary(tb, binary(tb), env, cols, rows, args...)
}

// startBinary runs bin in a pseudo-terminal of cols×rows.
func startBinary(tb testing.TB, bin string, env []string, cols, rows uint16, args ...string) *ptyProc {
	tb.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append([]string{
		"HOME=" + tb.TempDir(), "TERM=xterm-256color", "PATH=" + os.Getenv("PATH"),
	}, env...)
	p := &ptyProc{cmd: cmd, done: make(chan struct{}), grew: make(chan struct{})}
	p.start = time.Now()
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: cols, Rows: rows})
	if err != nil {
		tb.Fatal(err)
	}
	p.tty = tty
	go func() {
		defer close(p.done)
		buf := make([]byte, 32*1024)
		for {
			n, err := tty.Read(buf)
			if n > 0 {
				p.mu.Lock()
				p.out.Write(buf[:n])
				close(p.grew)
				p.grew = make(chan struct{})
				p.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	tb.Cleanup(func() {
		_ = cmd.Process.Kill()
		_, _ = cmd.Process.Wait()
		tty.Close()
	})
	return p
}

func (p *ptyProc) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// waitOutput waits until the raw output contains s, and returns how long
// after the process started it first did. It wakes on each read, not on a
// timer, so the time it reports is the time the output came.
func (p *ptyProc) waitOutput(tb testing.TB, s string, timeout time.Duration) time.Duration {
	tb.Helper()
	deadline := time.After(timeout)
	for {
		p.mu.Lock()
		found := bytes.Contains(p.out.Bytes(), []byte(s))
		grew := p.grew
		p.mu.Unlock()
		if found {
			return time.Since(p.start)
		}
		select {
		case <-grew:
		case <-p.done:
			p.mu.Lock()
			found = bytes.Contains(p.out.Bytes(), []byte(s))
			p.mu.Unlock()
			if found {
				return time.Since(p.start)
			}
			tb.Fatalf("codedesk ended without %q in its output:\n%q", s, p.output())
		case <-deadline:
			tb.Fatalf("no %q in the output after %s:\n%q", s, timeout, p.output())
		}
	}
}

// waitExit waits for the process to end and returns its exit status.
func (p *ptyProc) waitExit(tb testing.TB, timeout time.Duration) int {
	tb.Helper()
	exited := make(chan error, 1)
	go func() { exited <- p.cmd.Wait() }()
	select {
	case err := <-exited:
		<-p.done
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			tb.Fatal(err)
		}
		return 0
	case <-time.After(timeout):
		tb.Fatalf("codedesk did not exit within %s; output:\n%q", timeout, p.output())
	}
	return -1
}

func TestTUIQuitRestoresTheTerminal(t *testing.T) {
	for _, k := range []string{"q", "\x03"} { // q, ctrl+c
		p := startPTY(t, nil, 100, 30)
		p.waitOutput(t, "Коды ответов", 10*time.Second)
		if _, err := p.tty.Write([]byte(k)); err != nil {
			t.Fatal(err)
		}
		if status := p.waitExit(t, 5*time.Second); status != 0 {
			t.Errorf("key %q: exit status %d", k, status)
		}
		out := p.output()
		// The alternate screen is left and the cursor shown again.
		for _, seq := range []string{"\x1b[?1049h", "\x1b[?1049l", "\x1b[?25h"} {
			if !strings.Contains(out, seq) {
				t.Errorf("key %q: output lacks %q", k, seq)
			}
		}
		if last := strings.LastIndex(out, "\x1b[?1049l"); last >= 0 && strings.Contains(out[last:], "Коды ответов") {
			t.Errorf("key %q: UI drawn after leaving the alternate screen", k)
		}
	}
}

func TestTUIHonoursNoColor(t *testing.T) {
	p := startPTY(t, []string{"NO_COLOR=1", "COLORTERM=truecolor"}, 100, 30)
	// The glamour card follows the first frame: wait for it (the plain
	// stand-in labels the class, glamour's card does not), so that what is
	// checked below includes it.
	p.waitScreen(t, 100, 30, "Что делать", "!Класс:")
	out := p.output()
	for _, seq := range []string{"\x1b[38;", "\x1b[48;", ";38;", ";48;"} {
		if strings.Contains(out, seq) {
			t.Fatalf("NO_COLOR=1 output contains colour sequence %q", seq)
		}
	}
	p.tty.Write([]byte("q"))
	p.waitExit(t, 5*time.Second)
}

// waitScreen waits until the screen, as a terminal of cols×rows shows the
// output, holds every one of want; a want starting with "!" must be absent.
func (p *ptyProc) waitScreen(tb testing.TB, cols, rows int, want ...string) string {
	tb.Helper()
	deadline := time.After(10 * time.Second)
	for {
		p.mu.Lock()
		raw, grew := p.out.String(), p.grew
		p.mu.Unlock()
		scr := emulate(raw, cols, rows)
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
		select {
		case <-grew:
		case <-p.done:
			tb.Fatalf("codedesk ended before the screen showed %q:\n%s", missing, scr)
		case <-deadline:
			tb.Fatalf("the screen never showed %q (! means absent):\n%s", missing, scr)
		}
	}
}

// emulate is what a terminal of cols×rows shows after raw.
func emulate(raw string, cols, rows int) string {
	emu := vt.NewSafeEmulator(cols, rows)
	go io.Copy(io.Discard, emu) // its answers to queries; it ends with the test binary
	_, _ = emu.Write([]byte(raw))
	// The TUI keeps numbers with their units by non-breaking spaces; on
	// screen they are spaces.
	return strings.ReplaceAll(emu.String(), "\u00a0", " ")
}

// paste is text as a terminal pastes it in bracketed-paste mode: line
// breaks as CR, the way tmux, VTE and xterm send them.
func paste(text string) []byte {
	return []byte("\x1b[200~" + strings.ReplaceAll(text, "\n", "\r") + "\x1b[201~")
}

func TestAPastedDocsStyleCurlBecomesTheRequest(t *testing.T) {
	curl := "curl -X POST \\\n  'https://api.mobizon.kz/service/message/sendsmsmessage?output=json&api=v1&apiKey=KEY-OF-A-CUSTOMER' \\\n" +
		"  -H 'cache-control: no-cache' \\\n  -H 'content-type: application/x-www-form-urlencoded' \\\n" +
		"  -d 'recipient=77001234567&text=Hi'"
	for _, size := range [][2]int{{100, 30}, {80, 24}} {
		cols, rows := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", cols, rows), func(t *testing.T) {
			p := startPTY(t, nil, uint16(cols), uint16(rows), "--demo")
			p.waitScreen(t, cols, rows, "Коды ответов")
			p.tty.Write(paste(curl))
			// In the demo the real API's host stands for the sandbox's region.
			p.waitScreen(t, cols, rows, "message/sendSmsMessage", "recipient=77001234567", "text=Hi", "регион kz", "ключ из запроса удалён")
			p.tty.Write([]byte{0x13}) // ctrl+s
			p.waitScreen(t, cols, rows, "код 0 · Успешно")
			p.tty.Write([]byte{0x03}) // ctrl+c: the parameters still have the keyboard
			p.waitExit(t, 5*time.Second)
		})
	}
}

func TestTUIInColourByDefault(t *testing.T) {
	// The other side of TestTUIHonoursNoColor: without NO_COLOR there is
	// colour, so that test would fail if colour were simply never shown.
	p := startPTY(t, []string{"COLORTERM=truecolor"}, 100, 30)
	p.waitOutput(t, "Коды ответов", 10*time.Second)
	p.waitOutput(t, "38;2;", 10*time.Second)
	p.tty.Write([]byte("q"))
	p.waitExit(t, 5*time.Second)
}

func TestCodeOnATerminalUsesGlamour(t *testing.T) {
	p := startPTY(t, nil, 100, 30, "code", "30")
	if status := p.waitExit(t, 10*time.Second); status != 0 {
		t.Fatalf("exit %d", status)
	}
	out := p.output()
	if !strings.Contains(out, "\x1b[") {
		t.Errorf("on a terminal the card must be rendered with glamour (styled), got:\n%q", out)
	}
	if plain := ansi.Strip(out); !strings.Contains(plain, "30 · Превышен лимит") || !strings.Contains(plain, "Что делать") {
		t.Errorf("card lacks its title or hint:\n%s", plain)
	}
	p2 := startPTY(t, nil, 100, 30, "code", "30", "--plain")
	p2.waitExit(t, 10*time.Second)
	if strings.Contains(p2.output(), "\x1b[") {
		t.Errorf("--plain must print plain text:\n%q", p2.output())
	}
}

// BenchmarkFirstFrame measures, in a 100×30 pseudo-terminal, the time from
// starting the process to the first frame of the TUI on screen. ns/op is
// the mean; median-ms is what the budget is about.
func BenchmarkFirstFrame(b *testing.B) {
	measureFirstFrames(b, nil)
}

// measureFirstFrames starts the TUI once per iteration with env and
// reports the median time to its first frame.
func measureFirstFrames(b *testing.B, env []string) {
	bin := binary(b)
	var frames []time.Duration
	for b.Loop() {
		frames = append(frames, firstFrame(b, bin, env))
	}
	b.ReportMetric(float64(median(frames).Microseconds())/1000, "median-ms")
}

// firstFrame starts bin in a 100×30 pty and returns how long its first
// frame ("Коды ответов" on screen) took.
func firstFrame(b *testing.B, bin string, env []string) time.Duration {
	p := startBinary(b, bin, env, 100, 30)
	d := p.waitOutput(b, "Коды ответов", 10*time.Second)
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	_, _ = p.cmd.Process.Wait()
	<-p.done
	p.tty.Close()
	return d
}

// BenchmarkFirstFrameVsReference starts docs/reference (a minimal Bubble
// Tea v2 program showing one glamour card) and codedesk alternately in the
// same 100×30 pty. On a machine others load, the ratio is the number to
// read: the budget is codedesk at most 0.8× the reference.
func BenchmarkFirstFrameVsReference(b *testing.B) {
	bin := binary(b)
	ref := filepath.Join(b.TempDir(), "reference")
	if out, err := exec.Command("go", "build", "-o", ref, "./docs/reference").CombinedOutput(); err != nil {
		b.Fatalf("go build ./docs/reference: %v\n%s", err, out)
	}
	var ours, theirs []time.Duration
	for b.Loop() {
		theirs = append(theirs, firstFrame(b, ref, nil))
		ours = append(ours, firstFrame(b, bin, nil))
	}
	o, r := median(ours), median(theirs)
	b.ReportMetric(float64(o.Microseconds())/1000, "codedesk-ms")
	b.ReportMetric(float64(r.Microseconds())/1000, "reference-ms")
	b.ReportMetric(float64(o)/float64(r), "ratio")
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

// BenchmarkCallVsCurl times the whole process of `codedesk call` and of
// curl for the same request to the sandbox on loopback; the budget is
// codedesk within 3× curl.
func BenchmarkCallVsCurl(b *testing.B) {
	srv, err := sandbox.Start(sandbox.Options{RateLimit: 1 << 20}, "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	bin := binary(b)
	env := []string{"HOME=" + b.TempDir(), "PATH=" + os.Getenv("PATH"),
		"MOBIZON_API_KEY=" + sandbox.KeyKZ, "MOBIZON_API_SERVER=http://" + srv.KZ}
	run := func(b *testing.B, name string, args ...string) {
		for b.Loop() {
			cmd := exec.Command(name, args...)
			cmd.Env = env
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("%s: %v\n%s", name, err, out)
			}
		}
	}
	b.Run("codedesk", func(b *testing.B) { run(b, bin, "call", "user/getOwnBalance") })
	b.Run("curl", func(b *testing.B) {
		curl, err := exec.LookPath("curl")
		if err != nil {
			b.Skip("curl is not installed")
		}
		run(b, curl, "-sS", "--fail", "http://"+srv.KZ+"/service/user/getownbalance?api=v1&apiKey="+sandbox.KeyKZ+"&output=json")
	})
}

// BenchmarkFirstFrameBigHistory is BenchmarkFirstFrame with a history of a
// million calls in place: the budget is the first frame's plus 20 ms.
func BenchmarkFirstFrameBigHistory(b *testing.B) {
	state := b.TempDir()
	path := filepath.Join(state, "codedesk", "history.db")
	if err := historytest.FillSynthetic(context.Background(), path, 1_000_000); err != nil {
		b.Fatal(err)
	}
	measureFirstFrames(b, []string{"XDG_STATE_HOME=" + state})
}

// A closed terminal (SIGHUP) ends the TUI as q does: the history closed,
// no -wal or -shm left beside it.
func TestTUIEndsCleanlyWhenItsTerminalCloses(t *testing.T) {
	state := t.TempDir()
	p := startPTY(t, []string{"XDG_STATE_HOME=" + state}, 100, 30)
	p.waitOutput(t, "Коды ответов", 10*time.Second)
	dir := filepath.Join(state, "codedesk")
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(dir, "history.db-wal")); err == nil {
			break // the history is open
		}
		if time.Now().After(deadline) {
			t.Fatal("the history never opened")
		}
		time.Sleep(10 * time.Millisecond) // polling the folder, not standing in for a condition
	}
	if err := p.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	p.waitExit(t, 10*time.Second)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"history.db"}) {
		t.Errorf("beside the history after a hangup: %v", names)
	}
}
