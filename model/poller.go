package model

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Task statuses reported by taskqueue/getStatus.
const (
	TaskWaiting  = 0
	TaskRunning  = 1
	TaskFinished = 2
	TaskRejected = 3
)

// TaskState is the data of a taskqueue/getStatus answer.
type TaskState struct {
	Status   int `json:"status"`
	Progress int `json:"progress"` // 0..100
}

// Done reports whether the task has ended, well or not.
func (s TaskState) Done() bool { return s.Status == TaskFinished || s.Status == TaskRejected }

// ParseTaskState reads getStatus data leniently: numbers may be strings.
func ParseTaskState(data json.RawMessage) (TaskState, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return TaskState{}, errors.New("data ответа getStatus — не объект {status, progress}")
	}
	status, ok := LenientInt(fields["status"])
	if !ok {
		return TaskState{}, errors.New("в data ответа getStatus нет числа status")
	}
	progress, _ := LenientInt(fields["progress"])
	return TaskState{Status: status, Progress: min(max(progress, 0), 100)}, nil
}

// TaskID reads the background task's id from the data of a code-100
// answer: a number or a string, or, to be ready for it, an object with an
// id field.
func TaskID(data json.RawMessage) (string, error) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return "", errors.New("в data нет ID задачи")
	}
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case string:
		if s := strings.TrimSpace(x); s != "" {
			return s, nil
		}
	case map[string]any:
		for _, k := range []string{"id", "taskId", "task_id"} {
			if raw, ok := x[k]; ok {
				b, _ := json.Marshal(raw)
				return TaskID(b)
			}
		}
	}
	return "", errors.New("в data нет ID задачи")
}

// PollSchedule paces taskqueue/getStatus calls: the docs allow one a second,
// and code 30 (too often) doubles the pause each time, up to MaxBackoff.
type PollSchedule struct {
	Interval   time.Duration // between call starts; at least a second
	MaxBackoff time.Duration
}

// DefaultPollSchedule is the documented limit with a little margin.
var DefaultPollSchedule = PollSchedule{Interval: 1050 * time.Millisecond, MaxBackoff: 30 * time.Second}

// Next is when the next call may start, given when the last one started
// and how many answers in a row were code 30.
func (s PollSchedule) Next(lastStart time.Time, throttled int) time.Time {
	gap := max(s.Interval, time.Second)
	for i := 0; i < throttled && gap < s.MaxBackoff; i++ {
		gap *= 2
	}
	return lastStart.Add(min(gap, max(s.MaxBackoff, time.Second)))
}

// Clock is time as the poller sees it; tests pass a fake one to prove the
// pacing without sleeping.
type Clock interface {
	Now() time.Time
	// Sleep waits for d or until ctx ends.
	Sleep(ctx context.Context, d time.Duration) error
}

// RealClock is the wall clock.
type RealClock struct{}

func (RealClock) Now() time.Time { return time.Now() }

func (RealClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// TaskUpdate is one getStatus answer while following a task.
type TaskUpdate struct {
	Attempt  int
	At       time.Time // when the call started
	Response Response
	State    TaskState // valid when Response.Code is 0
	// Throttled counts code-30 answers in a row, which widen the pause.
	Throttled int
}

// Poller follows a background task through taskqueue/getStatus.
type Poller struct {
	Client   *Client
	Server   Server
	Key      string
	Clock    Clock
	Schedule PollSchedule
}

// PollOutcome says why following a task stopped.
type PollOutcome int

// The ways following a task ends.
const (
	PollFinished PollOutcome = iota // status 2
	PollRejected                    // status 3
	PollAPIError                    // a code other than 0 and 30 (2: no such task)
	PollFailed                      // no envelope came back
	PollCanceled                    // the caller cancelled
)

// Follow calls getStatus for task id until it ends: at status 2 or 3, at
// a code other than 0 and 30, at a call with no envelope, or when ctx ends.
// Calls start at least a second apart; code 30 widens the gap. each sees
// every answer as it comes.
func (p *Poller) Follow(ctx context.Context, id string, each func(TaskUpdate)) (TaskUpdate, PollOutcome, error) {
	clock := p.Clock
	if clock == nil {
		clock = RealClock{}
	}
	sched := p.Schedule
	if sched.Interval == 0 {
		sched = DefaultPollSchedule
	}
	req := Request{Server: p.Server, Module: "taskqueue", Method: "getStatus", Params: []Param{{Key: "id", Value: id}}}
	var last TaskUpdate
	throttled := 0
	for attempt := 1; ; attempt++ {
		if attempt > 1 {
			if err := clock.Sleep(ctx, sched.Next(last.At, throttled).Sub(clock.Now())); err != nil {
				return last, PollCanceled, err
			}
		}
		u := TaskUpdate{Attempt: attempt, At: clock.Now()}
		resp, err := p.Client.Do(ctx, req, p.Key)
		u.Response = resp
		if err != nil {
			last = u
			if ctx.Err() != nil {
				return last, PollCanceled, ctx.Err()
			}
			return last, PollFailed, err
		}
		switch resp.Code {
		case 0:
			throttled = 0
			st, perr := ParseTaskState(resp.Data)
			if perr != nil {
				last = u
				return last, PollFailed, perr
			}
			u.State = st
		case 30:
			throttled++
		default:
			last = u
			if each != nil {
				each(u)
			}
			return last, PollAPIError, nil
		}
		u.Throttled = throttled
		last = u
		if each != nil {
			each(u)
		}
		if resp.Code == 0 && u.State.Done() {
			if u.State.Status == TaskRejected {
				return last, PollRejected, nil
			}
			return last, PollFinished, nil
		}
	}
}

// RetryDelay is the pause before resending after the n-th code 30 in a
// row: 2 s, doubling each time, at most 30 s.
func RetryDelay(n int) time.Duration {
	d := 2 * time.Second
	for i := 1; i < n && d < 30*time.Second; i++ {
		d *= 2
	}
	return min(d, 30*time.Second)
}
