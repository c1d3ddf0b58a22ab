package webhook

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// testSecret is recognisable, so a test can prove it never leaks.
const testSecret Secret = "ts-Webhook-Secret-9f3k"

// sha1hex is the test's own SHA-1, independent of Sign.
func sha1hex(s string) string {
	sum := sha1.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// payloadJSON is a delivery body with the given values, signed as given.
func payloadJSON(id, attempt, ts, sign string) []byte {
	signField := ""
	if sign != "" {
		signField = fmt.Sprintf(`,"sign":%q`, sign)
	}
	return fmt.Appendf(nil, `{"eventId":%s,"eventType":"sms-delivery-report","eventCreateTs":%q,"webhookId":3,"attempt":%s,"data":{"messageId":40012345,"status":"DELIVRD","to":"77011234567"}%s}`, id, ts, attempt, signField)
}

// signedBody is a valid delivery of event id at attempt.
func signedBody(id, attempt int) []byte {
	ts := "2026-03-02 09:15:07"
	return payloadJSON(fmt.Sprint(id), fmt.Sprint(attempt), ts, sha1hex(fmt.Sprintf("%d|%d|%s|%s", id, attempt, ts, string(testSecret))))
}

// eventually waits for cond, failing loudly at the deadline.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// noGoroutinesLeft waits until the goroutines are back to baseline.
func noGoroutinesLeft(t *testing.T, baseline int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > baseline {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			n := runtime.Stack(buf, true)
			t.Fatalf("%d goroutines left, %d before:\n%s", runtime.NumGoroutine(), baseline, buf[:n])
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// post sends body to url with its own connection, closed afterwards.
func post(t *testing.T, url, contentType string, body []byte) (int, string) {
	t.Helper()
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Post(url, contentType, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, b.String()
}
