package ui

import (
	"errors"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A history that cannot be read says so in its view, never "пусто", with
// the store's own (password-free) words, and reads itself again once the
// team's server is back.

// refusedAddr is an address of loopback nothing listens on.
func refusedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestAnUnreadableHistorySaysWhyInItsView(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir()) // where a team store keeps what the server did not take
	const password = "s3cret-Pass"
	where := "postgres://aigerim:" + password + "@" + refusedAddr(t) + "/codedesk?sslmode=disable"
	a := newApp(t, 100, 30, func(t *testing.T, o *Options) { o.HistoryPath = where })
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+r"))
	scr := ls.waitFor(t, "История · не читается", "Не прочитать:", "Перечитать: esc и ctrl+r")
	for _, bad := range []string{"пусто", "0+", password} {
		if strings.Contains(scr, bad) {
			t.Errorf("the view shows %q:\n%s", bad, scr)
		}
	}
}

func TestAHistoryReadAgainAfterAFailureShowsItsCalls(t *testing.T) {
	var path string
	a := newApp(t, 100, 30, withSeeds(&path, seedCalls()...))
	for _, m := range mustRun(t, a.warmUp()) {
		a.Update(m) // the history opens
	}
	h := a.history
	h.Reload()
	h, _ = h.Update(historyPageMsg{gen: h.gen, err: errors.New("история postgres://…/codedesk: сервер не отвечает")})
	if v := screenOf(h.View()); !strings.Contains(v, "сервер не отвечает") || strings.Contains(v, "пусто") {
		t.Fatalf("a failed read must say why, not «пусто»:\n%s", v)
	}
	h.Reload()
	h, _ = h.Update(historyPageMsg{gen: h.gen, calls: seedCalls()})
	if v := screenOf(h.View()); strings.Contains(v, "не читается") || !strings.Contains(v, "История · 4 вызова") {
		t.Errorf("read again, the history shows its calls and no failure:\n%s", v)
	}
}

// gate stands between codedesk and a server and turns connections away
// while closed, as a server that is down does.
type gate struct {
	ln   net.Listener
	open atomic.Bool
	mu   sync.Mutex
	live []net.Conn
}

func newGate(t *testing.T, target string) *gate {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	g := &gate{ln: ln}
	t.Cleanup(func() { ln.Close(); g.close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if !g.open.Load() {
				c.Close()
				continue
			}
			go g.pipe(c, target)
		}
	}()
	return g
}

func (g *gate) pipe(c net.Conn, target string) {
	s, err := net.Dial("tcp", target)
	if err != nil {
		c.Close()
		return
	}
	g.mu.Lock()
	g.live = append(g.live, c, s)
	g.mu.Unlock()
	go func() { io.Copy(s, c); s.Close() }()
	io.Copy(c, s)
	c.Close()
}

func (g *gate) close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, c := range g.live {
		c.Close()
	}
	g.live = nil
}

func TestATeamHistoryAwayAtStartIsReadOnceItsServerIsBack(t *testing.T) {
	where := freshPostgres(t)
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	u, err := url.Parse(where)
	if err != nil {
		t.Fatal(err)
	}
	g := newGate(t, u.Host)
	u.Host = g.ln.Addr().String()
	clock := newManualClock(time.Date(2026, 11, 26, 10, 0, 0, 0, time.Local))
	a := newApp(t, 100, 30, withClock(clock), func(t *testing.T, o *Options) { o.HistoryPath = u.String() })
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20", "чужие изменения не будут видны сразу")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История · не читается")
	g.open.Store(true)
	clock.waitSleeper(t) // the subscription waits to try again
	clock.Advance(watchRetry)
	ls.waitFor(t, "История · 0 вызовов", "связь с сервером восстановлена", "!не читается")
}
