// Package clocktest is the fake clock of codedesk's tests: time the test
// owns. Sleep moves it on at once instead of waiting, so a poller's pacing
// or a retry schedule of minutes is proven in microseconds, and a sandbox
// given the same clock (its Options.Now) sees time move exactly as the
// code under test sleeps. It is for tests only; nothing in the program
// imports it.
package clocktest

import (
	"context"
	"sync"
	"time"
)

// Jump is a model.Clock whose Sleep jumps forward. Safe for concurrent use.
type Jump struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

// New starts the clock at t.
func New(t time.Time) *Jump { return &Jump{now: t} }

// Now is the clock's time.
func (c *Jump) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep moves the clock on by d (nothing for d ≤ 0) and returns at once,
// or with ctx's error when ctx has ended.
func (c *Jump) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.Add(d)
	return nil
}

// Add moves the clock on by d, as a Sleep would.
func (c *Jump) Add(d time.Duration) {
	if d <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.sleeps = append(c.sleeps, d)
}

// Sleeps are the pauses so far, in order.
func (c *Jump) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// Slept is how long everything waited in total.
func (c *Jump) Slept() time.Duration {
	var total time.Duration
	for _, d := range c.Sleeps() {
		total += d
	}
	return total
}
