package webhook

import (
	"bytes"
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"
)

// loadPlan is a run of deliveries: every tenth one a retry (attempt 2) of
// the first of its ten, so 10% of the events repeat an earlier id.
type loadPlan struct {
	bodies  [][]byte
	ids     []int
	retries int
}

func newLoadPlan(n int) loadPlan {
	p := loadPlan{}
	for i := range n {
		id, attempt := 100000+i, 1
		if i%10 == 9 {
			id, attempt = 100000+i-9, 2
			p.retries++
		}
		p.ids = append(p.ids, id)
		p.bodies = append(p.bodies, signedBody(id, attempt))
	}
	return p
}

// loadResult is what a run measured.
type loadResult struct {
	latencies []time.Duration // client side: sent → answer read
	handling  []time.Duration // server side: request read → answer written
	failed    int             // requests without a 200
	events    []Event
}

// runLoad posts the plan at the given rate (open loop: a slow answer never
// slows the sender) and returns what the client and OnEvent saw.
func runLoad(tb testing.TB, plan loadPlan, every time.Duration) loadResult {
	got := &events{}
	res := loadResult{latencies: make([]time.Duration, len(plan.bodies))}
	srv, err := NewServer(ListenerOptions{Secret: testSecret, OnEvent: got.add})
	if err != nil {
		tb.Fatal(err)
	}
	var serverMu sync.Mutex
	inner := srv.srv.Handler
	srv.srv.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		began := time.Now()
		inner.ServeHTTP(w, r)
		serverMu.Lock()
		defer serverMu.Unlock()
		res.handling = append(res.handling, time.Since(began))
	})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		tb.Fatal(err)
	}
	tr := &http.Transport{MaxIdleConnsPerHost: 256}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	for i, body := range plan.bodies {
		time.Sleep(time.Until(start.Add(time.Duration(i) * every))) // pacing the sender, not waiting for a result
		wg.Add(1)
		go func() {
			defer wg.Done()
			sent := time.Now()
			resp, err := client.Post(srv.URL(), "application/json", bytes.NewReader(body))
			ok := err == nil && resp.StatusCode == http.StatusOK
			if err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			mu.Lock()
			defer mu.Unlock()
			res.latencies[i] = time.Since(sent)
			if !ok {
				res.failed++
			}
		}()
	}
	wg.Wait()
	if err := srv.Close(); err != nil { // every event has reached OnEvent when Close returns
		tb.Fatal(err)
	}
	res.events = got.all()
	return res
}

// checkLoad fails unless every event arrived and every retry, and nothing
// else, was marked a duplicate exactly once.
func checkLoad(tb testing.TB, plan loadPlan, res loadResult) (lost int) {
	tb.Helper()
	lost = len(plan.bodies) - len(res.events)
	dups := map[string]int{}
	seen := map[string]int{}
	for _, ev := range res.events {
		seen[ev.EventID]++
		if ev.Duplicate {
			dups[ev.EventID]++
		}
	}
	total := 0
	for id, n := range seen {
		want := map[int]int{1: 0, 2: 1}[n]
		if dups[id] != want {
			tb.Errorf("event %s arrived %d times, marked duplicate %d times, want %d", id, n, dups[id], want)
		}
		total += dups[id]
	}
	if lost != 0 || res.failed != 0 || total != plan.retries {
		tb.Fatalf("lost %d, not 200: %d, duplicates %d of %d retries", lost, res.failed, total, plan.retries)
	}
	return lost
}

func percentile(d []time.Duration, p float64) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

// TestListenerMarksEachRetryOnceUnderLoad is the load run made small:
// correctness only, timing is the benchmark's.
func TestListenerMarksEachRetryOnceUnderLoad(t *testing.T) {
	plan := newLoadPlan(200)
	checkLoad(t, plan, runLoad(t, plan, 2*time.Millisecond))
}

// BenchmarkListenerLoad: 200 signed deliveries a second for 10 seconds
// (2,000 events, 10% retries), each answered within 50 ms, none lost.
// Latency is measured at the client (p50/p99/max: what Mobizon would see,
// scheduling of this machine included) and in the server (handling only,
// the budget asserted).
// Run: go test -run X -bench ListenerLoad -benchtime 1x ./model/webhook
func BenchmarkListenerLoad(b *testing.B) {
	plan := newLoadPlan(2000)
	for range b.N {
		res := runLoad(b, plan, 5*time.Millisecond)
		lost := checkLoad(b, plan, res)
		p50, p99 := percentile(res.latencies, 0.50), percentile(res.latencies, 0.99)
		over := 0
		for _, l := range res.latencies {
			if l > 50*time.Millisecond {
				over++
			}
		}
		b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(slices.Max(res.latencies).Microseconds())/1000, "max-ms")
		b.ReportMetric(float64(over), "over-50ms")
		b.ReportMetric(float64(percentile(res.handling, 0.50).Microseconds())/1000, "server-p50-ms")
		b.ReportMetric(float64(percentile(res.handling, 0.99).Microseconds())/1000, "server-p99-ms")
		b.ReportMetric(float64(lost), "lost")
		// The budget is the listener's own: from the request read to the
		// answer written. The client's numbers add this machine's
		// scheduling (the sender shares its cores) and are reported.
		if sp99 := percentile(res.handling, 0.99); sp99 > 50*time.Millisecond {
			b.Errorf("the listener's p99 %s is past the 50 ms budget", sp99)
		}
	}
}

// BenchmarkCheck is one payload read and verified.
func BenchmarkCheck(b *testing.B) {
	body := signedBody(4711, 2)
	for b.Loop() {
		if _, err := Check(body, "application/json", testSecret); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDiagnoseWrongSecret is the worst case of a mismatch: every
// alternative tried.
func BenchmarkDiagnoseWrongSecret(b *testing.B) {
	p, _ := Parse(payloadJSON("4711", "2", "2026-03-02T09:15:07+05:00", sha1hex("other")), "")
	for b.Loop() {
		if v, _ := Verify(p, testSecret); v.Cause != CauseWrongSecret {
			b.Fatal(v.Cause)
		}
	}
}
