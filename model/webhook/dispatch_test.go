package webhook

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"codedesk/model/clocktest"
)

// jumpClock jumps forward on Sleep instead of waiting, so a schedule of
// minutes is proven in microseconds.
type jumpClock = clocktest.Jump

// failingEndpoint answers 503 to the first n requests, then 200.
func failingEndpoint(t *testing.T, n int) (*httptest.Server, *endpoint) {
	e := &endpoint{}
	var count atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.record(r)
		if count.Add(1) <= int64(n) {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, e
}

// dispatch delivers one report and collects its attempts until it ends.
func dispatch(t *testing.T, url string, speed float64, clock *jumpClock) []DispatchAttempt {
	t.Helper()
	var mu sync.Mutex
	var attempts []DispatchAttempt
	done := make(chan struct{})
	d, err := NewDispatcher(DispatcherOptions{URL: url, Secret: testSecret, Speed: speed, Clock: clock, FirstEventID: 500,
		OnAttempt: func(a DispatchAttempt) {
			mu.Lock()
			defer mu.Unlock()
			attempts = append(attempts, a)
			if a.Outcome == OutcomeDelivered || a.GaveUp {
				close(done)
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	report := DeliveryReport{MessageID: 40012345, CampaignID: 2454551, To: "77011234567", Status: "DELIVRD", SegNum: 1, StatusUpdateTs: clock.Now()}
	if err := d.Deliver(report); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the report never ended")
	}
	eventually(t, "no report pending", func() bool { return d.Pending() == 0 })
	mu.Lock()
	defer mu.Unlock()
	return attempts
}

func TestDispatcherRetriesOnMobizonsSchedule(t *testing.T) {
	for _, c := range []struct {
		speed float64
		unit  time.Duration
	}{{1, time.Minute}, {60, time.Second}} {
		t.Run(fmt.Sprintf("speed %v", c.speed), func(t *testing.T) {
			srv, e := failingEndpoint(t, 1000)
			start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			attempts := dispatch(t, srv.URL, c.speed, clocktest.New(start))
			if len(attempts) != MaxAttempts || !attempts[MaxAttempts-1].GaveUp {
				t.Fatalf("%d attempts, want %d ending in giving up", len(attempts), MaxAttempts)
			}
			offset := 0 // 0, 1, 3, 6, 10, …: the gap grows by one unit each time
			for i, a := range attempts {
				if got := a.At.Sub(start); got != time.Duration(offset)*c.unit {
					t.Errorf("attempt %d at +%s, want +%s", i+1, got, time.Duration(offset)*c.unit)
				}
				offset += i + 1
			}
			hits := e.all()
			for i, h := range hits {
				p, err := Parse(h.body, h.contentType)
				if err != nil {
					t.Fatal(err)
				}
				want := sha1hex(fmt.Sprintf("500|%d|%s|%s", i+1, "2026-03-02 09:00:00", string(testSecret)))
				if p.EventID != "500" || p.Attempt != fmt.Sprint(i+1) || p.Sign != want || p.Status() != "DELIVRD" {
					t.Errorf("attempt %d sent eventId %s attempt %s sign %s status %s", i+1, p.EventID, p.Attempt, p.Sign, p.Status())
				}
			}
		})
	}
}

func TestDispatcherStopsOnceDelivered(t *testing.T) {
	srv, e := failingEndpoint(t, 2)
	attempts := dispatch(t, srv.URL, 1, clocktest.New(time.Unix(0, 0)))
	if len(attempts) != 3 || attempts[2].Outcome != OutcomeDelivered || len(e.all()) != 3 {
		t.Fatalf("%d attempts, %d requests: want 3 ending delivered", len(attempts), len(e.all()))
	}
	if attempts[0].NextIn != time.Minute || attempts[1].NextIn != 2*time.Minute || attempts[2].NextIn != 0 {
		t.Fatalf("gaps %s %s %s", attempts[0].NextIn, attempts[1].NextIn, attempts[2].NextIn)
	}
}

func TestDispatcherCloseStopsRetriesAndLeavesNoGoroutine(t *testing.T) {
	srv, e := failingEndpoint(t, 1000)
	baseline := runtime.NumGoroutine()
	first := make(chan struct{}, 1)
	d, err := NewDispatcher(DispatcherOptions{URL: srv.URL, Secret: testSecret, OnAttempt: func(DispatchAttempt) { first <- struct{}{} }})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Deliver(DeliveryReport{MessageID: 1, Status: "UNDELIV"}); err != nil {
		t.Fatal(err)
	}
	<-first // now waiting a real minute before attempt 2
	closed := make(chan struct{})
	go func() { _ = d.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close waited for the retry's minute")
	}
	if len(e.all()) != 1 {
		t.Fatalf("%d requests after Close, want the first only", len(e.all()))
	}
	if err := d.Deliver(DeliveryReport{}); err != ErrClosed {
		t.Fatalf("Deliver after Close: %v", err)
	}
	noGoroutinesLeft(t, baseline)
}

// sandboxDelivery has the shape of sandbox.Delivery: the conversion below
// compiles only while DeliveryReport keeps that shape.
type sandboxDelivery struct {
	MessageID, CampaignID int
	To                    string
	Status                string
	SegNum                int
	StatusUpdateTs        time.Time
}

func TestTheSandboxLoopArrivesVerified(t *testing.T) {
	srv, got := startListener(t, ListenerOptions{Secret: SandboxSecret})
	d, err := NewDispatcher(DispatcherOptions{URL: srv.URL(), Secret: SandboxSecret, Speed: 60})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	final := sandboxDelivery{MessageID: 77, CampaignID: 88, To: "77001234567", Status: "EXPIRED", SegNum: 3, StatusUpdateTs: time.Now()}
	if err := d.Deliver(DeliveryReport(final)); err != nil {
		t.Fatal(err)
	}
	if err := d.Report(78, 88, "77001234568", "DELIVRD", 1, time.Now()); err != nil {
		t.Fatal(err)
	}
	eventually(t, "both webhooks", func() bool { return len(got.all()) == 2 })
	byStatus := map[string]Event{}
	for _, ev := range got.all() {
		byStatus[ev.Status] = ev
	}
	if a, b := byStatus["EXPIRED"], byStatus["DELIVRD"]; a.EventID == b.EventID || !b.Verified {
		t.Fatalf("two reports, two events: %+v %+v", a, b)
	}
	ev := byStatus["EXPIRED"]
	if !ev.Verified || ev.Status != "EXPIRED" || ev.EventType != EventDeliveryReport || string(ev.Data) == "null" {
		t.Fatalf("event %+v", ev)
	}
	if data := string(ev.Data); !strings.Contains(data, `"messageId":77`) || !strings.Contains(data, `"campaignId":88`) || !strings.Contains(data, `"segNum":3`) {
		t.Fatalf("data %s", ev.Data)
	}
}
