package wire

import (
	"context"
	"strings"
	"time"

	"codedesk/model"
)

// Pacer keeps calls of one method at least Gap apart, so that replaying a
// day of failures is polite and does not earn code 30. Different methods
// do not wait for each other.
type Pacer struct {
	Gap   time.Duration
	Clock model.Clock
	last  map[string]time.Time
}

// NewPacer paces at one call a second per method.
func NewPacer(clock model.Clock) *Pacer {
	if clock == nil {
		clock = model.RealClock{}
	}
	return &Pacer{Gap: time.Second, Clock: clock, last: map[string]time.Time{}}
}

// Wait blocks until a call of method may start, then counts it as started.
func (p *Pacer) Wait(ctx context.Context, method string) error {
	key := strings.ToLower(method)
	if last, ok := p.last[key]; ok {
		if err := p.Clock.Sleep(ctx, last.Add(p.Gap).Sub(p.Clock.Now())); err != nil {
			return err
		}
	}
	p.last[key] = p.Clock.Now()
	return nil
}
