package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"codedesk/model"
	"codedesk/sandbox"
)

// Uncommenting an offered parameter and typing a value sends the value,
// never the hint the template wrote after it.
func TestAnUncommentedHintIsNeverAValue(t *testing.T) {
	p := requestAlone(t, 100)
	p.Focus(fieldMethod)
	p, _ = p.press(t, typing("addrec")...)
	mustRun(t, p.AcceptCompletion()) // what enter does in the method field
	p.Focus(fieldParams)
	lines := p.paramLines()
	at := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "# recipientGroups[]=") {
			at = i
		}
	}
	if at < 0 || !strings.Contains(lines[at], "— ID группы контактов") {
		t.Fatalf("the template must offer recipientGroups[] with its hint:\n%s", p.params.Value())
	}
	p, _ = p.press(t, tea.KeyPressMsg{Code: tea.KeyHome, Mod: tea.ModCtrl})
	for range at {
		p, _ = p.press(t, press("down"))
	}
	p, _ = p.press(t, tea.KeyPressMsg{Code: tea.KeyHome}, tea.KeyPressMsg{Code: tea.KeyDelete}, tea.KeyPressMsg{Code: tea.KeyDelete},
		tea.KeyPressMsg{Code: tea.KeyEnd}, press("7"))
	req, err := p.Build()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, prm := range req.Params {
		if prm.Key == "recipientGroups[]" {
			got = append(got, prm.Value)
		}
	}
	if len(got) != 1 || got[0] != "7" {
		t.Errorf("recipientGroups[] goes as %q, want 7; the editor holds:\n%s", got, p.params.Value())
	}
}

// The editor shows its lines from the top when they fit: after a method's
// template, and after a paste while it has the keyboard.
func TestTheEditorShowsItsLinesFromTheTop(t *testing.T) {
	ls := start(t, newApp(t, 100, 30, withSandbox(sandbox.Options{}, nil)), 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("tab"), press("tab"))
	ls.waitFor(t, "┃ Запрос")
	ls.send(press("ctrl+a"), press("ctrl+k"))
	ls.typeText("campaign/addRecipients")
	ls.send(press("enter"))
	scr := ls.waitFor(t, "id=1", "recipients[]=", "# params[placeholdersFlag]=")
	if strings.Contains(scr, "строка 7 из 7") {
		t.Errorf("all lines fit: the header must not count them as scrolled:\n%s", scr)
	}
	ls.send(pasteOf("curl 'https://api.mobizon.kz/service/message/sendsmsmessage' -d 'recipient=77001234567&text=hi'"))
	ls.waitFor(t, "recipient=77001234567", "text=hi", "!id=1")
}

// A pasted parameter longer than the editor holds is cut, and the status
// line says which, from how many characters to how many, and what keeps
// it whole; the other parameters stay whole.
func TestAPastedValueTooLongForTheEditorIsSaidCut(t *testing.T) {
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, nil))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(pasteOf("curl 'https://api.mobizon.kz/service/message/sendsmsmessage' -d 'text=" + strings.Repeat("я", 60000) + "&recipient=77001234567'"))
	ls.waitFor(t, "text обрезан: 60000 символов → 163", "отправится обрезанным; целиком — codedesk import")
	// The request is read once the program has ended, never beside it.
	_ = ls.tm.Quit()
	ls.tm.WaitFinished(t, teatest.WithFinalTimeout(waitLimit))
	req, err := a.request.Build()
	if err != nil || len(req.Params) != 2 || req.Params[1] != (model.Param{Key: "recipient", Value: "77001234567"}) {
		t.Errorf("the other parameter must stay whole: %v %v", req.Params, err)
	}
	if n := len([]rune(req.Params[0].Value)); n >= 60000 || n < paramsLimit-100 {
		t.Errorf("text holds %d characters: cut to what the editor holds", n)
	}
}

// A pasted SMS text of several lines (%0A) is one parameter: the editor
// shows its later lines as continuations, and it goes as the customer
// wrote it.
func TestAPastedMultiLineTextIsOneParameter(t *testing.T) {
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, nil))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(pasteOf("curl 'https://api.mobizon.kz/service/message/sendsmsmessage?recipient=77001234567&text=Здравствуйте%0AВаш+код+1234'"))
	ls.waitFor(t, "text=Здравствуйте", "↵Ваш код 1234")
	ls.send(press("ctrl+s"))
	scr := ls.waitFor(t, "код 0 · Успешно")
	if strings.Contains(scr, "нужно имя=значение") {
		t.Errorf("the continuation was read as a parameter:\n%s", scr)
	}
	_ = ls.tm.Quit()
	ls.tm.WaitFinished(t, teatest.WithFinalTimeout(waitLimit))
	req, err := a.request.Build()
	if err != nil || len(req.Params) != 2 || req.Params[1].Value != "Здравствуйте\nВаш код 1234" {
		t.Errorf("sent %q %v", req.Params, err)
	}
}

// A pasted request longer than the editor shows opens on its first lines
// (its recipient and text), not its last; e, to add to it, goes last.
func TestALongPasteOpensOnItsFirstLines(t *testing.T) {
	a := newApp(t, 100, 30, withSandbox(sandbox.Options{}, nil))
	ls := start(t, a, 100, 30)
	ls.waitFor(t, "Коды ответов 20")
	body := "recipient=77001234567&text=hi"
	for i := range 10 {
		body += fmt.Sprintf("&a%d=%d", i, i)
	}
	ls.send(pasteOf("curl 'https://api.mobizon.kz/service/message/sendsmsmessage' -d '" + body + "'"))
	ls.waitFor(t, "┃ Запрос", "recipient=77001234567", "text=hi", "строка 1 из 12", "!a9=9")
	ls.send(press("esc"), press("e"))
	ls.waitFor(t, "┃ Запрос", "a9=9", "строка 12 из 12")
}
