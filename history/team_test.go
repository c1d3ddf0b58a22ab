package history

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"codedesk/model"
)

// Many writers, and copying histories into one another: on both engines.

func TestTenWritersAtOnceLoseNothing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		where := e.fresh(t)
		const writers, each = 10, 30
		stores := make([]Store, writers)
		for i := range stores {
			stores[i] = openAt(t, where, Options{Agent: fmt.Sprintf("agent%d", i)})
		}
		ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		defer cancel()
		var wg sync.WaitGroup
		got := make(chan int64, writers*each)
		errs := make(chan error, writers*each)
		for i, s := range stores {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := 0; j < each; j++ {
					c := sampleCall(j%3, fmt.Sprintf("writer %d call %d", i, j))
					id, err := s.Record(ctx, c, "")
					if err != nil || id <= 0 {
						errs <- fmt.Errorf("writer %d call %d: id %d, %v", i, j, id, err)
						continue
					}
					got <- id
				}
			}()
		}
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-ctx.Done():
			t.Fatal("ten writers did not finish in two minutes: deadlocked")
		}
		close(got)
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		seen := map[int64]bool{}
		for id := range got {
			if seen[id] {
				t.Errorf("id %d given twice", id)
			}
			seen[id] = true
		}
		if n, _ := stores[0].Count(ctx); n != writers*each || len(seen) != writers*each {
			t.Errorf("%d calls stored, %d ids, want %d", n, len(seen), writers*each)
		}
		for i := range writers {
			if mine := list(t, stores[0], Filter{Agent: fmt.Sprintf("agent%d", i), Limit: 100}); len(mine) != each {
				t.Errorf("agent%d: %d calls", i, len(mine))
			}
		}
	})
}

// localHistory is a one-person SQLite history with two engineers' calls, a
// starred and noted call, and a replay.
func localHistory(t *testing.T) (path string, calls []Call) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "mine.db")
	clock := func() time.Time { return time.Date(2024, 11, 5, 16, 0, 0, 0, time.UTC) }
	mine := openAt(t, path, Options{Agent: "aigerim", Now: clock})
	first := sampleCall(13, "Аккаунт обслуживается другим сервером", model.Param{Key: "recipient", Value: "77001234567"})
	first.At = time.Date(2024, 11, 5, 15, 0, 0, 0, time.UTC)
	orig := record(t, mine, first, "")
	if err := mine.Star(ctx, orig, true); err != nil {
		t.Fatal(err)
	}
	if err := mine.SetNote(ctx, orig, "клиент из Ташкента: помог сервер uz", ""); err != nil {
		t.Fatal(err)
	}
	replay := sampleCall(0, "")
	replay.At, replay.ReplayOf, replay.Source, replay.Server = first.At.Add(time.Minute), &orig, SourceReplay, "api.mobizon.uz"
	record(t, mine, replay, "")
	other := sampleCall(8, "")
	other.Agent = "timur"
	record(t, mine, other, "")
	calls = list(t, mine, Filter{})
	slices.Reverse(calls)
	mine.Close()
	return path, calls
}

func TestPushFromCopiesOnceKeepingEverything(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		path, local := localHistory(t)
		team := openAt(t, e.fresh(t), Options{Agent: "olga"})
		record(t, team, sampleCall(0, "уже в истории команды"), "") // the target is not empty: ids differ
		res, err := team.PushFrom(ctx, path)
		if err != nil || res.Sent != 3 || res.Skipped != 0 {
			t.Fatalf("first push: %+v %v", res, err)
		}
		res, err = team.PushFrom(ctx, path)
		if err != nil || res.Sent != 0 || res.Skipped != 3 {
			t.Fatalf("second push: %+v %v", res, err)
		}
		if n, _ := team.Count(ctx); n != 4 {
			t.Errorf("%d calls in the team history, want 4", n)
		}
		copied := list(t, team, Filter{Limit: 10})[:3]
		slices.Reverse(copied)
		for i, c := range copied {
			l := local[i]
			if c.UID != l.UID || !c.At.Equal(l.At) || c.Agent != l.Agent || c.Starred != l.Starred || c.Note != l.Note ||
				c.NoteAuthor != l.NoteAuthor || (c.NoteAt == nil) != (l.NoteAt == nil) || c.Server != l.Server {
				t.Errorf("copied call %d:\n got %+v\nwant %+v", i, c, l)
			}
		}
		if copied[0].NoteAt == nil || !copied[0].NoteAt.Equal(*local[0].NoteAt) || copied[0].NoteAuthor != "aigerim" {
			t.Errorf("the note's author and time: %+v", copied[0])
		}
		// The replay points at the original's id in the team history.
		if r := copied[1].ReplayOf; r == nil || *r != copied[0].ID {
			t.Errorf("replay link %v, original is %d", r, copied[0].ID)
		}
		if got := list(t, team, Filter{Query: "ташкента"}); len(got) != 1 || got[0].ID != copied[0].ID {
			t.Errorf("the copied note is not searchable: %v", ids(got))
		}
	})
}

func TestPushFromAnOldFileIsIdempotentToo(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		old := filepath.Join(t.TempDir(), "v2.db")
		oldHistory(t, old, 2)
		twin := filepath.Join(t.TempDir(), "v2-copy.db") // the same file on another laptop
		raw := mustRead(t, old)
		mustWrite(t, twin, raw)
		team := openAt(t, e.fresh(t), Options{})
		for _, p := range []string{old, twin, old} {
			if _, err := team.PushFrom(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		if n, _ := team.Count(ctx); n != 3 {
			t.Errorf("%d calls after pushing one old history three times, want 3", n)
		}
	})
}
