package delivery

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"codedesk/model/catalog"
	"codedesk/model/safe"
)

// Result is what is known of one message id.
type Result struct {
	ID int64
	// Missing: the API left the id out of its answer, as it silently does
	// for an unknown id, another account's message or a deleted one. A
	// watched id that vanishes keeps its last Status.
	Missing bool
	Status  catalog.Status // the zero Status when Missing and never seen
	// SentStatus is the status name exactly as the server wrote it (up to
	// MaxSentText bytes), for --json: Status.Name is made inert for people.
	SentStatus     string
	SegNum         int       // segments, as the API counts them
	StartSendTs    time.Time // zero: not sent yet (the API's wall clock, no zone)
	StatusUpdateTs time.Time // zero: not sent yet
	// Steps are the statuses seen while watching, oldest first: the
	// timeline NEW → ENQUEUD → ACCEPTD → DELIVRD with times. Never modify.
	Steps []Step
}

// Step is one status of a message's timeline.
type Step struct {
	Status string
	At     time.Time // statusUpdateTs, or when the watch saw it if the API gave none
}

// Seen reports whether the API ever returned this id.
func (r Result) Seen() bool { return r.Status.Title != "" }

// Final reports a status that will not change any more.
func (r Result) Final() bool { return r.Status.Final }

// Failed reports a final status in which the phone never got the message
// (UNDELIV, REJECTD, EXPIRED, DELETED).
func (r Result) Failed() bool { return r.Status.Failed }

// Done reports that watching this id is over: a final status, or missing.
func (r Result) Done() bool { return r.Missing || r.Status.Final }

// Title is the status's Russian title, or what a missing id means.
func (r Result) Title() string {
	switch {
	case r.Missing && !r.Seen():
		return "Не найдено: API не вернул этот ID"
	case r.Missing:
		return r.Status.Title + " (больше не возвращается API)"
	}
	return r.Status.Title
}

// resultJSON is `codedesk sms status --json`: status null for a missing id,
// times null when not sent.
type resultJSON struct {
	ID             int64   `json:"id"`
	Status         *string `json:"status"`
	StatusKnown    bool    `json:"statusKnown"` // false: not in the status table (or no status)
	Final          bool    `json:"final"`
	SegNum         int     `json:"segNum"`
	StartSendTs    *string `json:"startSendTs"`
	StatusUpdateTs *string `json:"statusUpdateTs"`
	Title          string  `json:"title"`
}

// MarshalJSON writes {id, status, statusKnown, final, segNum,
// startSendTs, statusUpdateTs, title}; the status as the server wrote it,
// times as the API writes them.
func (r Result) MarshalJSON() ([]byte, error) {
	out := resultJSON{ID: r.ID, Final: r.Final(), SegNum: r.SegNum, Title: r.Title(),
		StartSendTs: timeJSON(r.StartSendTs), StatusUpdateTs: timeJSON(r.StatusUpdateTs)}
	if !r.Missing {
		name := r.SentStatus
		out.Status = &name
		out.StatusKnown = r.Status.Known()
	}
	return json.Marshal(out)
}

func timeJSON(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(TimeLayout)
	return &s
}

// Summary counts a set of results for a verdict and a one-line report.
type Summary struct {
	Total     int
	Delivered int // DELIVRD
	Pending   int // not final yet (NEW, ENQUEUD, ACCEPTD, PDLIVRD, or a status the table lacks)
	Failed    int // UNDELIV, REJECTD, EXPIRED, DELETED
	Missing   int // left out by the API
	Unknown   int // a status the table lacks (also counted in Pending)
}

// Summarize counts results.
func Summarize(results []Result) Summary {
	s := Summary{Total: len(results)}
	for _, r := range results {
		switch {
		case r.Missing:
			s.Missing++
		case r.Failed():
			s.Failed++
		case r.Final():
			s.Delivered++
		default:
			s.Pending++
			if !r.Status.Known() {
				s.Unknown++
			}
		}
	}
	return s
}

// OK is the verdict for scripts: every id is known to the API and none is in
// a failed final status. The CLI exits 1 when it is false.
func (s Summary) OK() bool { return s.Failed == 0 && s.Missing == 0 }

// Done reports that every id is final or missing: nothing left to watch.
func (s Summary) Done() bool { return s.Pending == 0 }

// String is the summary in Russian: "3 сообщения: 1 доставлено, 1 в пути,
// 1 не найдено".
func (s Summary) String() string {
	parts := []string{}
	add := func(n int, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(s.Delivered, "доставлено")
	add(s.Pending, "в пути")
	add(s.Failed, "не доставлено")
	add(s.Missing, "не найдено")
	head := plural(s.Total, "сообщение", "сообщения", "сообщений")
	if len(parts) == 0 {
		return head
	}
	return head + ": " + strings.Join(parts, ", ")
}

// ParseIDs reads message ids as people give them: separate arguments, or
// lists with commas or spaces ("101,102 103"). Each must be a positive whole
// number; duplicates are kept once, in the order first given.
func ParseIDs(args []string) ([]int64, error) {
	var ids []int64
	seen := map[int64]bool{}
	for _, arg := range args {
		for _, part := range strings.FieldsFunc(arg, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n' }) {
			id, err := strconv.ParseInt(part, 10, 64)
			if err != nil || id <= 0 {
				return nil, inputErrorf("ID сообщения %s — не целое положительное число", safe.Quote(excerpt([]byte(part))))
			}
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return nil, inputErrorf("не указан ни один ID сообщения")
	}
	return ids, nil
}
