package history

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"codedesk/model"
)

func TestRecordAndGetKeepEverything(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		s := e.open(t)
		c := sampleCall(98, "Добавлено 1 из 3", model.Param{Key: "recipients[]", Value: "77001234567"}, model.Param{Key: "id", Value: "1"})
		id := record(t, s, c, plausibleKey)
		got, err := s.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Server != "api.mobizon.kz" || got.Name() != "message/sendSmsMessage" || got.HTTPMethod != "POST" ||
			*got.Code != 98 || got.Message != "Добавлено 1 из 3" || string(got.Data) != `{"messageId":"5"}` ||
			got.Duration != 42*time.Millisecond || got.Source != "cli" || !got.Failed() || got.Agent != "aigerim" ||
			len(got.UID) != 32 || got.Starred || got.Note != "" || got.NoteAt != nil {
			t.Errorf("got %+v", got)
		}
		if d := got.At.Sub(c.At); d < -time.Millisecond || d > time.Millisecond {
			t.Errorf("time %v, recorded %v", got.At, c.At)
		}
		// Parameters keep their order.
		if fmt.Sprint(got.Params) != "[{recipients[] 77001234567} {id 1}]" {
			t.Errorf("params %v", got.Params)
		}
		// A replay links to its original.
		r := sampleCall(0, "")
		r.ReplayOf, r.Source = &id, SourceReplay
		rid := record(t, s, r, "")
		if back, _ := s.Get(ctx, rid); back.ReplayOf == nil || *back.ReplayOf != id || rid <= id {
			t.Errorf("replay %d of %d: %+v", rid, id, back)
		}
		if _, err := s.Get(ctx, 999999); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get of a missing call: %v", err)
		}
	})
}

func TestTransportFailureIsRecorded(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		s := e.open(t)
		req := model.Request{Server: model.MustParseServer("http://127.0.0.1:1"), Module: "user", Method: "getOwnBalance"}
		callErr := &model.CallError{Kind: model.KindRefused, Msg: "отказал в соединении"}
		id := record(t, s, FromResult(req, model.Response{Duration: time.Millisecond}, callErr, "tui"), plausibleKey)
		got, _ := s.Get(ctx, id)
		if got.Code != nil || got.ErrorKind != "refused" || !got.Failed() || !got.Sent() || !strings.Contains(got.Error, "отказал") {
			t.Errorf("got %+v", got)
		}
	})
}

func TestTheKeyIsNeverStored(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		where := e.fresh(t)
		s := openAt(t, where, Options{})
		escaped := `\u00` + fmt.Sprintf("%x", plausibleKey[0]) + plausibleKey[1:] // the key, its first letter \u-escaped
		c := sampleCall(8, "bad key "+plausibleKey, model.Param{Key: "apiKey", Value: plausibleKey},
			model.Param{Key: "text", Value: "key=" + plausibleKey})
		c.Data = []byte(`{"echo":"` + escaped + `","plain":"` + plausibleKey + `","n":[1,2.50]}`)
		c.Error = "GET https://x/?apiKey=" + plausibleKey
		c.Note = "customer key " + plausibleKey
		c.Server = "https://api.mobizon.kz/" + plausibleKey
		id := record(t, s, c, plausibleKey)
		got, _ := s.Get(ctx, id)
		for _, p := range got.Params {
			if strings.EqualFold(p.Key, "apikey") {
				t.Error("the apiKey parameter was kept")
			}
		}
		if !json.Valid(got.Data) || !strings.Contains(string(got.Data), `"n":[1,2.50]`) {
			t.Errorf("data after masking: %s", got.Data)
		}
		s.Close()
		all := dump(t, e, where)
		if len(all) < 100 {
			t.Fatalf("the dump is empty: %q", all)
		}
		if strings.Contains(all, plausibleKey) || strings.Contains(all, plausibleKey[1:]) {
			t.Error("the dump holds the key")
		}
	})
}

func TestMaskingNeverRewritesData(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		s := e.open(t)
		// Keys that cannot be real ones (support staff reproduce code 8
		// with them) change nothing stored; apiKey is dropped all the same.
		for _, key := range []string{"abc", "808", "5"} {
			c := sampleCall(8, "abcdef Fabcon 5 808",
				model.Param{Key: "apiKey", Value: key}, model.Param{Key: "text", Value: "abcdef Fabcon"})
			c.Server = "http://127.0.0.1:18081"
			c.Data = []byte(`{"text":"abcdef Fabcon","n":5,"server":"http://127.0.0.1:18081","list":[5,55,0.5]}`)
			c.Note = "abc 808 5"
			id := record(t, s, c, key)
			got, _ := s.Get(ctx, id)
			if got.Server != c.Server || got.Message != c.Message || got.Note != c.Note ||
				string(got.Data) != string(c.Data) || fmt.Sprint(got.Params) != "[{text abcdef Fabcon}]" {
				t.Errorf("key %q rewrote the call: %+v data %s", key, got, got.Data)
			}
		}
	})
}

func TestDataPastTheCapStaysValidJSON(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		s := e.open(t)
		// An ~800 KiB answer: a list of objects, with quotes, escapes and
		// Cyrillic to cut through.
		var items []string
		for i, size := 0, 0; size < 800<<10; i++ {
			items = append(items, fmt.Sprintf(`{"id":%d,"text":"Ваш \"код\" %d\n","ok":true}`, i, i))
			size += len(items[i]) + 1
		}
		big := "[" + strings.Join(items, ",") + "]"
		c := sampleCall(0, "")
		c.Data = []byte(big)
		id := record(t, s, c, "")
		record(t, s, sampleCall(30, "частые"), "")
		got, _ := s.Get(ctx, id)
		if !got.DataCut || len(got.Data) > MaxData || !json.Valid(got.Data) {
			t.Fatalf("cut %v, %d bytes, valid %v", got.DataCut, len(got.Data), json.Valid(got.Data))
		}
		var mark CutMark
		if err := json.Unmarshal(got.Data, &mark); err != nil || !mark.Cut || mark.Bytes != len(big) ||
			!strings.HasPrefix(big, mark.Start) || len(mark.Start) < MaxData/2 {
			t.Errorf("mark: cut %v, bytes %d of %d, start %d bytes, %v", mark.Cut, mark.Bytes, len(big), len(mark.Start), err)
		}
		// What history --json does with the rows: data as raw JSON.
		calls := list(t, s, Filter{})
		type row struct {
			Call
			Data json.RawMessage `json:"data,omitempty"`
		}
		var rows []row
		for _, c := range calls {
			rows = append(rows, row{c, c.Data})
		}
		if _, err := json.Marshal(rows); err != nil {
			t.Errorf("the listing does not encode: %v", err)
		}
		// Data that is not JSON at all is kept as a JSON string.
		c = sampleCall(0, "")
		c.Data = []byte("<html>oops</html>")
		got, _ = s.Get(ctx, record(t, s, c, ""))
		var text string
		if json.Unmarshal(got.Data, &text) != nil || text != "<html>oops</html>" {
			t.Errorf("non-JSON data stored as %s", got.Data)
		}
	})
}

func TestListFiltersAndPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		s := e.open(t)
		var all []Call
		for i := 0; i < 120; i++ {
			code := []int{0, 98, 100, 30}[i%4]
			c := sampleCall(code, fmt.Sprintf("ответ номер %d", i), model.Param{Key: "recipient", Value: fmt.Sprintf("7700%07d", i)})
			if i == 7 {
				c.Message = "Абонент недоступен сегодня"
			}
			all = append(all, c)
		}
		gotIDs, err := s.RecordBatch(ctx, all, "")
		if err != nil || len(gotIDs) != 120 {
			t.Fatal(len(gotIDs), err)
		}
		page := list(t, s, Filter{Limit: 50})
		if len(page) != 50 || page[0].ID != gotIDs[119] || page[49].ID != gotIDs[70] {
			t.Fatalf("first page: %d calls, %v", len(page), ids(page))
		}
		next := list(t, s, Filter{Limit: 50, Before: page[49].ID})
		if len(next) != 50 || next[0].ID != gotIDs[69] {
			t.Fatalf("second page starts at %v", ids(next))
		}
		failed := list(t, s, Filter{Failed: true, Limit: 500})
		if len(failed) != 60 {
			t.Errorf("failed: %d, want 60 (98 and 30)", len(failed))
		}
		for _, c := range failed {
			if !c.Failed() {
				t.Errorf("failed filter returned %d", *c.Code)
			}
		}
		code := 30
		if by30 := list(t, s, Filter{Code: &code, Limit: 500}); len(by30) != 30 {
			t.Errorf("code 30: %d", len(by30))
		}
		// Text search: message words, parameter values, method names, prefixes.
		// "лимит" names code 30: its 30 calls.
		for q, want := range map[string]int{"лимит": 30, "абонента": 1, "абон": 1, "77000000042": 1, "sendsmsmessage": 120,
			"sendsms": 120, "sms": 120, "номер 4": 11, "нетакого": 0} {
			if got := list(t, s, Filter{Query: q, Limit: 500}); len(got) != want {
				t.Errorf("search %q: %d calls, want %d", q, len(got), want)
			}
		}
		// Search results are newest first too, and combine with filters.
		got := list(t, s, Filter{Query: "ответ", Failed: true, Limit: 5})
		if len(got) != 5 || got[0].ID != gotIDs[119] || !got[0].Failed() {
			t.Errorf("search + failed: %v", ids(got))
		}
		// Query syntax of either engine in what a user types is just text.
		for _, q := range []string{`"unbalanced AND OR NEAR( *`, `a & b | !c :* (`, `'quote'`} {
			if _, err := s.List(ctx, Filter{Query: q}); err != nil {
				t.Errorf("a query with syntax failed: %q: %v", q, err)
			}
		}
	})
}

func TestSearchStemsBothLanguagesAndFindsCodes(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		s := e.open(t)
		tooOften := record(t, s, sampleCall(30, "Слишком частые запросы к message/sendSmsMessage"), "")
		english := sampleCall(3, "Too many requests were rejected")
		englishID := record(t, s, english, "")
		param30 := record(t, s, sampleCall(0, "", model.Param{Key: "validity", Value: "30"}), "")
		noted := record(t, s, sampleCall(0, "Отправлено"), "")
		if err := s.SetNote(ctx, noted, "клиент просил перезвонить завтра", ""); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 6; i++ {
			record(t, s, sampleCall(2, "Запись не найдена и не будет в списке"), "")
		}
		cases := []struct {
			query string
			want  []int64 // in order; nil: nothing
		}{
			{"частых", []int64{tooOften}},                   // another form of частые
			{"rejects", []int64{englishID}},                 // rejected
			{"request", []int64{englishID, tooOften}},       // requests; and code 30 is "too many requests"
			{"лимит", []int64{tooOften}},                    // the code-30 title and keywords
			{"rate limit", []int64{tooOften}},               // English keywords of code 30
			{"30", []int64{tooOften, param30}},              // the code first, then a parameter
			{"перезвонил", []int64{noted}},                  // the note, stemmed
			{"не", nil},                                     // stop words find nothing
			{"и в", nil},                                    // nor do several
			{"частые не", []int64{tooOften}},                // and do not narrow a query
			{"запросы частые", []int64{tooOften}},           // any order
			{"rejected запись", nil},                        // every word must match
			{"many requests", []int64{englishID, tooOften}}, // code 30's keywords: "too many requests"
		}
		for _, c := range cases {
			got := ids(list(t, s, Filter{Query: c.query}))
			if !slices.Equal(got, c.want) {
				t.Errorf("%q: %v, want %v", c.query, got, c.want)
			}
		}
	})
}

func TestANumberListsItsCodeFirstAcrossPages(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		s := e.open(t)
		var code30, param30 []int64
		for i := 0; i < 7; i++ {
			param30 = append(param30, record(t, s, sampleCall(0, "", model.Param{Key: "validity", Value: "30"}), ""))
			code30 = append(code30, record(t, s, sampleCall(30, "Слишком часто"), ""))
			record(t, s, sampleCall(0, "ничего общего"), "")
		}
		slices.Reverse(code30)
		slices.Reverse(param30)
		want := append(append([]int64{}, code30...), param30...)
		var got []int64
		before := int64(0)
		for page := 0; page < 10; page++ {
			calls := list(t, s, Filter{Query: "30", Limit: 3, Before: before})
			if len(calls) == 0 {
				break
			}
			got = append(got, ids(calls)...)
			before = calls[len(calls)-1].ID
		}
		if !slices.Equal(got, want) {
			t.Errorf("pages of 3: %v, want %v", got, want)
		}
	})
}

func TestFilterByAgentAndTime(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		where := e.fresh(t)
		aigerim := openAt(t, where, Options{Agent: "aigerim"})
		timur := openAt(t, where, Options{Agent: "timur"})
		day := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
		var byTimur []int64
		for i := 0; i < 6; i++ {
			c := sampleCall(0, "")
			c.At = day.Add(time.Duration(i) * 24 * time.Hour)
			s := aigerim
			if i%2 == 1 {
				s = timur
			}
			id := record(t, s, c, "")
			if i%2 == 1 {
				byTimur = append([]int64{id}, byTimur...)
			}
		}
		if got := ids(list(t, aigerim, Filter{Agent: "timur"})); !slices.Equal(got, byTimur) {
			t.Errorf("timur's calls: %v, want %v", got, byTimur)
		}
		got := list(t, aigerim, Filter{Since: day.Add(24 * time.Hour), Until: day.Add(4 * 24 * time.Hour)})
		if len(got) != 3 || !got[0].At.Equal(day.Add(3*24*time.Hour)) || !got[2].At.Equal(day.Add(24*time.Hour)) {
			t.Errorf("days 2..4: %d calls %v", len(got), got)
		}
		if got := list(t, aigerim, Filter{Agent: "timur", Since: day.Add(2 * 24 * time.Hour)}); len(got) != 2 {
			t.Errorf("timur since day 3: %d", len(got))
		}
	})
}

func TestStarNoteDeleteAndUndoEveryDeletion(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		where := e.fresh(t)
		s := openAt(t, where, Options{Agent: "aigerim", Now: func() time.Time { return time.Date(2025, 5, 1, 9, 30, 0, 0, time.UTC) }})
		starredID := record(t, s, sampleCall(99, "ни один"), "")
		plainID := record(t, s, sampleCall(0, ""), "")
		keepID := record(t, s, sampleCall(0, ""), "")
		if err := s.Star(ctx, starredID, true); err != nil {
			t.Fatal(err)
		}
		if err := s.SetNote(ctx, starredID, "тикет 4711: клиент из Алматы", "timur"); err != nil {
			t.Fatal(err)
		}
		starred := list(t, s, Filter{Starred: true})
		if len(starred) != 1 || starred[0].ID != starredID || starred[0].Note != "тикет 4711: клиент из Алматы" ||
			starred[0].NoteAuthor != "timur" || starred[0].NoteAt == nil || !starred[0].NoteAt.Equal(time.Date(2025, 5, 1, 9, 30, 0, 0, time.UTC)) {
			t.Fatalf("starred: %+v", starred)
		}
		if found := list(t, s, Filter{Query: "4711"}); len(found) != 1 {
			t.Error("a note must be searchable")
		}
		// delete, delete, undo, undo: both back, newest deletion first.
		first, err := s.Delete(ctx, starredID)
		if err != nil {
			t.Fatal(err)
		}
		second, err := s.Delete(ctx, plainID)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(list(t, s, Filter{})); !slices.Equal(got, []int64{keepID}) {
			t.Fatalf("after two deletions: %v", got)
		}
		if found := list(t, s, Filter{Query: "4711"}); len(found) != 0 {
			t.Error("a deleted call must leave the search index")
		}
		for _, c := range []Call{second, first} {
			if err := s.Restore(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		if got := ids(list(t, s, Filter{})); !slices.Equal(got, []int64{keepID, plainID, starredID}) {
			t.Errorf("after two undos: %v", got)
		}
		back, err := s.Get(ctx, starredID)
		if err != nil || back.UID != first.UID || back.Agent != "aigerim" || !back.Starred || back.Note != first.Note ||
			back.NoteAuthor != "timur" || back.NoteAt == nil || !back.NoteAt.Equal(*first.NoteAt) || *back.Code != 99 {
			t.Errorf("restored %+v %v", back, err)
		}
		if found := list(t, s, Filter{Query: "алматы"}); len(found) != 1 {
			t.Error("a restored call must be searchable again")
		}
		// Removing a note removes its author and time.
		if err := s.SetNote(ctx, starredID, "", ""); err != nil {
			t.Fatal(err)
		}
		if c, _ := s.Get(ctx, starredID); c.Note != "" || c.NoteAuthor != "" || c.NoteAt != nil || !c.Starred {
			t.Errorf("note removed: %+v", c)
		}
		if err := s.Star(ctx, 999999, true); !errors.Is(err, ErrNotFound) {
			t.Errorf("starring a missing call: %v", err)
		}
		if err := s.SetNote(ctx, 999999, "x", ""); !errors.Is(err, ErrNotFound) {
			t.Errorf("a note on a missing call: %v", err)
		}
		if _, err := s.Delete(ctx, 999999); !errors.Is(err, ErrNotFound) {
			t.Errorf("deleting a missing call: %v", err)
		}
	})
}

func TestIdsAreNeverReused(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		s := e.open(t)
		record(t, s, sampleCall(0, ""), "")
		newest := record(t, s, sampleCall(0, ""), "")
		if _, err := s.Delete(ctx, newest); err != nil {
			t.Fatal(err)
		}
		if next := record(t, s, sampleCall(0, ""), ""); next <= newest {
			t.Errorf("after deleting %d the next call got %d", newest, next)
		}
	})
}

func TestRecordingTheSameUIDTwiceKeepsOne(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		s := e.open(t)
		c := sampleCall(0, "")
		c.UID = "0123456789abcdef0123456789abcdef"
		first := record(t, s, c, "")
		if again := record(t, s, c, ""); again != first {
			t.Errorf("ids %d and %d", first, again)
		}
		if n, _ := s.Count(ctx); n != 1 {
			t.Errorf("%d calls", n)
		}
	})
}

func TestARejectedTaskIsAFailure(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		s := e.open(t)
		status := func(data string) Call {
			req := model.Request{Server: model.MustParseServer("api.mobizon.kz"), Module: "taskqueue", Method: "getStatus"}
			resp := model.Response{Envelope: model.Envelope{Code: 0, Data: []byte(data)}}
			return FromResult(req, resp, nil, SourceCLI)
		}
		rejected := record(t, s, status(`{"status":3,"progress":40}`), "")
		record(t, s, status(`{"status":2,"progress":100}`), "")
		if got := ids(list(t, s, Filter{Failed: true})); !slices.Equal(got, []int64{rejected}) {
			t.Errorf("failed: %v, want the rejected task %d", got, rejected)
		}
		orig, err := s.FailedOriginals(ctx, 10)
		if err != nil || len(orig) != 1 || orig[0].ID != rejected {
			t.Errorf("failed originals: %v %v", ids(orig), err)
		}
	})
}

func TestWebhookDeliveriesAreReceivedNotSent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		s := e.open(t)
		good := Call{Source: SourceWebhook, Module: "webhook", Method: "messageStatus", Server: "http://127.0.0.1:8081",
			Data: []byte(`{"messageId":"7","status":"DELIVRD"}`)}
		bad := good
		bad.ErrorKind, bad.Error = ErrorKindSignature, "подпись не совпала"
		goodID, badID := record(t, s, good, ""), record(t, s, bad, "")
		g, _ := s.Get(ctx, goodID)
		b, _ := s.Get(ctx, badID)
		if g.Failed() || g.Sent() || !g.Received() || !b.Failed() || b.Sent() || !b.Received() {
			t.Errorf("good: failed %v sent %v; bad: failed %v sent %v", g.Failed(), g.Sent(), b.Failed(), b.Sent())
		}
		if got := ids(list(t, s, Filter{Failed: true})); !slices.Equal(got, []int64{badID}) {
			t.Errorf("failed: %v", got)
		}
		if got := ids(list(t, s, Filter{Query: "messagestatus"})); len(got) != 2 {
			t.Errorf("by event type: %v", got)
		}
		if _, err := g.Request(); err == nil {
			t.Error("a webhook is not a request to replay")
		}
	})
}

func TestFailedOriginalsAreDistinct(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		s := e.open(t)
		a := sampleCall(30, "", model.Param{Key: "recipient", Value: "1"})
		record(t, s, a, "")
		newestA := record(t, s, a, "")
		b := record(t, s, sampleCall(8, "", model.Param{Key: "recipient", Value: "2"}), "")
		replay := sampleCall(30, "", model.Param{Key: "recipient", Value: "3"})
		replay.ReplayOf = &b
		record(t, s, replay, "")
		record(t, s, sampleCall(0, "", model.Param{Key: "recipient", Value: "4"}), "")
		// A webhook whose signature failed is failed, but it was received,
		// not sent: there is nothing to replay.
		record(t, s, Call{Server: "127.0.0.1:8090", Module: "webhook", Method: "sms-delivery-report", Source: "webhook",
			ErrorKind: "signature", Error: "подпись не совпала", Data: []byte(`{"eventId":1}`)}, "")
		got, err := s.FailedOriginals(ctx, 10)
		if err != nil || !slices.Equal(ids(got), []int64{b, newestA}) {
			t.Errorf("%v %v", ids(got), err)
		}
		if got, _ := s.FailedOriginals(ctx, 1); len(got) != 1 {
			t.Errorf("limit 1: %d", len(got))
		}
	})
}

func TestSearchFindsOldCallsBeneathManyNewOnes(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		s := e.open(t)
		var want []int64
		for round := 0; round < 3; round++ {
			want = append([]int64{record(t, s, sampleCall(0, "редкое слово абракадабра"), "")}, want...)
			filler := make([]Call, 1500) // more than any window a search reads one by one
			for i := range filler {
				filler[i] = sampleCall(0, "обычный ответ")
			}
			if _, err := s.RecordBatch(ctx, filler, ""); err != nil {
				t.Fatal(err)
			}
		}
		if got := ids(list(t, s, Filter{Query: "абракадабры"})); !slices.Equal(got, want) {
			t.Errorf("all: %v, want %v", got, want)
		}
		var paged []int64
		for before := int64(0); ; {
			calls := list(t, s, Filter{Query: "абракадабр", Limit: 1, Before: before})
			if len(calls) == 0 {
				break
			}
			paged = append(paged, calls[0].ID)
			before = calls[0].ID
		}
		if !slices.Equal(paged, want) {
			t.Errorf("a page at a time: %v, want %v", paged, want)
		}
		if got := list(t, s, Filter{Query: "обычный", Limit: 5}); len(got) != 5 {
			t.Errorf("a common word: %d", len(got))
		}
	})
}

// A key pasted into a note is cut out by the store itself, on both
// engines, whoever writes the note (the CLI, the TUI's n, a push).
func TestAKeyInANoteIsNeverStored(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		where := e.fresh(t)
		s := openAt(t, where, Options{Agent: "aigerim"})
		id := record(t, s, sampleCall(8, "bad key"), "")
		for _, note := range []string{"note with key " + plausibleKey, "ключ:" + plausibleKey + "!", "glued" + plausibleKey} {
			if err := s.SetNote(ctx, id, note, ""); err != nil {
				t.Fatal(err)
			}
			got, err := s.Get(ctx, id)
			if err != nil || strings.Contains(got.Note, plausibleKey[4:]) || !strings.Contains(got.Note, "…") {
				t.Errorf("note %q stored as %q (%v)", note, got.Note, err)
			}
		}
		c := sampleCall(0, "")
		c.Note = "recorded with a note: " + plausibleKey
		record(t, s, c, "") // a note that comes with a call (a push, an undo)
		s.Close()
		if all := dump(t, e, where); strings.Contains(all, plausibleKey[4:]) {
			t.Error("the dump holds the key from a note")
		}
	})
}

func TestUndoBringsBackEveryReplayLink(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		s := openAt(t, e.fresh(t), Options{Agent: "aigerim"})
		origID := record(t, s, sampleCall(12, "параметр"), "")
		replay := sampleCall(0, "")
		replay.ReplayOf, replay.Source = &origID, SourceReplay
		replayID := record(t, s, replay, "")
		must(t, s.Star(ctx, origID, true))
		must(t, s.SetNote(ctx, origID, "клиент ждёт", "timur"))
		// The original goes and comes back: its replay links to it again.
		orig, err := s.Delete(ctx, origID)
		must(t, err)
		if c, _ := s.Get(ctx, replayID); c.ReplayOf != nil {
			t.Fatalf("while the original is deleted its replay links nowhere, got %d", *c.ReplayOf)
		}
		must(t, s.Restore(ctx, orig))
		back, err := s.Get(ctx, replayID)
		if err != nil || back.ReplayOf == nil || *back.ReplayOf != origID {
			t.Fatalf("the replay after undo: %+v %v", back, err)
		}
		if o, _ := s.Get(ctx, origID); !o.Starred || o.Note != "клиент ждёт" || o.NoteAuthor != "timur" || o.NoteAt == nil {
			t.Errorf("the original after undo lost its star or note: %+v", o)
		}
		// The replay goes and comes back: it still names its original.
		r, err := s.Delete(ctx, replayID)
		must(t, err)
		must(t, s.Restore(ctx, r))
		if c, _ := s.Get(ctx, replayID); c.ReplayOf == nil || *c.ReplayOf != origID {
			t.Errorf("a restored replay must name its original: %+v", c)
		}
		// Both go, newest deletion undone first: both links come back.
		r, err = s.Delete(ctx, replayID)
		must(t, err)
		orig, err = s.Delete(ctx, origID)
		must(t, err)
		must(t, s.Restore(ctx, orig))
		must(t, s.Restore(ctx, r))
		if c, _ := s.Get(ctx, replayID); c.ReplayOf == nil || *c.ReplayOf != origID {
			t.Errorf("after two undos the replay must name its original: %+v", c)
		}
		if failed, _ := s.FailedOriginals(ctx, 10); len(failed) != 1 || failed[0].ID != origID {
			t.Errorf("the failed originals after undo: %v", ids(failed))
		}
	})
}

func TestDigitsFindNumbersInsideParameterValues(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		s := openAt(t, e.fresh(t), Options{})
		phone := record(t, s, sampleCall(0, "", model.Param{Key: "recipient", Value: "77001230403"}), "")
		other := record(t, s, sampleCall(0, "", model.Param{Key: "recipient", Value: "77009990001"}), "")
		noted := record(t, s, sampleCall(0, ""), "")
		must(t, s.SetNote(ctx, noted, "звонил про 0403", ""))
		for q, want := range map[string][]int64{
			"0403":        {noted, phone}, // the word in a note, and the end of a number
			"1230":        {phone},        // digits in its middle
			"77001230403": {phone},
			"999":         {other},
			"0404":        nil,
		} {
			if got := ids(list(t, s, Filter{Query: q})); !slices.Equal(got, want) {
				t.Errorf("%q found %v, want %v", q, got, want)
			}
		}
	})
}
