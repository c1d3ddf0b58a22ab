package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"codedesk/model"
	"codedesk/model/catalog"
	"codedesk/model/wire"
)

// fakeNow is a clock the test moves by hand.
type fakeNow struct {
	mu sync.Mutex
	t  time.Time
}

func (f *fakeNow) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeNow) Add(d time.Duration) {
	f.mu.Lock()
	f.t = f.t.Add(d)
	f.mu.Unlock()
}

func start(t *testing.T, opts Options) *Servers {
	t.Helper()
	srv, err := Start(opts, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

func call(t *testing.T, addr, key, name string, params ...string) model.Response {
	t.Helper()
	module, method, err := model.ParseMethodName(name)
	if err != nil {
		t.Fatal(err)
	}
	req := model.Request{Server: model.MustParseServer("http://" + addr), Module: module, Method: method}
	for _, p := range params {
		kv, err := model.ParseParam(p)
		if err != nil {
			t.Fatal(err)
		}
		req.Params = append(req.Params, kv)
	}
	resp, err := wire.NewClient(wire.ClientOptions{Trust: model.NewTrust(req.Server)}).Do(context.Background(), req, key)
	if err != nil {
		t.Fatalf("%s %v: %v", name, params, err)
	}
	return resp
}

// TestEveryTriggerGivesItsCode walks the documented triggers (Triggers) and
// checks each code comes back through the real client.
func TestEveryTriggerGivesItsCode(t *testing.T) {
	clock := &fakeNow{t: time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)}
	srv := start(t, Options{Now: clock.Now})
	cases := []struct {
		code   int
		key    string
		method string
		params []string
	}{
		{0, KeyKZ, "user/getOwnBalance", nil},
		{0, KeyKZ, "message/sendSmsMessage", []string{"recipient=77001234567", "text=Привет"}},
		{1, KeyKZ, "message/sendSmsMessage", []string{"recipient=12ab", "text=x"}},
		{1, KeyKZ, "campaign/create", []string{"data[text]=x", "data[type]=9"}},
		{2, KeyKZ, "campaign/send", []string{"id=424242"}},
		{2, KeyKZ, "taskqueue/getStatus", []string{"id=424242"}},
		{2, KeyKZ, "message/getSMSStatus", nil},
		{3, KeyKZ, "message/sendSmsMessage", []string{"recipient=77000000003", "text=x"}},
		{4, KeyKZ, "nosuch/method", nil},
		{5, KeyKZ, "message/nosuch", nil},
		{8, "wrong-key", "user/getOwnBalance", nil},
		{8, "", "user/getOwnBalance", nil},
		{9, KeyKZ, "message/sendSmsMessage", []string{"recipient=77000000009", "text=x"}},
		{10, KeyKZ, "message/sendSmsMessage", []string{"recipient=77000000010", "text=x"}},
		{11, KeyKZ, "message/sendSmsMessage", []string{"text=x"}},
		{12, KeyKZ, "message/getSMSStatus", []string{"ids=" + strings.Repeat("1,", 100) + "1"}},
		{12, KeyKZ, "campaign/addRecipients", []string{"id=1"}},
		{12, KeyKZ, "campaign/addRecipients", []string{"id=1", "recipients[]=77001234567", "recipientGroups[]=1"}},
		{13, KeyUZ, "user/getOwnBalance", nil},
		{14, KeyBlocked, "user/getOwnBalance", nil},
		{15, KeyKZ, "message/sendSmsMessage", []string{"recipient=77000000015", "text=x"}},
		{98, KeyKZ, "campaign/addRecipients", []string{"id=1", "recipients[]=77001234567", "recipients[]=77001110005"}},
		{99, KeyKZ, "campaign/addRecipients", []string{"id=1", "recipients[]=12345", "recipients[]=77001110008"}},
		{100, KeyKZ, "campaign/addRecipients", []string{"id=1", "recipientGroups[]=7"}},
		{999, KeyKZ, "message/sendSmsMessage", []string{"recipient=77000000999", "text=x"}},
	}
	seen := map[int]bool{}
	for _, tc := range cases {
		clock.Add(2 * time.Second) // stay clear of the rate limits
		resp := call(t, srv.KZ, tc.key, tc.method, tc.params...)
		if resp.Code != tc.code {
			t.Errorf("%s %v with key %q: code %d (%q), want %d", tc.method, tc.params, tc.key, resp.Code, resp.Message, tc.code)
		}
		seen[resp.Code] = true
	}
	// Code 6 needs an output format the client never sends.
	res, err := http.Get("http://" + srv.KZ + "/service/user/getownbalance?api=v1&apiKey=" + KeyKZ + "&output=yaml")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	env, err := wire.DecodeEnvelope(body)
	if err != nil || env.Code != 6 {
		t.Errorf("output=yaml: %v %+v, want code 6", err, env)
	}
	seen[6] = true
	// Code 30.
	for i := 0; i < 6; i++ {
		if resp := call(t, srv.KZ, KeyKZ, "user/getOwnBalance"); resp.Code == 30 {
			seen[30] = true
		}
	}
	for _, c := range catalog.MustDefaultCatalog().Codes() {
		if !seen[c.Number] {
			t.Errorf("no trigger produced code %d (%s)", c.Number, c.Title)
		}
	}
}

func TestWrongRegionPointsToAWorkingServer(t *testing.T) {
	srv := start(t, Options{})
	resp := call(t, srv.KZ, KeyUZ, "user/getOwnBalance")
	var domain string
	if err := json.Unmarshal(resp.Data, &domain); err != nil || resp.Code != 13 {
		t.Fatalf("code %d data %s", resp.Code, resp.Data)
	}
	if domain != srv.UZ {
		t.Fatalf("data %q, want the uz server %q", domain, srv.UZ)
	}
	if again := call(t, domain, KeyUZ, "user/getOwnBalance"); again.Code != 0 {
		t.Errorf("resending to %s: code %d, want 0", domain, again.Code)
	}
}

func TestBulkItemsCarryPerRecipientCodes(t *testing.T) {
	srv := start(t, Options{})
	resp := call(t, srv.KZ, KeyKZ, "campaign/addRecipients", "id=1",
		"recipients[]=77001234567", "recipients[]=", "recipients[]=8700", "recipients[]=77001234567",
		"recipients[]=77001110002", "recipients[]=77001110005", "recipients[]=77001110006",
		"recipients[]=77001110007", "recipients[]=77001110008")
	if resp.Code != 98 {
		t.Fatalf("code %d, want 98", resp.Code)
	}
	var items []struct {
		Recipient string `json:"recipient"`
		Code      int    `json:"code"`
	}
	if err := json.Unmarshal(resp.Data, &items); err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, it := range items {
		got = append(got, it.Code)
	}
	if want := "[0 1 3 4 2 5 6 7 8]"; fmt.Sprint(got) != want {
		t.Errorf("per-recipient codes %v, want %s", got, want)
	}
}

func TestTaskProgressesThenEnds(t *testing.T) {
	for _, tc := range []struct {
		group      string
		wantStatus []int
	}{
		{"7", []int{0, 1, 1, 1, 2}},
		{rejectedGroup, []int{0, 1, 3, 3, 3}},
	} {
		clock := &fakeNow{t: time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)}
		srv := start(t, Options{Now: clock.Now, TaskDuration: 5 * time.Second})
		resp := call(t, srv.KZ, KeyKZ, "campaign/addRecipients", "id=1", "recipientGroups[]="+tc.group)
		id, err := model.TaskID(resp.Data)
		if resp.Code != 100 || err != nil {
			t.Fatalf("code %d data %s", resp.Code, resp.Data)
		}
		var statuses, progress []int
		for range tc.wantStatus {
			clock.Add(1200 * time.Millisecond)
			st := call(t, srv.KZ, KeyKZ, "taskqueue/getStatus", "id="+id)
			state, err := model.ParseTaskState(st.Data)
			if st.Code != 0 || err != nil {
				t.Fatalf("getStatus: code %d data %s", st.Code, st.Data)
			}
			statuses = append(statuses, state.Status)
			progress = append(progress, state.Progress)
			// A rejected task says why, as the real API may; others say nothing.
			if (state.Status == model.TaskRejected) != (st.Message == RejectedTaskReason) {
				t.Errorf("group %s, status %d: message %q", tc.group, state.Status, st.Message)
			}
		}
		if fmt.Sprint(statuses) != fmt.Sprint(tc.wantStatus) {
			t.Errorf("group %s: statuses %v (progress %v), want %v", tc.group, statuses, progress, tc.wantStatus)
		}
		for i := 1; i < len(progress); i++ {
			if progress[i] < progress[i-1] {
				t.Errorf("progress went back: %v", progress)
			}
		}
	}
}

func TestGetStatusMoreThanOnceASecondIs30(t *testing.T) {
	clock := &fakeNow{t: time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)}
	srv := start(t, Options{Now: clock.Now})
	resp := call(t, srv.KZ, KeyKZ, "campaign/addRecipients", "id=1", "recipientGroups[]=7")
	id, _ := model.TaskID(resp.Data)
	if c := call(t, srv.KZ, KeyKZ, "taskqueue/getStatus", "id="+id).Code; c != 0 {
		t.Fatalf("first getStatus: %d", c)
	}
	clock.Add(500 * time.Millisecond)
	if c := call(t, srv.KZ, KeyKZ, "taskqueue/getStatus", "id="+id).Code; c != 30 {
		t.Errorf("second getStatus within a second: %d, want 30", c)
	}
	clock.Add(1000 * time.Millisecond)
	if c := call(t, srv.KZ, KeyKZ, "taskqueue/getStatus", "id="+id).Code; c != 0 {
		t.Errorf("getStatus a second later: %d, want 0", c)
	}
}

func TestXMLOutput(t *testing.T) {
	srv := start(t, Options{})
	res, err := http.Get("http://" + srv.KZ + "/service/user/getownbalance?api=v1&apiKey=" + KeyKZ + "&output=xml")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	for _, want := range []string{"<code>0</code>", "<balance>1520.7500</balance>", "<currency>KZT</currency>"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("xml answer lacks %s:\n%s", want, body)
		}
	}
}

func TestParametersInEveryListForm(t *testing.T) {
	srv := start(t, Options{})
	sent := call(t, srv.KZ, KeyKZ, "message/sendSmsMessage", "recipient=77001234567", "text=x")
	var d struct {
		MessageID string `json:"messageId"`
	}
	json.Unmarshal(sent.Data, &d)
	for _, form := range [][]string{{"ids[]=" + d.MessageID}, {"ids[0]=" + d.MessageID}, {"ids=" + d.MessageID + ",999999"}} {
		time.Sleep(210 * time.Millisecond) // the default rate limit: 5 a second
		resp := call(t, srv.KZ, KeyKZ, "message/getSMSStatus", form...)
		var items []map[string]string
		if err := json.Unmarshal(resp.Data, &items); err != nil || resp.Code != 0 || len(items) != 1 || items[0]["id"] != d.MessageID {
			t.Errorf("%v: code %d data %s, want the one known message", form, resp.Code, resp.Data)
		}
	}
}

func TestTriggersTextNamesEveryCode(t *testing.T) {
	for _, c := range catalog.MustDefaultCatalog().Codes() {
		if !strings.Contains(Triggers, fmt.Sprintf("\n  %-4d", c.Number)) {
			t.Errorf("Triggers has no line for code %d", c.Number)
		}
	}
}
