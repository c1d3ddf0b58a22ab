package ui

import (
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"charm.land/lipgloss/v2"

	"codedesk/model"
	"codedesk/model/curl"
	"codedesk/sandbox"
)

// clipboard is what the program last wrote to the terminal's clipboard
// (OSC 52), decoded.
func clipboard(t *testing.T, raw string) string {
	t.Helper()
	i := strings.LastIndex(raw, "\x1b]52;c;")
	if i < 0 {
		return ""
	}
	rest := raw[i+len("\x1b]52;c;"):]
	end := strings.IndexAny(rest, "\x07\x1b")
	b, err := base64.StdEncoding.DecodeString(rest[:end])
	if err != nil {
		t.Fatalf("OSC 52 is not base64: %v", err)
	}
	return string(b)
}

// waitClipboard waits until the clipboard holds text with every one of want.
func (ls *liveScreen) waitClipboard(t *testing.T, want ...string) string {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		got := clipboard(t, ls.rawOutput())
		ok := got != ""
		for _, w := range want {
			ok = ok && strings.Contains(got, w)
		}
		if ok {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("the clipboard never held %q; it holds:\n%s", want, got)
		}
		time.Sleep(5 * time.Millisecond) // polling the output, not standing in for a condition
	}
}

func TestYCopiesTheRequestAsCurlAndShiftYTheReply(t *testing.T) {
	var srv *sandbox.Servers
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, &srv), withRequest("message/sendSmsMessage", "recipient=77001234567", "text=Привет"))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("Y"))
	ls.waitFor(t, "ответа ещё нет")
	ls.send(press("y"))
	ls.waitFor(t, "curl скопирован")
	req := model.Request{Server: model.MustParseServer("http://" + srv.KZ), Module: "message", Method: "sendSmsMessage",
		Params: []model.Param{{Key: "recipient", Value: "77001234567"}, {Key: "text", Value: "Привет"}}}
	if got := ls.waitClipboard(t, "$MOBIZON_API_KEY"); got != curl.Command(req) {
		t.Errorf("y copied\n%s\nwant\n%s", got, curl.Command(req))
	}
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "код 0 · Успешно")
	ls.send(press("Y"))
	ls.waitFor(t, "ответ клиенту скопирован")
	reply := ls.waitClipboard(t, "Здравствуйте", "ответил кодом 0", "$MOBIZON_API_KEY")
	if strings.Contains(reply, sandbox.KeyKZ) {
		t.Error("the reply for the customer carries the key")
	}
}

func TestYInTheHistoryCopiesTheSelectedCall(t *testing.T) {
	ls := start(t, newApp(t, 100, 30, withSeeds(nil, seedCalls()...)), 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+r"))
	ls.waitFor(t, "История · 4")
	ls.send(press("j"), press("j"), press("y"))
	ls.waitClipboard(t, "campaign/addrecipients", "recipients%5B%5D=77001110005")
	ls.send(press("Y"))
	ls.waitClipboard(t, "ответил кодом 98", "Добавлено 1 из 2")
}

func TestTheKeyListScrollsAndReachesEveryKeyAt80x24(t *testing.T) {
	a := newApp(t, 80, 24)
	a.Update(press("?"))
	seen := ""
	for range 200 {
		seen += screenOf(a.View().Content)
		a.Update(press("j"))
	}
	for _, sec := range a.keySections() {
		if !strings.Contains(seen, sec.title) {
			t.Errorf("section %q never shows", sec.title)
		}
		for _, b := range sec.keys {
			if !strings.Contains(seen, b.Help().Desc) {
				t.Errorf("%s: %q never shows", sec.title, b.Help().Desc)
			}
		}
	}
	first := screenOf(a.View().Content)
	if lipgloss.Height(a.View().Content) > 24 || !strings.Contains(first, "╯") && !strings.Contains(first, "┛") {
		t.Errorf("the key list must fit, bottom border and all:\n%s", first)
	}
}

func TestNoKeyMeansTwoThingsInOneSection(t *testing.T) {
	a := newApp(t, 100, 30)
	for _, sec := range a.keySections() {
		meaning := map[string]string{}
		for _, b := range sec.keys {
			for _, k := range b.Keys() {
				if d, ok := meaning[k]; ok && d != b.Help().Desc {
					t.Errorf("%s: %s means both %q and %q", sec.title, k, d, b.Help().Desc)
				}
				meaning[k] = b.Help().Desc
			}
		}
	}
}

func TestTheHelpBarAlwaysEndsWithHowToQuit(t *testing.T) {
	for _, w := range []int{80, 100} {
		a := newApp(t, w, 30, withSandbox(sandbox.Options{}, nil), withRequest("campaign/addRecipients", "id=1", "recipientGroups[]=7"))
		ls := start(t, a, w, 30)
		ls.waitFor(t, "Коды ответов 20")
		ls.send(press("ctrl+s")) // a 100: the bar offers p and more
		scr := ls.waitFor(t, "код 100")
		bar := lineOf(scr, "все клавиши")
		if !strings.HasSuffix(strings.TrimSpace(bar), "q выход") || strings.Contains(bar, "…") {
			t.Errorf("at %d columns the help bar is %q", w, bar)
		}
	}
}

func TestASearchThatFindsNothingClearsTheCard(t *testing.T) {
	ls := start(t, newApp(t, 100, 30), 100, 30)
	ls.waitFor(t, "Код 0")
	ls.typeText("/zzzqqq")
	scr := ls.waitFor(t, "ничего не найдено", "Карточка кода")
	if strings.Contains(scr, "Операция завершена успешно") {
		t.Errorf("the previous card stayed on screen:\n%s", scr)
	}
}

func TestTheDemoSendsEverythingToTheSandbox(t *testing.T) {
	var srv *sandbox.Servers
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, &srv))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(pasteOf("curl 'https://api.mobizon.uz/service/user/getownbalance?apiKey=abc'"))
	ls.waitFor(t, "вместо api.mobizon.uz запрос идёт в песочницу, регион uz", "Сервер http://"+srv.UZ)
	ls.send(pasteOf("curl 'https://api.mobizon.kz/service/user/getownbalance'"))
	ls.waitFor(t, "регион kz", "Сервер http://"+srv.KZ)
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "код 0 · Успешно") // the sandbox answered, with the sandbox's key
}

func TestTheDemoServerFieldPicksARegion(t *testing.T) {
	var srv *sandbox.Servers
	a := newApp(t, 80, 24, withSandbox(sandbox.Options{}, &srv))
	ls := start(t, a, 80, 24)
	scr := ls.waitFor(t, "kz http://"+srv.KZ)
	if !strings.Contains(scr, "uz http://"+srv.UZ) {
		t.Errorf("at 80 columns the header must show the second region whole:\n%s", scr)
	}
	ls.send(press("shift+tab")) // the server field
	ls.waitFor(t, "↑↓ — другой")
	ls.send(press("down"))
	ls.waitFor(t, "Сервер http://"+srv.UZ, "регион uz")
}

func TestTheProfilePickerSwitchesKeyAndServer(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	keyFile := filepath.Join(dir, "uz.key")
	os.WriteFile(keyFile, []byte("uzkey-0123456789abcdef\n"), 0o600)
	os.WriteFile(cfg, []byte("default = \"kz\"\n\n[profiles.kz]\nserver = \"api.mobizon.kz\"\nkey = \"kzkey-0123456789\"\n\n"+
		"[profiles.uz]\nserver = \"api.mobizon.uz\"\nkey_file = \""+keyFile+"\"\n"), 0o600)
	a := newApp(t, 100, 30, func(t *testing.T, o *Options) {
		o.ConfigPath = cfg
		o.Settings.Profile, o.Settings.Key = "kz", "kzkey-0123456789"
	})
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "профиль kz · api.mobizon.kz")
	ls.send(press("ctrl+p"))
	scr := ls.waitFor(t, "Профили", "kz", "ключ kzke…", "uz", "api.mobizon.uz", "ключ uzke…", "по умолчанию", "сейчас")
	if strings.Contains(scr, "0123456789") {
		t.Errorf("a key shows unmasked:\n%s", scr)
	}
	ls.send(press("down"), press("enter"))
	ls.waitFor(t, "профиль uz · api.mobizon.uz", "Сервер api.mobizon.uz", "ключ uzke…", "!Профили ·")
}

func TestQuittingEndsTheFollowedTask(t *testing.T) {
	var srv *sandbox.Servers
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{TaskDuration: time.Hour}, &srv))
	root, stop := context.WithCancel(context.Background())
	s := newSession(a.ctx, root, a.client)
	req := model.Request{Server: model.MustParseServer("http://" + srv.KZ), Module: "campaign", Method: "addRecipients",
		Params: []model.Param{{Key: "id", Value: "1"}, {Key: "recipientGroups[]", Value: "7"}}}
	var x model.Explanation
	for _, m := range mustRun(t, s.Send(req, sendAs{})) {
		for _, m := range mustRun(t, s.Update(m)) {
			x = m.(answerMsg).x
		}
	}
	if x.TaskID == "" {
		t.Fatalf("no task to follow: %+v", x.Response)
	}
	s.Follow()
	ch := s.poll.ch
	stop() // what App.Close does; nobody reads the channel any more
	deadline := time.After(waitLimit)
	for {
		select {
		case _, open := <-ch:
			if !open {
				return // the goroutine ended
			}
		case <-deadline:
			t.Fatal("the poll goroutine outlived the program")
		}
	}
}

// In the demo a reply names the host the customer used, not the sandbox
// that stood in for it; outside the demo it names where the call went.
func TestTheDemosReplyNamesTheCustomersHost(t *testing.T) {
	var srv *sandbox.Servers
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, &srv))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(pasteOf("curl 'https://api.mobizon.kz/service/user/getownbalance?apiKey=abc'"))
	ls.waitFor(t, "Сервер http://"+srv.KZ)
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "код 0 · Успешно")
	ls.send(press("Y"))
	reply := ls.waitClipboard(t, "ответил кодом 0", "https://api.mobizon.kz/service/user/getownbalance")
	if strings.Contains(reply, srv.KZ) {
		t.Errorf("the reply names the sandbox:\n%s", reply)
	}
	// A server the user picks in the field is theirs: the reply names it.
	ls.send(press("shift+tab"), press("shift+tab"), press("down")) // the card, the codes, the server
	ls.waitFor(t, "Сервер http://"+srv.UZ)
	ls.send(press("down"))
	ls.waitFor(t, "Сервер http://"+srv.KZ)
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "код 0 · Успешно")
	ls.send(press("Y"))
	ls.waitClipboard(t, "ответил кодом 0", "http://"+srv.KZ+"/service/user/getownbalance")
}

// A profile that cannot be used says why once, in config's words, and
// the current one stays.
func TestTheProfilePickerSaysWhyAProfileCannotBeUsed(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	os.WriteFile(cfg, []byte("default = \"kz\"\n\n[profiles.kz]\nserver = \"api.mobizon.kz\"\nkey = \"kzkey-0123456789\"\n\n"+
		"[profiles.zbad]\nserver = \"api.mobizon.uz\"\nkey_file = \""+filepath.Join(dir, "missing.key")+"\"\n"), 0o600)
	a := newApp(t, 100, 30, func(t *testing.T, o *Options) {
		o.ConfigPath = cfg
		o.Settings.Profile, o.Settings.Key = "kz", "kzkey-0123456789"
	})
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "профиль kz · api.mobizon.kz")
	ls.send(press("ctrl+p"))
	ls.waitFor(t, "Профили", "zbad")
	ls.send(press("down"), press("enter"))
	scr := ls.waitFor(t, "\nпрофиль ") // the status line, under the picker
	if strings.Contains(scr, "профиль zbad:") || !strings.Contains(scr, "\nпрофиль «zbad»: ключ не прочитан") {
		t.Errorf("the profile is named twice in its error:\n%s", scr)
	}
	ls.send(press("esc"))
	ls.waitFor(t, "профиль kz · api.mobizon.kz")
}
