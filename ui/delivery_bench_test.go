package ui

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"codedesk/model"
	"codedesk/model/config"
	"codedesk/sandbox"
)

// BenchmarkWatch500Responsiveness drives the «Доставка» view through a
// real Bubble Tea program (renderer and all, output discarded) while it
// watches 500 SMS of the sandbox to their final statuses, and measures
// how long a key would wait: a probe message is sent every 5 ms and its
// wait until Update sees it is recorded. The budget is no wait over 50 ms.
func BenchmarkWatch500Responsiveness(b *testing.B) {
	srv, err := sandbox.Start(sandbox.Options{RateLimit: 1 << 20, DeliveryTime: 3 * time.Second}, "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(srv.Close)
	var worst, worstUpdate, worstView time.Duration
	for b.Loop() {
		ids := sendMany(b, srv, 500)
		w, u, v := watchAndProbe(b, srv, ids)
		worst, worstUpdate, worstView = max(worst, w), max(worstUpdate, u), max(worstView, v)
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "max-wait-ms")
	b.ReportMetric(float64(worstUpdate.Microseconds())/1000, "max-update-ms")
	b.ReportMetric(float64(worstView.Microseconds())/1000, "max-view-ms")
	if worst > 50*time.Millisecond {
		b.Errorf("a key waited %s while 500 ids were watched: the budget is 50 ms", worst)
	}
}

// sendMany sends n SMS through the sandbox and returns their ids.
func sendMany(b *testing.B, srv *sandbox.Servers, n int) []string {
	ids := make([]string, 0, n)
	for i := range n {
		// No trigger in the last four digits: each ends DELIVRD.
		ids = append(ids, sendSMS(b, srv, fmt.Sprintf("7701234%04d", 1000+i)))
	}
	return ids
}

// probeModel runs the app and times it: how long each probe waited for
// the update loop, each Update and each View took; it says when the
// status line first shows each of the milestones.
type probeModel struct {
	app        *App
	milestones []string
	reached    chan string

	mu                 sync.Mutex
	wait, update, view time.Duration
	measuring          bool
}

type probeMsg struct{ sent time.Time }

func (m *probeModel) Init() tea.Cmd { return m.app.Init() }

func (m *probeModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	start := time.Now()
	if p, ok := msg.(probeMsg); ok {
		m.mu.Lock()
		if m.measuring {
			m.wait = max(m.wait, start.Sub(p.sent))
		}
		m.mu.Unlock()
		return m, nil
	}
	_, cmd := m.app.Update(msg)
	d := time.Since(start)
	m.mu.Lock()
	if m.measuring {
		m.update = max(m.update, d)
	}
	m.mu.Unlock()
	if len(m.milestones) > 0 && strings.Contains(m.app.status.Text(), m.milestones[0]) {
		m.reached <- m.milestones[0]
		m.milestones = m.milestones[1:]
	}
	return m, cmd
}

func (m *probeModel) View() tea.View {
	start := time.Now()
	v := m.app.View()
	d := time.Since(start)
	m.mu.Lock()
	if m.measuring {
		m.view = max(m.view, d)
	}
	m.mu.Unlock()
	return v
}

func watchAndProbe(b *testing.B, srv *sandbox.Servers, ids []string) (wait, update, view time.Duration) {
	kz, uz := model.MustParseServer("http://"+srv.KZ), model.MustParseServer("http://"+srv.UZ)
	a := New(Options{Catalog: testCatalog, Width: 100, Height: 30, Getenv: func(string) string { return "" },
		Settings: config.Settings{Server: kz, Key: sandbox.KeyKZ, KeySource: "песочницы", Timeout: 5 * time.Second,
			Trust: model.NewTrust(kz, uz)},
		DemoRegions: []DemoRegion{{Name: "kz", Server: kz, Stands: "api.mobizon.kz"}, {Name: "uz", Server: uz, Stands: "api.mobizon.uz"}},
		HistoryPath: b.TempDir() + "/history.db"})
	defer a.Close()
	looked := fmt.Sprintf("%d сообщений", len(ids))
	m := &probeModel{app: a, reached: make(chan string, 4), milestones: []string{looked, "следим за", "слежение окончено"}}
	p := tea.NewProgram(m, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithWindowSize(100, 30),
		tea.WithColorProfile(colorprofile.ANSI256), tea.WithoutSignalHandler())
	ran := make(chan error, 1)
	go func() { _, err := p.Run(); ran <- err }()
	await := func(want string) {
		select {
		case got := <-m.reached:
			if got != want {
				b.Fatalf("reached %q, want %q", got, want)
			}
		case <-time.After(30 * time.Second):
			b.Fatalf("the status line never said %q; it says %q", want, a.status.Text())
		}
	}
	p.Send(press("ctrl+d"))
	p.Send(tea.PasteMsg{Content: strings.Join(ids, ", ")})
	p.Send(press("enter"))
	await(looked)
	m.mu.Lock()
	m.measuring = true
	m.mu.Unlock()
	stop := make(chan struct{})
	go func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				p.Send(probeMsg{sent: time.Now()})
			}
		}
	}()
	p.Send(press("w"))
	await("следим за")
	await("слежение окончено")
	close(stop)
	p.Quit()
	if err := <-ran; err != nil {
		b.Fatal(err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.wait, m.update, m.view
}
