package delivery

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// statusBody is a getSMSStatus data list for ids, shaped as the API (and
// the sandbox) writes it: numbers as strings.
func statusBody(ids []int64, status string) json.RawMessage {
	var b strings.Builder
	b.WriteByte('[')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"%d","status":"%s","segNum":"1","startSendTs":"2026-11-26 10:00:01","statusUpdateTs":"2026-11-26 10:00:02"}`, id, status)
	}
	b.WriteByte(']')
	return json.RawMessage(b.String())
}

// BenchmarkWatchRound is a watch round's own work on its answers (reading
// them, merging them into the results, the round's fresh copy and its
// summary), without the network: it must grow linearly with the ids, so
// that a watch of 500 ids never holds up a TUI frame.
func BenchmarkWatchRound(b *testing.B) {
	for _, n := range []int{500, 5000} {
		ids := make([]int64, n)
		pos := make(map[int64]int, n)
		for i := range ids {
			ids[i] = int64(100000 + i)
			pos[ids[i]] = i
		}
		var bodies []json.RawMessage
		for start := 0; start < n; start += MaxBatch {
			bodies = append(bodies, statusBody(ids[start:min(start+MaxBatch, n)], "ACCEPTD"))
		}
		c := &Client{}
		b.Run("ids="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				results := make([]Result, n)
				for i, id := range ids {
					results[i] = Result{ID: id}
				}
				var notes noteList
				items := make(map[int64]statusItem, n)
				for _, body := range bodies {
					got, err := parseStatusItems(body, &notes)
					if err != nil {
						b.Fatal(err)
					}
					for _, it := range got {
						items[it.id] = it
					}
				}
				changed := c.merge(results, pos, ids, items, time.Now(), &notes)
				round := Round{Results: slices.Clone(results), Changed: changed}
				round.Summary = Summarize(round.Results)
				if len(changed) != n || round.Summary.Pending != n {
					b.Fatalf("%d changed, %+v", len(changed), round.Summary)
				}
			}
		})
	}
}
