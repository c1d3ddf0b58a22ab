package delivery_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"codedesk/model/delivery"
	"codedesk/sandbox"
)

// askedAt maps each id to the clock times it was asked about.
func askedAt(t *testing.T, calls []recorded) map[string][]time.Time {
	out := map[string][]time.Time{}
	for _, c := range calls {
		for _, id := range idsParam(t, c.req) {
			out[id] = append(out[id], c.at)
		}
	}
	return out
}

func steps(r delivery.Result) string {
	var out []string
	for _, s := range r.Steps {
		out = append(out, fmt.Sprintf("%s@%s", s.Status, s.At.Sub(t0)))
	}
	return strings.Join(out, " → ")
}

func TestWatchFollowsToTheFinalStatus(t *testing.T) {
	clock := newFakeClock()
	srv := startSandbox(t, clock, sandbox.Options{RateLimit: 5})
	ids := []int64{
		send(t, srv.KZ, "77001234567", "x"), // DELIVRD at 4 s
		send(t, srv.KZ, "77001110404", "x"), // UNDELIV at 4 s
		send(t, srv.KZ, "77001110206", "x"), // PDLIVRD at 4 s, DELIVRD at 8 s
		send(t, srv.KZ, "77001110408", "x"), // EXPIRED at 8 s
		424242,                              // unknown
	}
	var calls []recorded
	var rounds []delivery.Round
	last, err := newClient(srv.KZ, clock, &calls).Watch(context.Background(), ids, func(r delivery.Round) { rounds = append(rounds, r) })
	if err != nil {
		t.Fatal(err)
	}
	if !last.Done() || len(rounds) != last.N || last.N < 8 {
		t.Fatalf("watch ended after round %d (%d rounds seen), done %v", last.N, len(rounds), last.Done())
	}
	for i, r := range rounds {
		if r.N != i+1 || len(r.Results) != len(ids) {
			t.Errorf("round %d is numbered %d with %d results", i+1, r.N, len(r.Results))
		}
		if i > 0 && r.At.Sub(rounds[i-1].At) < time.Second {
			t.Errorf("rounds %d and %d start %v apart", i, i+1, r.At.Sub(rounds[i-1].At))
		}
	}
	// Never twice in one second, for any id.
	for id, times := range askedAt(t, calls) {
		for i := 1; i < len(times); i++ {
			if gap := times[i].Sub(times[i-1]); gap < time.Second {
				t.Errorf("id %s asked twice %v apart", id, gap)
			}
		}
		if id == "424242" && len(times) != 1 {
			t.Errorf("a missing id was asked %d times, want once", len(times))
		}
	}
	// Only unfinished ids are asked: fewer as messages end.
	if rounds[0].Asked != 5 || rounds[len(rounds)-1].Asked != 2 {
		t.Errorf("asked %d in round 1 and %d in the last, want 5 and 2", rounds[0].Asked, rounds[len(rounds)-1].Asked)
	}
	if got := fmt.Sprint(rounds[0].Changed); got != "[0 1 2 3 4]" {
		t.Errorf("round 1 changed %s, want every id", got)
	}
	r := last.Results
	want := []string{
		"NEW@0s → ENQUEUD@1s → ACCEPTD@2s → DELIVRD@4s",
		"NEW@0s → ENQUEUD@1s → ACCEPTD@2s → UNDELIV@4s",
		"NEW@0s → ENQUEUD@1s → ACCEPTD@2s → PDLIVRD@4s → DELIVRD@8s",
		"NEW@0s → ENQUEUD@1s → ACCEPTD@2s → EXPIRED@8s",
		"",
	}
	for i := range want {
		if got := steps(r[i]); got != want[i] {
			t.Errorf("timeline of %d:\n got %s\nwant %s", r[i].ID, got, want[i])
		}
	}
	if !r[4].Missing || last.Summary.Delivered != 2 || last.Summary.Failed != 2 || last.Summary.Missing != 1 || last.Summary.OK() {
		t.Errorf("last round %+v", last.Summary)
	}
	// Each round's results are its own: later rounds do not rewrite them.
	if rounds[0].Results[0].Status.Name != "NEW" || len(rounds[0].Results[0].Steps) != 1 {
		t.Errorf("round 1 was rewritten: %+v", rounds[0].Results[0])
	}
}

func TestWatchOf500IdsIsOneMessagePerRound(t *testing.T) {
	clock := newFakeClock()
	srv := startSandbox(t, clock, sandbox.Options{})
	ids := make([]int64, 500)
	for i := range ids {
		number := fmt.Sprintf("7700%03d1234", i) // DELIVRD
		if i%2 == 1 {
			number = fmt.Sprintf("7700%03d0408", i) // EXPIRED: runs twice as long
		}
		ids[i] = send(t, srv.KZ, number, "x")
	}
	var calls []recorded
	var rounds []delivery.Round
	last, err := newClient(srv.KZ, clock, &calls).Watch(context.Background(), ids, func(r delivery.Round) { rounds = append(rounds, r) })
	if err != nil || !last.Done() {
		t.Fatalf("%v, done %v", err, last.Done())
	}
	batches := 0
	for _, r := range rounds {
		if len(r.Results) != 500 {
			t.Fatalf("round %d has %d results", r.N, len(r.Results))
		}
		batches += (r.Asked + delivery.MaxBatch - 1) / delivery.MaxBatch
	}
	if batches != len(calls) {
		t.Errorf("%d calls for %d batches: each round asks only its unfinished ids, 100 a call", len(calls), batches)
	}
	if rounds[len(rounds)-1].Asked != 250 || last.Summary.Delivered != 250 || last.Summary.Failed != 250 {
		t.Errorf("last round asked %d; summary %+v", rounds[len(rounds)-1].Asked, last.Summary)
	}
}

func TestWatchStopsWhenCancelled(t *testing.T) {
	clock := newFakeClock()
	srv := startSandbox(t, clock, sandbox.Options{})
	stuck := send(t, srv.KZ, "77001110202", "x")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	last, err := newClient(srv.KZ, clock, nil).Watch(ctx, []int64{stuck}, func(r delivery.Round) {
		if r.N == 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || last.N != 3 || last.Done() || last.Results[0].Status.Name != "ACCEPTD" {
		t.Errorf("cancelled watch: %v, round %d %+v", err, last.N, last.Results)
	}
	if _, err := newClient(srv.KZ, clock, nil).Watch(ctx, nil, nil); err == nil {
		t.Error("a watch of no ids started")
	}
}

func TestWatchReportsAVanishedId(t *testing.T) {
	clock := newFakeClock()
	ts, _ := answering(t, `{"code":0,"message":"","data":[{"id":"5","status":"ACCEPTD"}]}`, `{"code":0,"message":"","data":[]}`)
	last, err := clientFor(ts, clock, nil).Watch(context.Background(), []int64{5}, nil)
	if err != nil || last.N != 2 || !last.Results[0].Missing || last.Results[0].Status.Name != "ACCEPTD" ||
		!strings.Contains(strings.Join(last.Notes, " "), "больше не возвращается") || !strings.Contains(last.Results[0].Title(), "больше не возвращается") {
		t.Errorf("a vanished id: %v %+v", err, last)
	}
}

func TestStreamSendsEachRoundThenCloses(t *testing.T) {
	clock := newFakeClock()
	srv := startSandbox(t, clock, sandbox.Options{})
	id := send(t, srv.KZ, "77001234567", "x")
	var got []delivery.Update
	for u := range newClient(srv.KZ, clock, nil).Stream(context.Background(), []int64{id}) {
		got = append(got, u)
	}
	if len(got) < 4 {
		t.Fatalf("%d updates", len(got))
	}
	for i, u := range got {
		if u.Round.N != i+1 || u.Done != (i == len(got)-1) || u.Err != nil {
			t.Errorf("update %d: round %d done %v err %v", i, u.Round.N, u.Done, u.Err)
		}
	}
	if r := got[len(got)-1].Round.Results[0]; r.Status.Name != "DELIVRD" {
		t.Errorf("last update %+v", r)
	}

	// A failing watch ends with Done and the error.
	ts, _ := answering(t, `{"code":8,"message":"bad key","data":null}`)
	var last delivery.Update
	for u := range clientFor(ts, clock, nil).Stream(context.Background(), []int64{1}) {
		last = u
	}
	var apiErr *delivery.APIError
	if !last.Done || !errors.As(last.Err, &apiErr) {
		t.Errorf("a refused watch ends with %+v", last)
	}

	// Cancelling closes the channel.
	stuck := send(t, srv.KZ, "77001110202", strconv.Itoa(1))
	ctx, cancel := context.WithCancel(context.Background())
	ch := newClient(srv.KZ, clock, nil).Stream(ctx, []int64{stuck})
	<-ch
	cancel()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case _, open := <-ch:
			if !open {
				return
			}
		case <-deadline:
			t.Fatal("the channel stayed open after cancel")
		}
	}
}
