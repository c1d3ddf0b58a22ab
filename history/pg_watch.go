package history

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jackc/pgx/v5"
)

// ChangeReload says Watch lost its connection for a while: changes may
// have been missed, reload what is shown.
const ChangeReload ChangeKind = "reload"

// notice is a change as it travels through NOTIFY.
type notice struct {
	Change
	Origin string `json:"origin"`
}

func changePayload(c Change, origin string) string {
	b, _ := json.Marshal(notice{Change: c, Origin: origin}) // strings and numbers: cannot fail
	return string(b)
}

// Watch listens on the history's channel (LISTEN, on a connection of its
// own) and delivers what others change, within moments of their commit.
// A lost connection is re-made, with a ChangeReload once it is back.
func (s *pgStore) Watch(ctx context.Context) (<-chan Change, error) {
	start, cancel := s.timeout(ctx)
	defer cancel()
	if err := s.ensureReady(start); err != nil {
		return nil, s.fail("подписка не удалась", err)
	}
	conn, err := s.listen(start)
	if err != nil {
		return nil, s.fail("подписка не удалась", err)
	}
	out := make(chan Change, 64)
	go s.watch(ctx, conn, out)
	return out, nil
}

// listen connects and subscribes.
func (s *pgStore) listen(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, s.config.ConnConfig.Copy())
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{s.channel}.Sanitize()); err != nil {
		conn.Close(context.Background())
		return nil, err
	}
	return conn, nil
}

func (s *pgStore) watch(ctx context.Context, conn *pgx.Conn, out chan<- Change) {
	defer close(out)
	defer func() {
		if conn != nil {
			conn.Close(context.Background())
		}
	}()
	pause := 100 * time.Millisecond
	for ctx.Err() == nil {
		if conn == nil {
			if !sleep(ctx, pause) {
				return
			}
			pause = min(pause*2, 5*time.Second)
			c, err := s.listen(ctx)
			if err != nil {
				continue
			}
			conn, pause = c, 100*time.Millisecond
			if !send(ctx, out, Change{Kind: ChangeReload}) {
				return
			}
		}
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			conn.Close(context.Background())
			conn = nil
			continue
		}
		var got notice
		if json.Unmarshal([]byte(n.Payload), &got) != nil || got.Origin == s.origin {
			continue
		}
		if !send(ctx, out, got.Change) {
			return
		}
	}
}

func send(ctx context.Context, out chan<- Change, c Change) bool {
	select {
	case out <- c:
		return true
	case <-ctx.Done():
		return false
	}
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
