package ui

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"codedesk/model/webhook"
	"codedesk/sandbox"
)

// midWord finds a word cut by an ellipsis: a letter right before «…»
// («запрос…», the one word that ends so on purpose, aside).
var midWord = regexp.MustCompile(`\pL+…`)

// requireWholeWords fails on a cut word but for those allowed (a masked
// key ends so).
func requireWholeWords(t *testing.T, scr string, allowed ...string) {
	t.Helper()
	for _, m := range midWord.FindAllString(scr, -1) {
		if m != "запрос…" && !slices.Contains(allowed, m) {
			t.Errorf("a word is cut: %q in\n%s", m, scr)
		}
	}
}

func TestTheWebhooksViewCutsNoWord(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {100, 30}} {
		w, h := size[0], size[1]
		ls := start(t, newApp(t, w, h, withWebhookSecret(testSecret)), w, h)
		ls.waitFor(t, "Коды ответов 20")
		url := listenURL(t, ls)
		if _, err := webhook.Send(context.Background(), webhook.SendOptions{URL: url, Secret: testSecret, Status: "UNDELIV", EventID: 4242}); err != nil {
			t.Fatal(err)
		}
		requireWholeWords(t, ls.waitFor(t, "#4242", "1 событие"))
	}
}

func TestTheDeliveryViewCutsNoWordAndKeepsColumnsApart(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {100, 30}} {
		w, h := size[0], size[1]
		var srv *sandbox.Servers
		// The sandbox's clock stands still: the messages stay NEW.
		clock := newManualClock(time.Date(2026, 11, 26, 17, 6, 0, 0, time.Local))
		ls := start(t, newApp(t, w, h, withSandbox(sandbox.Options{Now: clock.Now}, &srv), withClock(clock)), w, h)
		ls.waitFor(t, "Коды ответов 20")
		ids := []string{sendSMS(t, srv, "77001234567"), sendSMS(t, srv, "77001230403"), "999999", "999998"}
		ls.send(press("ctrl+d"))
		ls.waitFor(t, "id или номер:")
		ls.typeText(strings.Join(ids, " "))
		ls.send(press("enter"))
		scr := ls.waitFor(t, ids[0]+"   NEW", "отпр.")
		requireWholeWords(t, scr)
		for _, l := range strings.Split(scr, "\n") {
			if strings.Contains(l, "NEW") && strings.Contains(l, "Новое") && !strings.Contains(l, "Новое  ") {
				t.Errorf("the title runs into the next column: %q", l)
			}
		}
	}
}

func TestTheProfilePickerCutsNoWordAt80(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte("default = \"kz\"\n\n[profiles.kz]\nserver = \"api.mobizon.kz\"\nkey_env = \"NOPE_KEY_FOR_KZ\"\n\n"+
		"[profiles.uz]\nserver = \"api.mobizon.uz\"\nkey = \"uzkey-0123456789abcdef\"\n"), 0o600)
	a := newApp(t, 80, 24, func(t *testing.T, o *Options) { o.ConfigPath = cfg; o.Settings.Profile = "kz" })
	ls := start(t, a, 80, 24)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+p"))
	scr := ls.waitFor(t, "Профили", "kz · по умолчанию · сейчас", "api.mobizon.uz", "NOPE_KEY_FOR_KZ")
	var dialog []string
	for _, l := range strings.Split(scr, "\n") {
		if strings.Contains(l, "║") {
			dialog = append(dialog, l)
		}
	}
	requireWholeWords(t, strings.Join(dialog, "\n"), "uzke…")
}
