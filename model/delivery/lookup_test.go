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

func idsParam(t *testing.T, req model.Request) []string {
	t.Helper()
	for _, p := range req.Params {
		if p.Key == "ids" {
			return strings.Split(p.Value, ",")
		}
	}
	t.Fatalf("%s without ids: %v", req.Name(), req.Params)
	return nil
}

func TestLookupAgainstTheSandbox(t *testing.T) {
	clock := newFakeClock()
	srv := startSandbox(t, clock, sandbox.Options{RateLimit: 5})
	delivered := send(t, srv.KZ, "77001234567", "Проверка")
	failed := send(t, srv.KZ, "77001110404", "Проверка")
	waiting := send(t, srv.KZ, "77001110202", "Проверка")
	clock.Add(5 * time.Second)

	var ids []int64
	for i := int64(0); i < 250; i++ {
		ids = append(ids, 900000+i)
	}
	ids[0], ids[150], ids[249] = delivered, failed, waiting
	ids = append(ids, delivered) // asked twice, looked up once
	var calls []recorded
	c := newClient(srv.KZ, clock, &calls)
	rep, err := c.Lookup(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 3 {
		t.Fatalf("%d calls for 250 ids, want 3 batches", len(calls))
	}
	asked := 0
	for _, call := range calls {
		n := len(idsParam(t, call.req))
		if n > delivery.MaxBatch || call.req.Name() != "message/getSMSStatus" || call.resp.Code != 0 {
			t.Errorf("a batch of %d ids to %s: code %d", n, call.req.Name(), call.resp.Code)
		}
		asked += n
	}
	if asked != 250 || len(rep.Results) != 250 {
		t.Fatalf("asked %d ids, %d results; want 250 each", asked, len(rep.Results))
	}
	for i, r := range rep.Results {
		if r.ID != ids[i] {
			t.Fatalf("result %d is id %d, want %d: the order asked", i, r.ID, ids[i])
		}
	}
	check := func(r delivery.Result, status string, final, failed bool) {
		t.Helper()
		if r.Missing || r.Status.Name != status || r.Final() != final || r.Failed() != failed || r.SegNum != 1 ||
			!r.StartSendTs.Equal(t0.Add(time.Second)) || r.StatusUpdateTs.IsZero() || r.Title() != r.Status.Title {
			t.Errorf("result %+v, want %s final %v failed %v", r, status, final, failed)
		}
	}
	check(rep.Results[0], "DELIVRD", true, false)
	check(rep.Results[150], "UNDELIV", true, true)
	check(rep.Results[249], "ACCEPTD", false, false)
	if r := rep.Results[1]; !r.Missing || r.Seen() || r.Final() || !strings.Contains(r.Title(), "Не найдено") {
		t.Errorf("an unknown id: %+v", r)
	}
	sum := rep.Summary()
	if sum.Delivered != 1 || sum.Failed != 1 || sum.Pending != 1 || sum.Missing != 247 || sum.OK() || sum.Done() {
		t.Errorf("summary %+v", sum)
	}
	if !strings.HasPrefix(sum.String(), "250 сообщений: 1 доставлено, 1 в пути, 1 не доставлено, 247 не найдено") {
		t.Errorf("summary text %q", sum.String())
	}
	clock.Add(time.Second)
	good, err := c.Lookup(context.Background(), []int64{delivered, waiting})
	if err != nil || !good.Summary().OK() {
		t.Errorf("a delivered and a pending message: OK = false (%+v, %v)", good.Summary(), err)
	}
}

func TestLookupJSON(t *testing.T) {
	clock := newFakeClock()
	srv := startSandbox(t, clock, sandbox.Options{})
	id := send(t, srv.KZ, "77001234567", "x")
	rep, err := newClient(srv.KZ, clock, nil).Lookup(context.Background(), []int64{id, 424242})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(rep.Results)
	want := fmt.Sprintf(`[{"id":%d,"status":"NEW","statusKnown":true,"final":false,"segNum":1,"startSendTs":null,"statusUpdateTs":null,"title":"Создано"},`+
		`{"id":424242,"status":null,"statusKnown":false,"final":false,"segNum":0,"startSendTs":null,"statusUpdateTs":null,"title":"Не найдено: API не вернул этот ID"}]`, id)
	if string(raw) != want {
		t.Errorf("JSON\n got %s\nwant %s", raw, want)
	}
}

func TestLookupReadsOddAnswersLeniently(t *testing.T) {
	ts, _ := answering(t, `{"code":0,"message":"","data":[
		{"id":"5","status":"DELIVRD","segNum":"2","startSendTs":"2026-11-26 10:00:01","statusUpdateTs":"2026-11-26 10-00-04"},
		{"id":6,"status":"WEIRD\u001b[2J","segNum":"x"},
		"junk",
		{"status":"NEW"},
		{"id":"777","status":"NEW"},
		{"id":"9007199254740993","status":"EXPIRED","segNum":1,"startSendTs":null,"statusUpdateTs":"yesterday"},
		{"id":"5","status":"NEW"}
	]}`)
	rep, err := clientFor(ts, nil, nil).Lookup(context.Background(), []int64{5, 6, 7, 9007199254740993})
	if err != nil {
		t.Fatal(err)
	}
	r := rep.Results
	if r[0].Status.Name != "DELIVRD" || r[0].SegNum != 2 || r[0].StatusUpdateTs != time.Date(2026, 11, 26, 10, 0, 4, 0, time.UTC) {
		t.Errorf("numbers as strings, the docs' time form: %+v", r[0])
	}
	if r[1].Status.Known() || r[1].Final() || strings.ContainsRune(r[1].Status.Name, '\x1b') || r[1].Title() != "Неизвестный статус" {
		t.Errorf("an unknown status: %+v", r[1])
	}
	if !r[2].Missing {
		t.Errorf("an id left out: %+v", r[2])
	}
	if r[3].ID != 9007199254740993 || r[3].Status.Name != "EXPIRED" || !r[3].Failed() {
		t.Errorf("a large id: %+v", r[3])
	}
	notes := strings.Join(rep.Notes, "\n")
	for _, want := range []string{"не объект", "без понятного id", "777, о котором не спрашивали", "segNum", "WEIRD", "yesterday", "дважды"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	if strings.ContainsRune(notes, '\x1b') {
		t.Errorf("notes carry an escape:\n%q", notes)
	}
	sum := delivery.Summarize(r)
	if sum.Unknown != 1 || sum.Pending != 1 || sum.OK() {
		t.Errorf("summary %+v", sum)
	}
}

func TestLookupAcceptsOtherShapes(t *testing.T) {
	for name, body := range map[string]string{
		"an object keyed by id": `{"code":0,"message":"","data":{"5":{"id":5,"status":"DELIVRD"},"6":{"id":6,"status":"NEW"}}}`,
		"a single object":       `{"code":0,"message":"","data":{"id":"5","status":"DELIVRD"}}`,
		"null":                  `{"code":0,"message":"","data":null}`,
	} {
		ts, _ := answering(t, body)
		rep, err := clientFor(ts, nil, nil).Lookup(context.Background(), []int64{5})
		if err != nil || len(rep.Results) != 1 {
			t.Errorf("%s: %+v %v", name, rep, err)
			continue
		}
		if name != "null" && rep.Results[0].Status.Name != "DELIVRD" || name == "null" && !rep.Results[0].Missing {
			t.Errorf("%s: %+v", name, rep.Results[0])
		}
	}
	for name, body := range map[string]string{
		"a string":  `{"code":0,"message":"","data":"oops"}`,
		"a number":  `{"code":0,"message":"","data":42}`,
		"deep junk": `{"code":0,"message":"","data":` + strings.Repeat("[", 50) + strings.Repeat("]", 50) + `}`,
	} {
		ts, _ := answering(t, body)
		_, err := clientFor(ts, nil, nil).Lookup(context.Background(), []int64{5})
		var de *delivery.DataError
		if name == "deep junk" {
			if err != nil {
				t.Errorf("%s: %v, want nested lists read as odd items", name, err)
			}
			continue
		}
		if !errors.As(err, &de) {
			t.Errorf("%s: error %v, want *DataError", name, err)
		}
	}
}

func TestLookupIsPoliteAboutCode30(t *testing.T) {
	clock := newFakeClock()
	ts, _ := answering(t, `{"code":30,"message":"slow down","data":null}`, `{"code":30,"message":"slow down","data":null}`,
		`{"code":0,"message":"","data":[{"id":"5","status":"DELIVRD"}]}`)
	var calls []recorded
	rep, err := clientFor(ts, clock, &calls).Lookup(context.Background(), []int64{5})
	if err != nil || rep.Results[0].Status.Name != "DELIVRD" {
		t.Fatalf("%+v %v", rep, err)
	}
	if len(calls) != 3 || calls[0].resp.Code != 30 || calls[2].resp.Code != 0 {
		t.Errorf("OnCall saw %d calls, want 3 (30, 30, 0)", len(calls))
	}
	if fmt.Sprint(clock.Sleeps()) != "[2s 4s]" {
		t.Errorf("pauses %v, want [2s 4s]", clock.Sleeps())
	}

	clock = newFakeClock()
	ts, _ = answering(t, `{"code":30,"message":"slow down","data":null}`)
	calls = nil
	_, err = clientFor(ts, clock, &calls).Lookup(context.Background(), []int64{5})
	var apiErr *delivery.APIError
	if !errors.As(err, &apiErr) || apiErr.Response.Code != 30 || len(calls) != delivery.MaxThrottleRetry+1 {
		t.Errorf("30 forever: %v after %d calls", err, len(calls))
	}
}

func TestLookupStopsAtOtherCodesAndNoAnswer(t *testing.T) {
	ts, _ := answering(t, `{"code":12,"message":"Не больше 100 ID","data":null}`)
	var calls []recorded
	_, err := clientFor(ts, nil, &calls).Lookup(context.Background(), []int64{5})
	var apiErr *delivery.APIError
	if !errors.As(err, &apiErr) || apiErr.Response.Code != 12 || len(calls) != 1 || !strings.Contains(err.Error(), "кодом 12") {
		t.Errorf("code 12: %v after %d calls", err, len(calls))
	}
	ts, _ = answering(t, `<html>502 Bad Gateway</html>`)
	calls = nil
	_, err = clientFor(ts, nil, &calls).Lookup(context.Background(), []int64{5})
	if ce, ok := model.AsCallError(err); !ok || ce.Kind != model.KindNotJSON || len(calls) != 1 || calls[0].err == nil {
		t.Errorf("an HTML page: %v, OnCall saw %+v", err, calls)
	}
	// A failure in the second batch keeps the first batch's results.
	ts, _ = answering(t, `{"code":0,"message":"","data":[{"id":"1","status":"DELIVRD"}]}`, `{"code":8,"message":"bad key","data":null}`)
	ids := make([]int64, 150)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	rep, err := clientFor(ts, nil, nil).Lookup(context.Background(), ids)
	if !errors.As(err, &apiErr) || len(rep.Results) != 100 || rep.Results[0].Status.Name != "DELIVRD" || !rep.Results[99].Missing {
		t.Errorf("second batch refused: %v, %d results", err, len(rep.Results))
	}
}

func TestSandboxRefusesMoreThan100(t *testing.T) {
	// The batch size is what the API allows: 100 pass, 101 are code 12.
	srv := startSandbox(t, nil, sandbox.Options{})
	c := newClient(srv.KZ, nil, nil)
	ids := make([]int64, 101)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	if _, err := c.Lookup(context.Background(), ids); err != nil {
		t.Errorf("101 ids in two batches: %v", err)
	}
	req := model.Request{Server: c.Server, Module: "message", Method: "getSMSStatus", Params: []model.Param{{Key: "ids", Value: strings.Trim(strings.Repeat("1,", 101), ",")}}}
	if resp, err := c.Caller.Do(context.Background(), req, c.Key); err != nil || resp.Code != 12 {
		t.Errorf("101 ids in one call: code %d %v, want 12", resp.Code, err)
	}
}
