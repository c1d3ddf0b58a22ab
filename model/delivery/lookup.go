package delivery

import (
	"context"
	"strconv"
	"strings"

	"codedesk/model"
	"codedesk/model/catalog"
	"codedesk/model/safe"
)

// Report is the answer to a lookup of message ids.
type Report struct {
	Results []Result // one per distinct id, in the order asked
	Notes   []string // what was odd in the answers, in Russian
}

// Summary counts the results.
func (r Report) Summary() Summary { return Summarize(r.Results) }

// Lookup asks message/getSMSStatus for ids, in batches of at most MaxBatch,
// one batch after another. An id the API leaves out is a Missing result,
// never dropped; duplicates are asked once. On an error, the results of the
// batches that completed come back with it, still in the order asked.
func (c *Client) Lookup(ctx context.Context, ids []int64) (Report, error) {
	ids = distinct(ids)
	var notes noteList
	items, done, err := c.fetch(ctx, ids, &notes)
	table := c.statuses()
	results := make([]Result, 0, done)
	for _, id := range ids[:done] {
		r := Result{ID: id}
		if it, ok := items[id]; ok {
			r.apply(it, table)
		} else {
			r.Missing = true
		}
		results = append(results, r)
	}
	return Report{Results: results, Notes: notes.all()}, err
}

// apply takes what an answer says of the message.
func (r *Result) apply(it statusItem, table *catalog.StatusTable) {
	r.Missing = false
	r.Status = table.Describe(it.status)
	r.SentStatus = it.sentStatus
	r.SegNum = it.segNum
	r.StartSendTs = it.startSend
	r.StatusUpdateTs = it.statusAt
}

// fetch asks for ids batch by batch and returns what came back by id, and
// how many ids (from the start) were asked successfully.
func (c *Client) fetch(ctx context.Context, ids []int64, notes *noteList) (map[int64]statusItem, int, error) {
	items := make(map[int64]statusItem, len(ids))
	asked := make(map[int64]bool, len(ids))
	for _, id := range ids {
		asked[id] = true
	}
	for start := 0; start < len(ids); start += MaxBatch {
		batch := ids[start:min(start+MaxBatch, len(ids))]
		resp, err := c.call(ctx, c.request("getSMSStatus", []model.Param{{Key: "ids", Value: joinIDs(batch)}}))
		if err != nil {
			return items, start, err
		}
		got, err := parseStatusItems(resp.Data, notes)
		if err != nil {
			return items, start, err
		}
		for _, it := range got {
			_, dup := items[it.id]
			switch {
			case !asked[it.id]:
				notes.add("в ответе сообщение %d, о котором не спрашивали: пропущено", it.id)
			case dup:
				notes.add("сообщение %d в ответе дважды: взято первое", it.id)
			default:
				items[it.id] = it
				if _, known := c.statuses().Lookup(it.status); !known && it.status != "" {
					notes.add("статус %s сообщения %d не из таблицы статусов", safe.Quote(catalog.UnknownStatus(it.status).Name), it.id)
				}
			}
		}
	}
	return items, len(ids), nil
}

func joinIDs(ids []int64) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return b.String()
}

func distinct(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
