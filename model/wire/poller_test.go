package wire

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"codedesk/model"
	"codedesk/model/clocktest"
)

// fakeClock jumps forward on Sleep instead of waiting.
type fakeClock = clocktest.Jump

// scriptedStatus answers getStatus calls from a script, one body a call,
// and records when (on the fake clock) each call arrived.
func scriptedStatus(t *testing.T, clock *fakeClock, bodies ...string) (*httptest.Server, *[]time.Time) {
	var mu sync.Mutex
	var at []time.Time
	i := 0
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.URL.Path != "/service/taskqueue/getstatus" || r.FormValue("id") != "400145" {
			t.Errorf("unexpected call %s id=%s", r.URL.Path, r.FormValue("id"))
		}
		at = append(at, clock.Now())
		body := bodies[min(i, len(bodies)-1)]
		i++
		io.WriteString(w, body)
	}))
	t.Cleanup(ts.Close)
	return ts, &at
}

func status(st, progress int) string {
	return fmt.Sprintf(`{"code":0,"data":{"status":"%d","progress":"%d"},"message":""}`, st, progress)
}

func TestPollerPacingAndEnd(t *testing.T) {
	clock := clocktest.New(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))
	ts, at := scriptedStatus(t, clock,
		status(0, 0), status(1, 20), `{"code":30,"data":null,"message":"slow down"}`,
		`{"code":30,"data":null,"message":"slow down"}`, status(1, 80), status(2, 100))
	p := Poller{Client: NewClient(ClientOptions{Trust: trusting(t, ts)}), Server: serverOf(t, ts), Key: secretKey, Clock: clock}
	var seen []string
	last, outcome, err := p.Follow(context.Background(), "400145", func(u TaskUpdate) {
		seen = append(seen, fmt.Sprintf("%d:%d/%d", u.Response.Code, u.State.Status, u.State.Progress))
	})
	if err != nil || outcome != PollFinished {
		t.Fatalf("outcome %v, err %v", outcome, err)
	}
	if last.State.Status != model.TaskFinished || last.State.Progress != 100 {
		t.Errorf("last state %+v", last.State)
	}
	if want := "[0:0/0 0:1/20 30:0/0 30:0/0 0:1/80 0:2/100]"; fmt.Sprint(seen) != want {
		t.Errorf("updates %v, want %s", seen, want)
	}
	// Never two calls within a second; after each 30 the pause doubles.
	gaps := []time.Duration{}
	for i := 1; i < len(*at); i++ {
		gap := (*at)[i].Sub((*at)[i-1])
		gaps = append(gaps, gap)
		if gap < time.Second {
			t.Errorf("calls %d and %d only %v apart", i, i+1, gap)
		}
	}
	if gaps[2] < 2*time.Second || gaps[3] < 4*time.Second || gaps[4] > 2*time.Second {
		t.Errorf("gaps %v: want the pause to double after each 30 and return to ~1s after a 0", gaps)
	}
}

func TestPollerStops(t *testing.T) {
	cases := []struct {
		name    string
		bodies  []string
		outcome PollOutcome
		calls   int
	}{
		{"rejected", []string{status(1, 10), status(3, 40)}, PollRejected, 2},
		{"no such task", []string{`{"code":2,"data":null,"message":"not found"}`}, PollAPIError, 1},
		{"not json", []string{status(1, 10), `<html>oops</html>`}, PollFailed, 2},
		{"bad data", []string{`{"code":0,"data":"weird","message":""}`}, PollFailed, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clock := clocktest.New(time.Unix(0, 0))
			ts, at := scriptedStatus(t, clock, tc.bodies...)
			p := Poller{Client: NewClient(ClientOptions{Trust: trusting(t, ts)}), Server: serverOf(t, ts), Key: secretKey, Clock: clock}
			_, outcome, _ := p.Follow(context.Background(), "400145", nil)
			if outcome != tc.outcome || len(*at) != tc.calls {
				t.Errorf("outcome %v after %d calls, want %v after %d", outcome, len(*at), tc.outcome, tc.calls)
			}
		})
	}
}

func TestPollerCancel(t *testing.T) {
	clock := clocktest.New(time.Unix(0, 0))
	ts, at := scriptedStatus(t, clock, status(1, 10))
	ctx, cancel := context.WithCancel(context.Background())
	p := Poller{Client: NewClient(ClientOptions{Trust: trusting(t, ts)}), Server: serverOf(t, ts), Key: secretKey, Clock: clock}
	_, outcome, _ := p.Follow(ctx, "400145", func(u TaskUpdate) {
		if u.Attempt == 3 {
			cancel()
		}
	})
	if outcome != PollCanceled || len(*at) != 3 {
		t.Errorf("outcome %v after %d calls, want canceled after 3", outcome, len(*at))
	}
}

func TestPollScheduleNeverUnderASecond(t *testing.T) {
	start := time.Unix(100, 0)
	for _, sched := range []PollSchedule{{}, {Interval: time.Millisecond}, DefaultPollSchedule, {Interval: time.Second, MaxBackoff: time.Millisecond}} {
		for throttled := 0; throttled < 10; throttled++ {
			if gap := sched.Next(start, throttled).Sub(start); gap < time.Second {
				t.Errorf("%+v throttled %d: gap %v", sched, throttled, gap)
			}
		}
	}
	if gap := DefaultPollSchedule.Next(start, 20).Sub(start); gap > 30*time.Second {
		t.Errorf("backoff grows past its cap: %v", gap)
	}
}

func TestTaskID(t *testing.T) {
	for data, want := range map[string]string{`400145`: "400145", `"400145"`: "400145", `{"id":"77"}`: "77", `{"taskId":5}`: "5"} {
		if got, err := model.TaskID([]byte(data)); err != nil || got != want {
			t.Errorf("TaskID(%s) = %q, %v; want %q", data, got, err, want)
		}
	}
	for _, data := range []string{`null`, `""`, `[]`, `{"x":1}`} {
		if _, err := model.TaskID([]byte(data)); err == nil {
			t.Errorf("TaskID(%s) accepted it", data)
		}
	}
}

func TestPacerOneCallASecondPerMethod(t *testing.T) {
	clock := clocktest.New(time.Unix(1000, 0))
	p := NewPacer(clock)
	var starts []string
	for _, m := range []string{"message/sendSmsMessage", "user/getOwnBalance", "MESSAGE/sendsmsmessage", "message/sendSmsMessage"} {
		if err := p.Wait(context.Background(), m); err != nil {
			t.Fatal(err)
		}
		starts = append(starts, fmt.Sprintf("%s@%d", strings.ToLower(m), clock.Now().Sub(time.Unix(1000, 0)).Milliseconds()))
	}
	want := "[message/sendsmsmessage@0 user/getownbalance@0 message/sendsmsmessage@1000 message/sendsmsmessage@2000]"
	if fmt.Sprint(starts) != want {
		t.Errorf("starts %v, want %s", starts, want)
	}
}
