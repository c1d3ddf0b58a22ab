package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite" // to write rows as an older codedesk did

	"codedesk/model/jsonx"
	"codedesk/sandbox"
)

// nestedArrays is data n arrays deep around one number: [[[…1…]]].
func nestedArrays(n int) string {
	return strings.Repeat("[", n) + "1" + strings.Repeat("]", n)
}

// deepServer answers every call with code 1 and data 9,999 arrays deep
// (20 KB): `call --json` printed 200 MB of it, indented.
func deepServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"code":1,"message":"","data":`+nestedArrays(9999)+`}`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// assertMarkedDeep checks that data printed as JSON is the cut mark of
// data too deep, and small.
func assertMarkedDeep(t *testing.T, what string, data json.RawMessage) {
	t.Helper()
	var m jsonx.CutMark
	if err := json.Unmarshal(data, &m); err != nil || !m.Cut || !m.Deep || len(data) > 64<<10 {
		t.Errorf("%s: data %.80s… (%d bytes), want a small mark of deep data: %v", what, data, len(data), err)
	}
}

// Data nested deeper than jsonx.MaxDepth prints (and is kept) as a small
// mark, not as megabytes of indentation; the listing that holds it still
// prints, with the usage status nowhere.
func TestDeepDataPrintsMarkedAndLinear(t *testing.T) {
	srv := deepServer(t)
	e := newEnv(t)
	e.env["MOBIZON_API_SERVER"] = srv.URL
	e.env["MOBIZON_API_KEY"] = "support-key-0123456789"
	out, errOut, status := e.run("call", "x/nd", "--json")
	var got struct{ Data json.RawMessage }
	if status != exitAPIError || len(out) > 64<<10 || json.Unmarshal([]byte(out), &got) != nil {
		t.Fatalf("call --json: exit %d, %d bytes of output\n%.300s\n%s", status, len(out), out, errOut)
	}
	assertMarkedDeep(t, "call --json", got.Data)
	out, errOut, status = e.run("history", "--json")
	var rows []struct{ Data json.RawMessage }
	if status != exitOK || len(out) > 64<<10 || json.Unmarshal([]byte(out), &rows) != nil || len(rows) != 1 {
		t.Fatalf("history --json: exit %d, %d bytes\n%.300s\n%s", status, len(out), out, errOut)
	}
	assertMarkedDeep(t, "history --json", rows[0].Data)
}

// A row an older codedesk kept with data 6 × 9,998 arrays deep (export
// --json printed 1.2 GB; every listing that held it failed with exit 2 and
// English) prints marked, and the listing around it as it should.
func TestDeepDataKeptByAnOlderCodedeskPrintsMarked(t *testing.T) {
	e := newSandboxEnv(t, sandbox.Options{})
	for range 3 {
		if _, errOut, status := e.run("call", "user/getOwnBalance"); status != exitOK {
			t.Fatalf("call: exit %d %s", status, errOut)
		}
	}
	db, err := sql.Open("sqlite", filepath.Join(e.env["XDG_STATE_HOME"], "codedesk", "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	deep := strings.Repeat(nestedArrays(9998), 6)
	if _, err := db.Exec(`UPDATE calls SET data = ? WHERE id = 2`, []byte(deep)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out, errOut, status := e.run("history", "--json")
	var rows []struct {
		ID   int64
		Data json.RawMessage
	}
	if status != exitOK || json.Unmarshal([]byte(out), &rows) != nil || len(rows) != 3 || len(out) > 64<<10 {
		t.Fatalf("history --json: exit %d, %d bytes\n%.300s\n%s", status, len(out), out, errOut)
	}
	assertMarkedDeep(t, "history --json, row 2", rows[1].Data)
	if !bytes.Contains(rows[0].Data, []byte("balance")) {
		t.Errorf("row 3 lost its data: %s", rows[0].Data)
	}
	out, errOut, status = e.run("export", "2", "--json")
	var one struct{ Data json.RawMessage }
	if status != exitOK || json.Unmarshal([]byte(out), &one) != nil || len(out) > 64<<10 {
		t.Fatalf("export --json: exit %d, %d bytes\n%.300s\n%s", status, len(out), out, errOut)
	}
	assertMarkedDeep(t, "export --json", one.Data)
}

// The JSON writer is linear whatever it is given: a value too deep to
// indent is printed on one line, and a value it cannot encode is a local
// failure said in Russian, never a usage error.
func TestJSONWriterIsLinearAndSaysWhatFailed(t *testing.T) {
	var out bytes.Buffer
	ios := NewIOStreams(strings.NewReader(""), &out, &out)
	deep := json.RawMessage(nestedArrays(5000))
	if err := ios.JSON(map[string]any{"data": deep}); err != nil {
		t.Fatal(err)
	}
	if want := `{"data":` + string(deep) + "}\n"; out.String() != want {
		t.Errorf("a deep value: %d bytes, want it on one line (%d bytes)", out.Len(), len(want))
	}
	out.Reset()
	err := ios.JSON(map[string]any{"data": json.RawMessage(nestedArrays(20000))})
	if statusOf(err) != exitLocal || !strings.Contains(err.Error(), "вывод --json не собран") || out.Len() != 0 {
		t.Errorf("a value encoding/json refuses: %v (status %d), %d bytes out", err, statusOf(err), out.Len())
	}
}

// BenchmarkJSONOutput is the --json writer on the tester's shapes, through
// jsonx.Shown as the commands print data.
func BenchmarkJSONOutput(b *testing.B) {
	for name, data := range map[string]string{
		"answer-9999-deep":    nestedArrays(9999),
		"answer-5x9998-deep":  strings.Repeat(nestedArrays(9998), 5),
		"answer-20x9998-deep": strings.Repeat(nestedArrays(9998), 20),
		"stored-6x9998-deep":  strings.Repeat(nestedArrays(9998), 6),
		"answer-64-deep-flat": "[" + strings.Repeat(nestedArrays(63)+",", 2000) + "1]",
		"answer-balance":      `{"balance":"16.2000","currency":"KZT"}`,
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			var out bytes.Buffer
			ios := NewIOStreams(strings.NewReader(""), &out, &out)
			for b.Loop() {
				out.Reset()
				if err := ios.JSON(callJSON{Message: "", Data: jsonx.Shown([]byte(data))}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
