package ui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"codedesk/model"
	"codedesk/sandbox"
)

// docsCurl is a request as the API's docs write it, pasted with the
// terminal's CR line breaks.
const docsCurl = "curl -X POST \\\r  'https://api.mobizon.kz/service/message/sendsmsmessage?output=json&api=v1&apiKey=KEY' \\\r" +
	"  -H 'cache-control: no-cache' \\\r  -H 'content-type: application/x-www-form-urlencoded' \\\r" +
	"  -d 'recipient=77001234567&text=Test+sms+message&from=YourAlpha&params%5Bvalidity%5D=1440'"

// requestAlone is the request pane by itself, w wide, with completions.
func requestAlone(t *testing.T, w int) requestPane {
	t.Helper()
	ctx := &Context{Catalog: testCatalog, Styles: DefaultStyles(true, false), Clock: model.RealClock{}}
	p := newRequestPane(ctx, "api.mobizon.kz")
	p.SetMethodNames(ctx.Methods().Names())
	p.SetSize(w, 8)
	return p
}

func (p requestPane) press(t *testing.T, keys ...tea.KeyPressMsg) (requestPane, []tea.Msg) {
	t.Helper()
	var msgs []tea.Msg
	for _, k := range keys {
		var cmd tea.Cmd
		p, cmd = p.Update(k)
		msgs = append(msgs, mustRun(t, cmd)...)
	}
	return p, msgs
}

func TestMethodCompletionMatchesAnywhereBestFirst(t *testing.T) {
	names := requestAlone(t, 100).names
	for typed, want := range map[string]string{
		"sendsms":             "message/sendSmsMessage",
		"getstatus":           "taskqueue/getStatus",
		"message/sendsms":     "message/sendSmsMessage",
		"balance":             "user/getOwnBalance",
		"taskqueue/getstatus": "taskqueue/getStatus",
	} {
		got := completeMethod(names, typed)
		if len(got) == 0 || got[0] != want {
			t.Errorf("%q completes to %v, want %s first", typed, got, want)
		}
	}
	if got := completeMethod(names, "zzz"); len(got) != 0 {
		t.Errorf("nothing matches zzz, got %v", got)
	}
	// A name that starts with what was typed beats one that only holds it.
	got := completeMethod(names, "get")
	if !slices.ContainsFunc(got[:1], func(n string) bool { return strings.HasPrefix(strings.ToLower(strings.SplitN(n, "/", 2)[1]), "get") }) {
		t.Errorf("get: %v", got)
	}
}

func TestEnterTakesTheCompletionAndOffersItsParameters(t *testing.T) {
	p := requestAlone(t, 100)
	p.SetRequest("message/sendSmsMessage", []model.Param{{Key: "recipient", Value: "77001234567"}, {Key: "text", Value: "привет"}})
	p.Focus(fieldMethod)
	for range len([]rune(p.method.Value())) {
		p, _ = p.press(t, press("backspace"))
	}
	p, _ = p.press(t, typing("sendsms")...)
	if v := screenOf(p.View()); !strings.Contains(v, "→ message/sendSmsMessage") {
		t.Fatalf("the completion must show:\n%s", v)
	}
	p, _ = p.press(t, press("right"))
	if p.method.Value() != "message/sendSmsMessage" {
		t.Errorf("→ takes the completion: %q", p.method.Value())
	}
}

func TestSwitchingMethodsKeepsOnlyWhatTheNewOneTakes(t *testing.T) {
	p := requestAlone(t, 100)
	p.SetRequest("message/sendSmsMessage", []model.Param{{Key: "recipient", Value: "77001234567"}, {Key: "text", Value: "привет"}})
	p.method.SetValue("user/getOwnBalance")
	msgs := mustRun(t, p.Settle())
	if got := strings.TrimSpace(p.params.Value()); got != "" {
		t.Errorf("getOwnBalance takes no parameters, the editor holds %q", got)
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0].(statusMsg).text, "recipient, text") {
		t.Errorf("what was dropped must be said: %v", msgs)
	}
	// Back to sending: the docs' template, required ones first.
	p.method.SetValue("message/sendSmsMessage")
	mustRun(t, p.Settle())
	if !strings.HasPrefix(p.params.Value(), "recipient=") || !strings.Contains(p.params.Value(), "# from=") {
		t.Errorf("the new method's documented parameters are offered:\n%s", p.params.Value())
	}
	// The user's value for a parameter both methods take stays; the docs'
	// example values do not count as the user's.
	p.params.SetValue("recipient=77770000001\ntext=Проверка связи")
	p.method.SetValue("message/getSMSStatus")
	mustRun(t, p.Settle())
	if strings.Contains(p.params.Value(), "77770000001") {
		t.Errorf("getSMSStatus takes no recipient:\n%s", p.params.Value())
	}
	p.method.SetValue("link/getStats")
	mustRun(t, p.Settle())
	p.params.SetValue("ids[]=5\nids[]=6\ntype=daily")
	p.method.SetValue("message/getSMSStatus")
	mustRun(t, p.Settle())
	if !strings.Contains(p.params.Value(), "ids[]=5\nids[]=6") {
		t.Errorf("values the new method takes stay, arrays whole:\n%s", p.params.Value())
	}
}

func TestTheMethodFieldHasNoStrayEllipsis(t *testing.T) {
	for _, w := range []int{76, 96} {
		p := requestAlone(t, w)
		p.SetRequest("campaign/addRecipients", nil)
		for _, focused := range []bool{false, true} {
			if focused {
				p.Focus(fieldMethod)
			}
			line := strings.TrimRight(strings.Split(screenOf(p.View()), "\n")[2], " ")
			if strings.Contains(line, "campaign/addRecipients…") || strings.HasSuffix(strings.TrimSpace(strings.TrimPrefix(line, "Метод")), "addRecipients…") {
				t.Errorf("width %d, focus %v: the field ends with a stray …: %q", w, focused, line)
			}
			if focused && strings.Contains(line, "…") {
				t.Errorf("width %d: the focused method field is cut: %q", w, line)
			}
		}
	}
}

func TestTheEditorIsCappedAndSaysSo(t *testing.T) {
	p := requestAlone(t, 100)
	p.Focus(fieldParams)
	big := strings.Repeat("recipients[]=77001234567\r", 2000) // ~50 KiB, CR line breaks as pasted
	var cmd tea.Cmd
	p, cmd = p.Update(tea.PasteMsg{Content: big})
	msgs := mustRun(t, cmd)
	if n := p.params.Length(); n > paramsLimit {
		t.Errorf("the editor holds %d characters, over its cap of %d", n, paramsLimit)
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0].(statusMsg).text, "вставка обрезана") {
		t.Errorf("a cut paste must be said: %v", msgs)
	}
	if strings.Contains(p.params.Value(), "\r") || !strings.HasPrefix(p.params.Value(), "recipients[]=77001234567\nrecipients[]=") {
		t.Errorf("pasted CR line breaks must become lines: %q", p.params.Value()[:60])
	}
	_, msgs = p.press(t, press("x"))
	if len(msgs) == 0 {
		t.Error("typing into a full editor must say why nothing happens")
	}
}

func TestAnSMSIsCheckedAsItIsTyped(t *testing.T) {
	p := requestAlone(t, 200)
	p.SetRequest(model.SendSMSMethod, []model.Param{{Key: "recipient", Value: "+7 700 123-45-67"}, {Key: "params[validity]", Value: "30"}, {Key: "text", Value: "Привет"}})
	v := screenOf(p.View())
	for _, want := range []string{"✗ params[validity] = 30", "UCS-2 · 1 сегмент (6 из 70)", "получатель 77001234567 · Казахстан", "! API ждёт 77001234567: без «+», пробелов и дефисов"} {
		if !strings.Contains(v, want) {
			t.Errorf("the hint must say %q:\n%s", want, v)
		}
	}
	if strings.Index(v, "✗") > strings.Index(v, "UCS-2") {
		t.Errorf("what the API would refuse comes first:\n%s", v)
	}
	// A leading «+» alone the API takes: said, not warned, and never
	// said to be removed (the request goes as typed).
	p.SetRequest(model.SendSMSMethod, []model.Param{{Key: "recipient", Value: "+77001234567"}, {Key: "text", Value: "Привет"}})
	if v := screenOf(p.View()); !strings.Contains(v, "получатель 77001234567 (ведущий «+» API принимает)") || strings.Contains(v, "убран") {
		t.Errorf("a «+» alone must be said as taken:\n%s", v)
	}
	// Each key press checks again: 65 more letters make the text two
	// segments of UCS-2.
	p.Focus(fieldParams)
	p, _ = p.press(t, tea.KeyPressMsg{Code: tea.KeyEnd, Mod: tea.ModCtrl})
	p, _ = p.press(t, typing(strings.Repeat("ы", 65))...)
	if v := screenOf(p.View()); !strings.Contains(v, "UCS-2 · 2 сегмента (71 из 134)") {
		t.Errorf("after typing, the hint must count again:\n%s", v)
	}
	// Another method: no hint, and the editor gets its line back.
	lines := strings.Count(p.View(), "\n")
	p.SetRequest("user/getOwnBalance", nil)
	if v := screenOf(p.View()); strings.Contains(v, "сегмент") || strings.Count(p.View(), "\n") != lines {
		t.Errorf("a method that sends nothing has no hint, and the pane keeps its height:\n%s", v)
	}
}

func TestADocsCurlShowsEveryParameterAt100x30(t *testing.T) {
	ls := start(t, newApp(t, 100, 30, withSandbox(sandbox.Options{}, nil)), 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(pasteOf(docsCurl), press("esc"))
	ls.waitFor(t, "│ Запрос", "recipient=77001234567", "text=Test sms message", "from=YourAlpha", "params[validity]=1440", "!↓ ещё")
}

func TestHiddenParameterLinesAreCounted(t *testing.T) {
	params := []string{"data[text]=x", "data[name]=n", "data[type]=1", "data[from]=f", "data[rateLimit]=1",
		"data[ratePeriod]=60", "data[validity]=60", "data[shortenLinks]=0", "data[deferredToTs]=2026-12-01 10:00:00"}
	ls := start(t, newApp(t, 100, 30, withRequest("campaign/create", params...)), 100, 30)
	// A quarter of the screen for the parameters, the last row saying
	// how many more there are.
	ls.waitFor(t, "data[ratePeriod]=60", "↓ ещё 3 строки · e — править параметры", "!data[validity]=60")
	ls.send(press("e"))
	ls.waitFor(t, "┃ Запрос", "строка 9 из 9", "data[deferredToTs]", "!↓ ещё")
}
