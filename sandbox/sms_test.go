package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"codedesk/model/catalog"
)

var t0 = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

type statusRow struct {
	ID             string  `json:"id"`
	Status         string  `json:"status"`
	SegNum         string  `json:"segNum"`
	StartSendTs    *string `json:"startSendTs"`
	StatusUpdateTs *string `json:"statusUpdateTs"`
}

// sendSMS sends one message and returns its id.
func sendSMS(t *testing.T, addr string, params ...string) string {
	t.Helper()
	resp := call(t, addr, KeyKZ, "message/sendSmsMessage", params...)
	var d struct {
		MessageID  string `json:"messageId"`
		CampaignID string `json:"campaignId"`
	}
	if err := json.Unmarshal(resp.Data, &d); err != nil || resp.Code != 0 || d.MessageID == "" {
		t.Fatalf("sendSmsMessage %v: code %d data %s", params, resp.Code, resp.Data)
	}
	return d.MessageID
}

func statuses(t *testing.T, addr string, params ...string) []statusRow {
	t.Helper()
	resp := call(t, addr, KeyKZ, "message/getSMSStatus", params...)
	var rows []statusRow
	if err := json.Unmarshal(resp.Data, &rows); err != nil || resp.Code != 0 {
		t.Fatalf("getSMSStatus %v: code %d data %s", params, resp.Code, resp.Data)
	}
	return rows
}

// TestEveryStatusHasATrigger follows one message per documented trigger
// through time and checks each timeline, and that all nine statuses occur.
func TestEveryStatusHasATrigger(t *testing.T) {
	clock := &fakeNow{t: t0}
	srv := start(t, Options{Now: clock.Now, RateLimit: 1000})
	cases := []struct {
		number string
		want   string // status at 0, 1, 2, …, 10 s
	}{
		{"77001234567", "NEW ENQUEUD ACCEPTD ACCEPTD DELIVRD DELIVRD DELIVRD DELIVRD DELIVRD DELIVRD DELIVRD"},
		{"77001110206", "NEW ENQUEUD ACCEPTD ACCEPTD PDLIVRD PDLIVRD PDLIVRD PDLIVRD DELIVRD DELIVRD DELIVRD"},
		{"77001110404", "NEW ENQUEUD ACCEPTD ACCEPTD UNDELIV UNDELIV UNDELIV UNDELIV UNDELIV UNDELIV UNDELIV"},
		{"77001110403", "NEW ENQUEUD ACCEPTD ACCEPTD REJECTD REJECTD REJECTD REJECTD REJECTD REJECTD REJECTD"},
		{"77001110408", "NEW ENQUEUD ACCEPTD ACCEPTD ACCEPTD ACCEPTD ACCEPTD ACCEPTD EXPIRED EXPIRED EXPIRED"},
		{"77001110410", "NEW ENQUEUD ACCEPTD ACCEPTD DELETED DELETED DELETED DELETED DELETED DELETED DELETED"},
		{"77001110202", "NEW ENQUEUD ACCEPTD ACCEPTD ACCEPTD ACCEPTD ACCEPTD ACCEPTD ACCEPTD ACCEPTD ACCEPTD"},
	}
	ids := make([]string, len(cases))
	for i, tc := range cases {
		ids[i] = sendSMS(t, srv.KZ, "recipient="+tc.number, "text=Проверка")
	}
	timelines := make([][]string, len(cases))
	seen := map[string]bool{}
	for sec := 0; sec <= 10; sec++ {
		rows := statuses(t, srv.KZ, "ids="+strings.Join(ids, ","))
		if len(rows) != len(ids) {
			t.Fatalf("at %d s: %d rows for %d ids", sec, len(rows), len(ids))
		}
		for i, row := range rows {
			if row.ID != ids[i] {
				t.Fatalf("row %d is message %s, want %s", i, row.ID, ids[i])
			}
			timelines[i] = append(timelines[i], row.Status)
			seen[row.Status] = true
			checkTimes(t, row, sec)
		}
		clock.Add(time.Second)
	}
	for i, tc := range cases {
		if got := strings.Join(timelines[i], " "); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.number, got, tc.want)
		}
	}
	st := catalog.MustDefaultStatuses()
	for _, s := range st.All() {
		if !seen[s.Name] {
			t.Errorf("no trigger produced status %s", s.Name)
		}
	}
}

// checkTimes: a NEW message has no times yet; later ones were sent at 1 s
// and changed status at a whole second no later than now.
func checkTimes(t *testing.T, row statusRow, sec int) {
	t.Helper()
	if row.Status == "NEW" {
		if row.StartSendTs != nil || row.StatusUpdateTs != nil {
			t.Errorf("NEW message %s has times %v %v, want null", row.ID, row.StartSendTs, row.StatusUpdateTs)
		}
		return
	}
	if row.StartSendTs == nil || *row.StartSendTs != t0.Add(time.Second).Format("2006-01-02 15:04:05") {
		t.Errorf("message %s (%s) startSendTs %v, want 1 s after sending", row.ID, row.Status, row.StartSendTs)
	}
	up, err := time.Parse("2006-01-02 15:04:05", deref(row.StatusUpdateTs))
	if err != nil || up.After(t0.Add(time.Duration(sec)*time.Second)) || up.Before(t0) {
		t.Errorf("message %s statusUpdateTs %q at %d s", row.ID, deref(row.StatusUpdateTs), sec)
	}
	if row.SegNum != "1" {
		t.Errorf("message %s segNum %q, want \"1\"", row.ID, row.SegNum)
	}
}

func deref(s *string) string {
	if s == nil {
		return "<null>"
	}
	return *s
}

func TestGetSMSStatusAnswersLikeTheAPI(t *testing.T) {
	clock := &fakeNow{t: t0}
	srv := start(t, Options{Now: clock.Now, RateLimit: 1000})
	a := sendSMS(t, srv.KZ, "recipient=77001234567", "text="+strings.Repeat("x", 161))
	b := sendSMS(t, srv.KZ, "recipient=+77001234568", "text=Привет")
	clock.Add(5 * time.Second)
	// Every list form; unknown ids left out silently; numbers as strings.
	for _, form := range [][]string{
		{"ids[]=" + a, "ids[]=999999", "ids[]=" + b},
		{"ids[0]=" + a, "ids[1]=999999", "ids[2]=" + b},
		{"ids=" + a + ", 999999 ," + b},
	} {
		resp := call(t, srv.KZ, KeyKZ, "message/getSMSStatus", form...)
		var raw []map[string]any
		if err := json.Unmarshal(resp.Data, &raw); err != nil || resp.Code != 0 || len(raw) != 2 {
			t.Fatalf("%v: code %d data %s", form, resp.Code, resp.Data)
		}
		for _, key := range []string{"id", "segNum", "status", "startSendTs", "statusUpdateTs"} {
			if _, isString := raw[0][key].(string); !isString {
				t.Errorf("%v: %s = %#v, want a string like the real API", form, key, raw[0][key])
			}
		}
		if raw[0]["id"] != a || raw[0]["segNum"] != "2" || raw[1]["id"] != b || raw[1]["status"] != "DELIVRD" {
			t.Errorf("%v: %s", form, resp.Data)
		}
	}
	hundred := make([]string, 100)
	for i := range hundred {
		hundred[i] = strconv.Itoa(100000 + i)
	}
	if resp := call(t, srv.KZ, KeyKZ, "message/getSMSStatus", "ids="+strings.Join(hundred, ",")); resp.Code != 0 || string(resp.Data) != "[]" {
		t.Errorf("100 unknown ids: code %d data %s, want 0 and an empty list", resp.Code, resp.Data)
	}
	if resp := call(t, srv.KZ, KeyKZ, "message/getSMSStatus", "ids="+strings.Join(hundred, ",")+","+a); resp.Code != 12 {
		t.Errorf("101 ids: code %d, want 12", resp.Code)
	}
	var many []string
	for _, id := range append(hundred, a) {
		many = append(many, "ids[]="+id)
	}
	if resp := call(t, srv.KZ, KeyKZ, "message/getSMSStatus", many...); resp.Code != 12 {
		t.Errorf("101 ids as a list: code %d, want 12", resp.Code)
	}
	// XML, as the real API answers it.
	res, err := http.Get("http://" + srv.KZ + "/service/message/getsmsstatus?api=v1&apiKey=" + KeyKZ + "&output=xml&ids=" + a)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), "<item><id>"+a+"</id><segNum>2</segNum>") || !strings.Contains(string(body), "<status>DELIVRD</status>") {
		t.Errorf("xml getSMSStatus:\n%s", body)
	}
}

func TestDeferredMessageWaitsInNew(t *testing.T) {
	clock := &fakeNow{t: t0}
	srv := start(t, Options{Now: clock.Now, RateLimit: 1000})
	at := t0.Add(2 * time.Hour).Format("2006-01-02 15:04:05")
	id := sendSMS(t, srv.KZ, "recipient=77001234567", "text=x", "params[deferredToTs]="+at)
	clock.Add(time.Hour)
	if rows := statuses(t, srv.KZ, "ids="+id); rows[0].Status != "NEW" {
		t.Errorf("an hour before its time: %s, want NEW", rows[0].Status)
	}
	clock.Add(time.Hour + 5*time.Second)
	if rows := statuses(t, srv.KZ, "ids="+id); rows[0].Status != "DELIVRD" {
		t.Errorf("after its time: %s, want DELIVRD", rows[0].Status)
	}
	for _, bad := range []string{t0.Add(10 * time.Minute).Format("2006-01-02 15:04:05"), t0.Add(15 * 24 * time.Hour).Format("2006-01-02 15:04:05"), "tomorrow"} {
		if resp := call(t, srv.KZ, KeyKZ, "message/sendSmsMessage", "recipient=77001234567", "text=x", "params[deferredToTs]="+bad); resp.Code != 1 {
			t.Errorf("deferredToTs %q: code %d, want 1", bad, resp.Code)
		}
	}
}

func TestCampaignMessagesStartWhenSent(t *testing.T) {
	clock := &fakeNow{t: t0}
	srv := start(t, Options{Now: clock.Now, RateLimit: 1000})
	resp := call(t, srv.KZ, KeyKZ, "campaign/addRecipients", "id=1", "recipients[]=77001234567", "recipients[]=77001110404")
	var items []struct {
		MessageID string `json:"messageId"`
	}
	if err := json.Unmarshal(resp.Data, &items); err != nil || resp.Code != 0 || len(items) != 2 {
		t.Fatalf("addRecipients: code %d data %s", resp.Code, resp.Data)
	}
	ids := "ids=" + items[0].MessageID + "," + items[1].MessageID
	clock.Add(time.Minute)
	for _, row := range statuses(t, srv.KZ, ids) {
		if row.Status != "NEW" || row.StartSendTs != nil {
			t.Errorf("before campaign/send: %+v, want NEW and no start", row)
		}
	}
	if c := call(t, srv.KZ, KeyKZ, "campaign/send", "id=1").Code; c != 0 {
		t.Fatalf("campaign/send: %d", c)
	}
	clock.Add(5 * time.Second)
	rows := statuses(t, srv.KZ, ids)
	if len(rows) != 2 || rows[0].Status != "DELIVRD" || rows[1].Status != "UNDELIV" {
		t.Errorf("after campaign/send: %+v, want DELIVRD and UNDELIV", rows)
	}
}

type listAnswer struct {
	Items []struct {
		ID         string `json:"id"`
		CampaignID string `json:"campaignId"`
		From       string `json:"from"`
		To         string `json:"to"`
		Text       string `json:"text"`
		Status     string `json:"status"`
		SegNum     string `json:"segNum"`
		Country    string `json:"countryA2"`
	} `json:"items"`
	Total string `json:"totalItemCount"`
}

func list(t *testing.T, addr string, params ...string) listAnswer {
	t.Helper()
	resp := call(t, addr, KeyKZ, "message/list", params...)
	var a listAnswer
	if err := json.Unmarshal(resp.Data, &a); err != nil || resp.Code != 0 {
		t.Fatalf("message/list %v: code %d data %s", params, resp.Code, resp.Data)
	}
	return a
}

func (a listAnswer) ids() string {
	var out []string
	for _, it := range a.Items {
		out = append(out, it.ID)
	}
	return strings.Join(out, " ")
}

func TestMessageListAnswersFromWhatWasSent(t *testing.T) {
	clock := &fakeNow{t: t0}
	srv := start(t, Options{Now: clock.Now, RateLimit: 1000})
	var toA []string
	for i := 0; i < 60; i++ {
		toA = append(toA, sendSMS(t, srv.KZ, "recipient=77001234567", "text=номер "+strconv.Itoa(i), "from=Shop"))
		clock.Add(time.Second)
	}
	b := sendSMS(t, srv.KZ, "recipient=998901110404", "text=другой")
	clock.Add(10 * time.Second)

	all := list(t, srv.KZ, "criteria[to]=77001234567", "pagination[pageSize]=50")
	if all.Total != "60" || len(all.Items) != 50 || all.Items[0].ID != toA[0] {
		t.Errorf("first page: total %s, %d items from %s", all.Total, len(all.Items), all.ids())
	}
	it := all.Items[0]
	if it.To != "77001234567" || it.From != "Shop" || it.Text != "номер 0" || it.Status != "DELIVRD" || it.SegNum != "1" || it.CampaignID == "" {
		t.Errorf("item %+v", it)
	}
	next := list(t, srv.KZ, "criteria[to]=77001234567", "pagination[pageSize]=50", "pagination[currentPage]=1")
	if len(next.Items) != 10 || next.Items[9].ID != toA[59] {
		t.Errorf("second page: %s", next.ids())
	}
	newest := list(t, srv.KZ, "criteria[to]=+7700123", "sort[startSendTs]=DESC", "pagination[pageSize]=25")
	if len(newest.Items) != 25 || newest.Items[0].ID != toA[59] || newest.Items[24].ID != toA[35] {
		t.Errorf("newest first, part of the number: %s", newest.ids())
	}
	if got := list(t, srv.KZ, "criteria[status]=undeliv").ids(); got != b {
		t.Errorf("status UNDELIV: %s, want %s", got, b)
	}
	if got := list(t, srv.KZ, "criteria[to]=0404", "withNumberInfo=1"); got.ids() != b || got.Items[0].Country == "" {
		t.Errorf("part of a number with number info: %+v", got)
	}
	bCampaign := strconv.Itoa(mustAtoi(t, b) + 5000)
	if got := list(t, srv.KZ, "criteria[campaignIds]=1,"+bCampaign).ids(); got != b {
		t.Errorf("campaignIds: %s, want %s", got, b)
	}
	if got := list(t, srv.KZ, "criteria[from]=Shop").Total; got != "60" {
		t.Errorf("from=Shop: total %s", got)
	}
	window := list(t, srv.KZ, "criteria[startSendTsFrom]="+t0.Add(11*time.Second).Format("2006-01-02 15:04:05"),
		"criteria[startSendTsTo]="+t0.Add(13*time.Second).Format("2006-01-02 15:04:05"))
	if window.ids() != strings.Join(toA[10:13], " ") {
		t.Errorf("start time window: %s, want %v", window.ids(), toA[10:13])
	}
	for _, bad := range [][]string{{"pagination[pageSize]=10"}, {"pagination[currentPage]=-1"}, {"sort[id]=UP"}, {"criteria[startSendTsFrom]=yesterday"}} {
		if c := call(t, srv.KZ, KeyKZ, "message/list", bad...).Code; c != 1 {
			t.Errorf("%v: code %d, want 1", bad, c)
		}
	}
}

func mustAtoi(t *testing.T, s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestKeysInTheRealFormatAreAccounts(t *testing.T) {
	srv := start(t, Options{RateLimit: 1000})
	key40 := strings.Repeat("a1B2", 10)
	key70 := strings.Repeat("Z9", 35)
	cases := []struct {
		key  string
		addr string
		code int
	}{
		{key40, srv.KZ, 0}, {key70, srv.KZ, 0},
		{key40, srv.UZ, 13}, // a kz account on the uz server
		{strings.Repeat("a", 41), srv.KZ, 8}, {strings.Repeat("a", 39), srv.KZ, 8},
		{strings.Repeat("a", 39) + "-", srv.KZ, 8}, {"", srv.KZ, 8},
		{KeyKZ, srv.KZ, 0}, {KeyUZ, srv.KZ, 13}, {KeyBlocked, srv.KZ, 14}, {KeyUZ, srv.UZ, 0},
	}
	for _, tc := range cases {
		if got := call(t, tc.addr, tc.key, "user/getOwnBalance").Code; got != tc.code {
			t.Errorf("key %q on %s: code %d, want %d", tc.key, tc.addr, got, tc.code)
		}
	}
}

// finals collects OnFinal calls.
type finals struct {
	mu   sync.Mutex
	got  []Delivery
	each chan struct{}
}

func (f *finals) add(d Delivery) {
	f.mu.Lock()
	f.got = append(f.got, d)
	f.mu.Unlock()
	select { // a wake-up for wait; never block the sandbox
	case f.each <- struct{}{}:
	default:
	}
}

func (f *finals) wait(t *testing.T, n int) []Delivery {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		f.mu.Lock()
		count := len(f.got)
		f.mu.Unlock()
		if count >= n {
			break
		}
		select {
		case <-f.each:
		case <-deadline:
			t.Fatalf("OnFinal called %d times, want %d", count, n)
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Delivery(nil), f.got...)
}

func TestOnFinalOncePerMessageWithoutRequests(t *testing.T) {
	clock := &fakeNow{t: t0}
	f := &finals{each: make(chan struct{}, 100)}
	srv := start(t, Options{Now: clock.Now, RateLimit: 1000, OnFinal: f.add})
	want := map[string]string{}
	for _, n := range []string{"77001234567", "77001110206", "77001110404", "77001110403", "77001110408", "77001110410"} {
		want[sendSMS(t, srv.KZ, "recipient="+n, "text="+strings.Repeat("ы", 71))] = n
	}
	stuck := sendSMS(t, srv.KZ, "recipient=77001110202", "text=x")
	// Nobody asks: the ticker must notice the finals by itself.
	clock.Add(4 * time.Second)
	first := f.wait(t, 4)
	clock.Add(4 * time.Second)
	got := f.wait(t, 6)
	// Requests that notice the same finals, racing the ticker, add nothing.
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				call(t, srv.KZ, KeyKZ, "message/list")
			}
		}()
	}
	wg.Wait()
	clock.Add(time.Hour)
	call(t, srv.KZ, KeyKZ, "message/getSMSStatus", "ids="+stuck)
	srv.Sandbox.sweep()
	f.mu.Lock()
	total := len(f.got)
	f.mu.Unlock()
	if total != 6 {
		t.Errorf("OnFinal called %d times for 6 finished messages: %+v", total, f.got)
	}
	if len(first) != 4 {
		t.Errorf("at 4 s: %d finals, want 4 (DELIVRD, UNDELIV, REJECTD, DELETED)", len(first))
	}
	finalOf := map[string]string{"77001234567": "DELIVRD", "77001110206": "DELIVRD", "77001110404": "UNDELIV",
		"77001110403": "REJECTD", "77001110408": "EXPIRED", "77001110410": "DELETED"}
	for _, d := range got {
		id := strconv.Itoa(d.MessageID)
		n, ok := want[id]
		if !ok {
			t.Errorf("OnFinal for message %s, which was not expected (stuck is %s)", id, stuck)
			continue
		}
		delete(want, id)
		slow := n == "77001110206" || n == "77001110408"
		end := t0.Add(4 * time.Second)
		if slow {
			end = t0.Add(8 * time.Second)
		}
		if d.To != n || d.Status != finalOf[n] || d.SegNum != 2 || !d.StatusUpdateTs.Equal(end) || d.CampaignID != d.MessageID+5000 {
			t.Errorf("delivery %+v, want to %s, %s, 2 segments, at %v", d, n, finalOf[n], end)
		}
	}
	if len(want) > 0 {
		t.Errorf("no OnFinal for %v", want)
	}
}

func TestTriggersNameEveryStatus(t *testing.T) {
	for _, s := range catalog.MustDefaultStatuses().All() {
		if !strings.Contains(Triggers, s.Name) {
			t.Errorf("Triggers never names status %s", s.Name)
		}
	}
	for suffix := range statusTriggers {
		if !strings.Contains(Triggers, fmt.Sprintf("\n  %s ", suffix)) {
			t.Errorf("Triggers has no line for numbers ending in %s", suffix)
		}
	}
}
