package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest/v2"

	"codedesk/sandbox"
)

// A key typed into the parameters (the user's own, here) is never copied,
// by y or Y, under any spelling the domain knows (model.IsKeyParam), and
// the screen shows it masked, in the rows and in the editor.
func TestYAndShiftYNeverCopyAKeyParameter(t *testing.T) {
	key := sandbox.KeyKZ
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, nil), withRequest("hostile/x", "apiKey="+key, "api_key="+key, "note=a"))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20", "apiKey="+key[:4]+"…")
	ls.send(press("ctrl+s"))
	ls.waitFor(t, "код 4")
	ls.send(press("Y"))
	ls.waitFor(t, "ответ клиенту скопирован", "(ключ) не скопированы")
	reply := ls.waitClipboard(t, "Здравствуйте")
	if strings.Contains(reply, key) || !strings.HasSuffix(strings.TrimSpace(reply), "-d 'note=a'") {
		t.Errorf("Y copied a key parameter:\n%s", reply)
	}
	ls.send(press("y"))
	ls.waitFor(t, "curl скопирован")
	cmd := ls.waitClipboardStarting(t, "curl ")
	if strings.Contains(cmd, key) || !strings.HasSuffix(cmd, "-d 'note=a'") {
		t.Errorf("y copied a key parameter:\n%s", cmd)
	}
	// The editor, with the keyboard, shows the key masked too.
	ls.send(press("e"))
	scr := ls.waitFor(t, "┃ Запрос", "apiKey="+key[:4]+"••••")
	if strings.Contains(scr, key) || strings.Contains(ls.rawOutput(), key) {
		t.Errorf("the screen shows the key unmasked:\n%s", scr)
	}
}

// A bidi control in a pasted curl is shown inert in the editor (which has
// the keyboard after a paste) and in the rows, as everywhere else; the
// value sent keeps it as the customer wrote it.
func TestAPastedBidiControlIsInertInTheRequestPane(t *testing.T) {
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, nil))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(pasteOf("curl 'https://api.mobizon.kz/service/message/sendsmsmessage' -d 'recipient=77001234567&text=\x1b]52;c;ZXZpbA==\ahi\u202e evil\x1b[2J'"))
	ls.waitFor(t, "┃ Запрос", "hi⟨U+202E⟩ evil", "!evil…")
	ls.send(press("esc"))
	ls.waitFor(t, "│ Запрос", "hi⟨U+202E⟩ evil")
	if raw := ls.rawOutput(); strings.Contains(raw, "\u202e") || strings.Contains(raw, "\x1b]52;c;ZXZpbA") {
		t.Errorf("the raw control reached the terminal")
	}
	// The request is read once the program has ended, never beside it.
	_ = ls.tm.Quit()
	ls.tm.WaitFinished(t, teatest.WithFinalTimeout(waitLimit))
	req, err := a.request.Build()
	if want := "\x1b]52;c;ZXZpbA==\ahi\u202e evil\x1b[2J"; err != nil || len(req.Params) != 2 || req.Params[1].Value != want {
		t.Errorf("the value sent must stay as written: %q %v", req.Params, err)
	}
}

// waitClipboardStarting waits until the clipboard's text starts with prefix.
func (ls *liveScreen) waitClipboardStarting(t *testing.T, prefix string) string {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		if got := clipboard(t, ls.rawOutput()); strings.HasPrefix(got, prefix) {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("the clipboard never started with %q", prefix)
		}
		time.Sleep(5 * time.Millisecond) // polling the output, not standing in for a condition
	}
}

// Every spelling of a key parameter the copy paths leave out is masked on
// screen too, in the editor and in the rows, though it is not the
// configured key: the screen and y follow one rule.
func TestEveryKeyParameterIsMaskedOnScreen(t *testing.T) {
	const other = "K1bCdEfGhIjKlMnOpQrStUvWxYz0123456789ab"
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, nil), withRequest("user/getOwnBalance"))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(pasteOf("curl 'https://api.mobizon.kz/service/user/getownbalance' -d 'note=1'"))
	ls.waitFor(t, "note=1")
	ls.send(press("end"))
	for _, name := range []string{"key", "apiKey ", "params[apiKey]", "apiKey[0]"} {
		ls.send(press("enter"))
		ls.typeText(name + "=" + other)
	}
	scr := ls.waitFor(t, "params[apiKey]=K1bC", "apiKey[0]=K1bC")
	if strings.Contains(scr, other[6:]) {
		t.Errorf("the editor shows a key parameter's value:\n%s", scr)
	}
	ls.send(press("esc"))
	scr = ls.waitFor(t, "│ Запрос", "key=K1bC…", "params[apiKey]=K1bC…", "apiKey[0]=K1bC…")
	if strings.Contains(scr, other[6:]) {
		t.Errorf("the rows show a key parameter's value:\n%s", scr)
	}
}
