package wire

import (
	"context"
	"time"

	"codedesk/model"
)

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

// TaskUpdate is one getStatus answer while following a task.
type TaskUpdate struct {
	Attempt  int
	At       time.Time // when the call started
	Response model.Response
	State    model.TaskState // valid when Response.Code is 0
	// Throttled counts code-30 answers in a row, which widen the pause.
	Throttled int
}

// Poller follows a background task through taskqueue/getStatus.
type Poller struct {
	Client   *Client
	Server   model.Server
	Key      string
	Clock    model.Clock
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
		clock = model.RealClock{}
	}
	sched := p.Schedule
	if sched.Interval == 0 {
		sched = DefaultPollSchedule
	}
	req := model.TaskStatusRequest(p.Server, id)
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
			st, perr := model.ParseTaskState(resp.Data)
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
			if u.State.Status == model.TaskRejected {
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
