package delivery_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"codedesk/model"
	"codedesk/model/delivery"
	"codedesk/sandbox"
)

func param(req model.Request, key string) string {
	for _, p := range req.Params {
		if p.Key == key {
			return p.Value
		}
	}
	return "<none>"
}

func TestListByNumber(t *testing.T) {
	clock := newFakeClock()
	srv := startSandbox(t, clock, sandbox.Options{})
	var sent []int64
	for i := 0; i < 130; i++ {
		sent = append(sent, send(t, srv.KZ, "77001234567", fmt.Sprintf("Код %d. %s", i, strings.Repeat("длинный текст ", 10))))
		clock.Add(time.Second)
	}
	other := send(t, srv.KZ, "77005550404", "другому")
	clock.Add(10 * time.Second)

	var calls []recorded
	c := newClient(srv.KZ, clock, &calls)
	rep, err := c.List(context.Background(), delivery.ListQuery{To: "+7 700 123-45-67", Limit: 120})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Items) != 120 || rep.Total != 130 || rep.Items[0].ID != sent[129] || rep.Items[119].ID != sent[10] {
		t.Fatalf("%d items of %d, from %d to %d; want 120 of 130, newest first", len(rep.Items), rep.Total, rep.Items[0].ID, rep.Items[len(rep.Items)-1].ID)
	}
	if len(calls) != 2 {
		t.Fatalf("%d calls, want 2 pages", len(calls))
	}
	for page, call := range calls {
		if call.req.Name() != "message/list" || param(call.req, "criteria[to]") != "77001234567" || param(call.req, "pagination[pageSize]") != "100" ||
			param(call.req, "pagination[currentPage]") != fmt.Sprint(page) || param(call.req, "sort[startSendTs]") != "DESC" {
			t.Errorf("page %d: %v", page, call.req.Params)
		}
	}
	if notes := strings.Join(rep.Notes, " "); !strings.Contains(notes, "77001234567") || !strings.Contains(notes, "«+»") {
		t.Errorf("the normalised number is not told: %q", notes)
	}
	it := rep.Items[0]
	if it.To != "77001234567" || it.Status.Name != "DELIVRD" || it.SegNum != 3 || it.CampaignID == 0 ||
		!strings.HasPrefix(it.Text, "Код 129. длинный") || len([]rune(it.Text)) != delivery.TextPreview || !strings.HasSuffix(it.Text, "…") ||
		it.StartSendTs.IsZero() || it.StatusUpdateTs.IsZero() {
		t.Errorf("item %+v", it)
	}

	calls = nil
	rep, err = c.List(context.Background(), delivery.ListQuery{To: "7700123", Limit: 30})
	if err != nil || len(rep.Items) != 30 || len(calls) != 1 || param(calls[0].req, "pagination[pageSize]") != "50" {
		t.Errorf("limit 30: %d items in %d calls (%v)", len(rep.Items), len(calls), err)
	}
	rep, err = c.List(context.Background(), delivery.ListQuery{To: "0404", Status: "undeliv"})
	if err != nil || len(rep.Items) != 1 || rep.Items[0].ID != other || !rep.Items[0].Status.Failed {
		t.Errorf("by status: %+v %v", rep.Items, err)
	}
	rep, err = c.List(context.Background(), delivery.ListQuery{To: "77001234567", Since: t0.Add(5 * time.Second), Until: t0.Add(7 * time.Second)})
	if err != nil || len(rep.Items) != 3 || rep.Items[0].ID != sent[6] {
		t.Errorf("a time window: %+v %v", rep.Items, err)
	}
	campaign := rep.Items[0].CampaignID
	rep, err = c.List(context.Background(), delivery.ListQuery{To: "7", CampaignIDs: []int64{campaign}})
	if err != nil || len(rep.Items) != 1 || rep.Items[0].ID != sent[6] {
		t.Errorf("by campaign: %+v %v", rep.Items, err)
	}
}

func TestListRefusesBadInputWithoutCalling(t *testing.T) {
	var calls []recorded
	c := newClient("127.0.0.1:9", nil, &calls)
	for name, q := range map[string]delivery.ListQuery{
		"no number":          {},
		"letters":            {To: "call me"},
		"unknown status":     {To: "7700", Status: "LOST"},
		"negative limit":     {To: "7700", Limit: -1},
		"until before since": {To: "7700", Since: t0, Until: t0.Add(-time.Hour)},
	} {
		_, err := c.List(context.Background(), q)
		var ie *delivery.InputError
		if !errors.As(err, &ie) {
			t.Errorf("%s: %v, want *InputError", name, err)
		}
	}
	if len(calls) != 0 {
		t.Errorf("bad input made %d calls", len(calls))
	}
}

func TestListReadsOddAnswers(t *testing.T) {
	ts, _ := answering(t, `{"code":0,"message":"","data":{"totalItemCount":"3","items":{
		"11":{"id":"11","campaignId":"7","from":"Shop","to":"77001234567","text":"Привет\u001b[2J","status":"DELIVRD","segNum":"1","startSendTs":"2026-11-26 10:00:00","statusUpdateTs":null},
		"12":{"campaignId":"7","status":"NEW"},
		"13":{"id":13,"campaignId":"x","status":"WEIRD","segNum":-1}}}}`)
	rep, err := clientFor(ts, nil, nil).List(context.Background(), delivery.ListQuery{To: "7700"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Items) != 2 || rep.Total != 3 || rep.Items[0].From != "Shop" || strings.ContainsRune(rep.Items[0].Text, '\x1b') ||
		rep.Items[1].Status.Known() || rep.Items[1].CampaignID != 0 {
		t.Errorf("items %+v total %d", rep.Items, rep.Total)
	}
	notes := strings.Join(rep.Notes, "\n")
	for _, want := range []string{"без понятного id", "campaignId", "segNum"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	raw, _ := json.Marshal(rep.Items[0])
	if want := `{"id":11,"campaignId":7,"from":"Shop","to":"77001234567","status":"DELIVRD","statusKnown":true,"title":"Доставлено","final":true,"segNum":1,"startSendTs":"2026-11-26 10:00:00","statusUpdateTs":null,"text":"Привет\u001b[2J"}`; string(raw) != want {
		t.Errorf("JSON\n got %s\nwant %s", raw, want)
	}
	ts, _ = answering(t, `{"code":0,"message":"","data":[1,2,3]}`)
	_, err = clientFor(ts, nil, nil).List(context.Background(), delivery.ListQuery{To: "7700"})
	var de *delivery.DataError
	if !errors.As(err, &de) {
		t.Errorf("data as a list: %v, want *DataError", err)
	}
}

func TestListStopsWhenAServerIgnoresPages(t *testing.T) {
	var items []string
	for i := 1; i <= 100; i++ {
		items = append(items, fmt.Sprintf(`{"id":"%d","status":"DELIVRD"}`, i))
	}
	ts, _ := answering(t, `{"code":0,"message":"","data":{"totalItemCount":"100000","items":[`+strings.Join(items, ",")+`]}}`)
	var calls []recorded
	rep, err := clientFor(ts, nil, &calls).List(context.Background(), delivery.ListQuery{To: "7700", Limit: 250})
	if err != nil || len(rep.Items) != 100 || len(calls) > 4 {
		t.Errorf("the same page forever: %d items after %d calls (%v), want 100 after at most 4", len(rep.Items), len(calls), err)
	}
}
