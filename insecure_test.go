package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A profile's insecure = true is for its own test server, and every output
// of a call that went without a certificate check says so: call, its
// --json, and replay.
func TestUncheckedTLSIsAlwaysSaid(t *testing.T) {
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"code":0,"message":"","data":{"balance":"1.0000"}}`)
	}))
	ts.Config.ErrorLog = log.New(io.Discard, "", 0)
	ts.StartTLS()
	t.Cleanup(ts.Close)
	e := newEnv(t)
	e.writeConfig(fmt.Sprintf("default = \"test\"\n[profiles.test]\nserver = %q\ninsecure = true\n", ts.URL))
	e.env["MOBIZON_API_KEY"] = "support-key-0123456789"
	out, errOut, status := e.run("call", "user/getOwnBalance")
	if status != exitOK || !strings.Contains(out, "сертификат TLS не проверялся") || !strings.Contains(errOut, "не проверялся") {
		t.Errorf("call: exit %d\n%s\n%s", status, out, errOut)
	}
	out, _, _ = e.run("call", "user/getOwnBalance", "--json")
	var got struct {
		TLSUnchecked bool `json:"tls_unchecked"`
	}
	if json.Unmarshal([]byte(out), &got) != nil || !got.TLSUnchecked {
		t.Errorf("call --json: %s", out)
	}
	if _, errOut, status := e.run("import", ts.URL+"/service/user/getOwnBalance"); status != exitOK {
		t.Fatalf("import: %d %s", status, errOut)
	}
	out, errOut, status = e.run("replay", "3")
	if status != exitOK || !strings.Contains(out, "TLS не проверялся") || !strings.Contains(errOut, "не проверялся") {
		t.Errorf("replay: exit %d\n%s\n%s", status, out, errOut)
	}
	// Another https server named on the command line keeps its checks.
	other := httptest.NewUnstartedServer(ts.Config.Handler)
	other.Config.ErrorLog = log.New(io.Discard, "", 0)
	other.StartTLS()
	t.Cleanup(other.Close)
	_, errOut, status = e.run("call", "user/getOwnBalance", "--server", other.URL)
	if status != exitNoAnswer || !strings.Contains(errOut, "сертификат") {
		t.Errorf("another server: exit %d\n%s", status, errOut)
	}
}

// Exporting a customer's request for a host outside the trust rule hands
// out no ready key-sending command: the key is a literal placeholder, and
// stderr says why; a server the settings name keeps $MOBIZON_API_KEY.
func TestExportForAForeignHostCarriesNoKeyVariable(t *testing.T) {
	e := newEnv(t)
	const foreign = "http://192.0.2.2:8080"
	if _, errOut, status := e.run("import", "curl '"+foreign+"/service/user/getownbalance?apiKey="+realFormatKey+"'"); status != exitOK {
		t.Fatalf("import: %d %s", status, errOut)
	}
	for _, args := range [][]string{{"export", "1"}, {"export", "1", "--curl"}, {"export", "1", "--json"}} {
		out, errOut, status := e.run(args...)
		if status != exitOK || strings.Contains(out, "$MOBIZON_API_KEY") || !strings.Contains(out, "apiKey=KEY") ||
			!strings.Contains(errOut, "192.0.2.2:8080 — не сервер Mobizon API") {
			t.Errorf("%v: exit %d\n%s\n%s", args, status, out, errOut)
		}
	}
	e.env["MOBIZON_API_SERVER"] = foreign // now the user named it
	out, errOut, status := e.run("export", "1")
	if status != exitOK || !strings.Contains(out, `apiKey=$MOBIZON_API_KEY"`) || errOut != "" {
		t.Errorf("a named server: exit %d\n%s\n%s", status, out, errOut)
	}
}
