package delivery

import (
	"context"
	"slices"
	"time"
)

// Round is one pass of a watch over the ids that were not final yet.
type Round struct {
	N       int       // 1 for the first pass
	At      time.Time // when it started, by the client's clock
	Results []Result  // every id in the order asked, as known after this round; a fresh slice each round
	Changed []int     // positions in Results whose status changed in this round (round 1: every id)
	Asked   int       // ids asked this round: those not final before it
	Summary Summary   // counts of Results
	Notes   []string  // what was odd in this round's answers
}

// Done reports that every id is final or missing: the watch is over.
func (r Round) Done() bool { return r.Summary.Done() }

// Watch asks for the ids that are not final yet, round after round, until
// every id is final or missing, or ctx ends. Rounds start at least a second
// apart (Client.Interval), whatever the clock; each round asks only the
// unfinished ids, in batches, and costs time in proportion to them. each
// sees every round, once, as one value. It returns the last round and nil
// when every id ended, or the error that stopped it (ctx.Err() when
// cancelled, *APIError, *model.CallError, *DataError).
func (c *Client) Watch(ctx context.Context, ids []int64, each func(Round)) (Round, error) {
	ids = distinct(ids)
	if len(ids) == 0 {
		return Round{}, inputErrorf("не указан ни один ID сообщения")
	}
	results := make([]Result, len(ids))
	pos := make(map[int64]int, len(ids))
	for i, id := range ids {
		results[i] = Result{ID: id}
		pos[id] = i
	}
	clock := c.clock()
	var last Round
	for n := 1; ; n++ {
		if n > 1 {
			if err := clock.Sleep(ctx, last.At.Add(c.interval()).Sub(clock.Now())); err != nil {
				return last, err
			}
		}
		round := Round{N: n, At: clock.Now()}
		pending := make([]int64, 0, len(ids))
		for _, r := range results {
			if !r.Done() {
				pending = append(pending, r.ID)
			}
		}
		var notes noteList
		items, _, err := c.fetch(ctx, pending, &notes)
		if err != nil {
			return last, err
		}
		round.Changed = c.merge(results, pos, pending, items, round.At, &notes)
		round.Results = slices.Clone(results)
		round.Asked = len(pending)
		round.Summary = Summarize(round.Results)
		round.Notes = notes.all()
		if each != nil {
			each(round)
		}
		last = round
		if round.Done() {
			return last, nil
		}
	}
}

// merge takes a round's answers into results and returns the positions that
// changed. A step of the timeline is dated by statusUpdateTs, or by the
// round when the API gave none.
func (c *Client) merge(results []Result, pos map[int64]int, asked []int64, items map[int64]statusItem, at time.Time, notes *noteList) []int {
	var changed []int
	table := c.statuses()
	for _, id := range asked {
		i := pos[id]
		r := &results[i]
		it, ok := items[id]
		if !ok {
			if r.Seen() {
				notes.add("сообщение %d больше не возвращается API: оставлен последний статус", id)
			}
			r.Missing = true
			changed = append(changed, i)
			continue
		}
		before := r.Status.Name
		r.apply(it, table)
		if r.Status.Name != before || len(r.Steps) == 0 {
			stepAt := it.statusAt
			if stepAt.IsZero() {
				stepAt = at
			}
			r.Steps = append(r.Steps, Step{Status: r.Status.Name, At: stepAt})
			changed = append(changed, i)
		}
	}
	return changed
}

// Update is one value of a streamed watch: a round, with Done on the last
// one, and Err when the watch failed.
type Update struct {
	Round Round
	Done  bool
	Err   error
}

// Stream runs Watch on its own goroutine and sends each round on the
// returned channel, which it closes at the end. The channel holds one
// value: a slow reader makes the watch wait rather than pile rounds up, so
// a TUI gets one message per round. The last value has Done set (with Err
// when the watch failed); after ctx ends the channel may close without one.
func (c *Client) Stream(ctx context.Context, ids []int64) <-chan Update {
	ch := make(chan Update, 1)
	send := func(u Update) {
		select {
		case ch <- u:
		case <-ctx.Done():
		}
	}
	go func() {
		defer close(ch)
		last, err := c.Watch(ctx, ids, func(r Round) { send(Update{Round: r, Done: r.Done()}) })
		if err != nil {
			send(Update{Round: last, Done: true, Err: err})
		}
	}()
	return ch
}
