package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"codedesk/model/delivery"
)

// A hostile server's strings reach `sms status --json` and `sms list
// --json` exactly as it sent them (made inert they changed, cut to 32 or
// 60 characters they were lost), an unknown status says so in a stable
// field, and the human output of the same answers stays inert.
func TestSmsJSONKeepsServerStringsExact(t *testing.T) {
	long := strings.Repeat("длинный текст ", 700) // about 18 KiB: past MaxSentText
	status := hostile + " NOT-A-STATUS\u2028"
	h := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	answers := map[string]string{
		"message/getsmsstatus": `{"code":0,"message":"","data":[{"id":1,"status":` + h(status) + `,"segNum":1},{"id":2,"status":" delivrd "}]}`,
		"message/list": `{"code":0,"message":"","data":{"totalItemCount":2,"items":[{"id":1,"campaignId":2,"from":` + h(hostile) +
			`,"to":` + h(hostile) + `,"status":` + h(status) + `,"text":` + h(hostile+"\n"+hostile) + `},{"id":3,"status":"NEW","text":` + h(long) + `}]}}`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, answers[strings.ToLower(strings.TrimPrefix(r.URL.Path, "/service/"))])
	}))
	defer srv.Close()
	e := newEnv(t)
	e.env["MOBIZON_API_SERVER"] = srv.URL
	e.env["MOBIZON_API_KEY"] = plausibleKey

	out, errOut, _ := e.run("sms", "status", "1", "2", "--json")
	var results []map[string]any
	if err := json.Unmarshal([]byte(out), &results); err != nil || len(results) != 2 {
		t.Fatalf("sms status --json: %v\n%s%s", err, out, errOut)
	}
	if results[0]["status"] != status || results[0]["statusKnown"] != false ||
		results[1]["status"] != " delivrd " || results[1]["statusKnown"] != true || results[1]["final"] != true {
		t.Errorf("sms status --json changed the server's status:\n%s", out)
	}

	out, errOut, _ = e.run("sms", "list", "--to", "7700", "--json")
	var items []map[string]any
	if err := json.Unmarshal([]byte(out), &items); err != nil || len(items) != 2 {
		t.Fatalf("sms list --json: %v\n%s%s", err, out, errOut)
	}
	if items[0]["from"] != hostile || items[0]["to"] != hostile || items[0]["status"] != status ||
		items[0]["statusKnown"] != false || items[0]["text"] != hostile+"\n"+hostile {
		t.Errorf("sms list --json changed the server's strings:\n%s", out)
	}
	text, _ := items[1]["text"].(string)
	if !strings.HasPrefix(long, strings.TrimSuffix(text, "…")) || len(text) > delivery.MaxSentText+4 || len(text) < delivery.MaxSentText-4 {
		t.Errorf("a long text is cut to %d bytes, want MaxSentText (%d)", len(text), delivery.MaxSentText)
	}
	for _, args := range [][]string{{"sms", "status", "1", "2"}, {"sms", "list", "--to", "7700"}} {
		out, errOut, _ := e.run(args...)
		assertInert(t, fmt.Sprint(args), out+errOut)
	}
}
