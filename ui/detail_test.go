package ui

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"codedesk/model"
)

// detailAlone is the detail pane by itself, 60×20.
func detailAlone(t *testing.T) (detailPane, *Context) {
	t.Helper()
	ctx := &Context{Catalog: testCatalog, Styles: DefaultStyles(true, false), Clock: model.RealClock{}}
	p := newDetailPane(ctx)
	p.SetSize(60, 20)
	return p, ctx
}

func TestACardIsRenderedOncePerCodeAndWidth(t *testing.T) {
	p, _ := detailAlone(t)
	show := func(n int) int {
		cmd := p.Show(codeEntry(testCatalog.Describe(n)))
		msgs := mustRun(t, cmd)
		for _, m := range msgs {
			p, _ = p.Update(m)
		}
		return len(msgs)
	}
	if show(0) != 1 || show(1) != 1 {
		t.Fatal("a new code must be rendered")
	}
	if n := show(0); n != 0 {
		t.Errorf("going back to a rendered code rendered it again")
	}
	if !p.Rendered() || strings.Contains(screenOf(p.View()), "Класс:") {
		t.Errorf("the card must show glamour's rendering:\n%s", screenOf(p.View()))
	}
	p.SetSize(80, 20)
	if msgs := mustRun(t, p.Refresh()); len(msgs) != 1 {
		t.Error("another width is another rendering")
	}
}

func TestThePlainCardShowsAtOnce(t *testing.T) {
	a := newApp(t, 100, 30)
	// No command has run: the first frame must already explain the code.
	s := screenOf(a.View().Content)
	for _, want := range []string{"0 · Успешно", "Операция завершена успешно.", "Что делать"} {
		if !strings.Contains(s, want) {
			t.Errorf("first frame lacks %q:\n%s", want, s)
		}
	}
	if a.detail.renders != 0 {
		t.Errorf("New rendered %d cards with glamour; the first frame must not wait on it", a.detail.renders)
	}
}

func TestTheCardScrolls(t *testing.T) {
	p, _ := detailAlone(t)
	p.SetSize(40, 6)
	for _, m := range mustRun(t, p.Show(codeEntry(testCatalog.Describe(30)))) {
		p, _ = p.Update(m)
	}
	top := p.vp.YOffset()
	p, _ = p.Update(press("j"))
	p, _ = p.Update(press("j"))
	if p.vp.YOffset() <= top {
		t.Errorf("j must scroll the card: offset %d → %d", top, p.vp.YOffset())
	}
	if !strings.Contains(screenOf(p.View()), "↓ ещё") {
		t.Errorf("a card longer than the pane says there is more:\n%s", screenOf(p.View()))
	}
}

// bigAnswer is a code-0 answer whose data is n items.
func bigAnswer(ctx *Context, n int) *shownAnswer {
	items := make([]string, n)
	for i := range items {
		items[i] = `{"id":"` + strings.Repeat("7", 20) + `","status":"DELIVRD"}`
	}
	data := json.RawMessage("[" + strings.Join(items, ",") + "]")
	x := ctx.Explain(model.Exchange{Request: model.Request{Server: model.MustParseServer("api.mobizon.kz"), Module: "message", Method: "list"},
		Response: model.Response{Envelope: model.Envelope{Code: 0, Data: data}}})
	return newShownAnswer(ctx, 1, x, false)
}

func TestBigDataIsShownPlainAndCut(t *testing.T) {
	p, ctx := detailAlone(t)
	a := bigAnswer(ctx, 20000) // ~900 KiB
	cmd := p.SetAnswer(a)
	if v := p.vp.GetContent(); len(v) > 16<<10 {
		t.Errorf("the instant card holds %d KiB: big data must not be laid out on the update loop", len(v)>>10)
	}
	msgs := mustRun(t, cmd)
	out := msgs[0].(cardRenderedMsg).out
	if !strings.Contains(out, "без подсветки") || !strings.Contains(out, `"status": "DELIVRD"`) {
		t.Errorf("big data must follow the card as plain text; got %d bytes", len(out))
	}
	if !strings.Contains(out, "обрезано: показаны") {
		t.Error("data past the plain limit must be cut, and the cut said")
	}
	if strings.Contains(out, "```") {
		t.Error("big data must not go through glamour")
	}
}

func TestMarkdownOverTheBudgetIsShownPlain(t *testing.T) {
	p, ctx := detailAlone(t)
	a := bigAnswer(ctx, 1000) // under the data limit (~45 KiB), over glamour's budget once indented
	a.x.Meaning = strings.Repeat("очень длинное значение ", 3000)
	out := mustRun(t, p.SetAnswer(a))[0].(cardRenderedMsg).out
	if !strings.Contains(out, "очень длинное значение") || !strings.Contains(out, "Класс:") {
		t.Errorf("markdown over the budget must be shown plain, whole; got %d bytes", len(out))
	}
}

// A number and its unit stay on one line at every width the card can
// have: «9 мс», «HTTP 200», never «9» at a line's end and «мс» under it.
func TestTheCardNeverPartsANumberFromItsUnit(t *testing.T) {
	ctx := &Context{Catalog: testCatalog, Styles: DefaultStyles(true, false), Clock: model.RealClock{}}
	req := model.Request{Server: model.MustParseServer("api.mobizon.kz"), Module: "message", Method: "sendSmsMessage",
		Params: []model.Param{{Key: "recipient", Value: "77001234567"}, {Key: "text", Value: "x"}}}
	x := ctx.Explain(model.Exchange{Request: req, Response: model.Response{
		Envelope: model.Envelope{Code: 0, Data: json.RawMessage(`{"messageId":"101"}`)}, Duration: 9_000_000, Status: 200}})
	a := newShownAnswer(ctx, 1, x, false)
	for width := 24; width <= 70; width++ {
		out := screenOf(cardDoc{entry: codeEntry(x.Code), answer: a}.render(ctx.Styles.Glamour, width))
		lines := strings.Split(out, "\n")
		for i := 1; i < len(lines); i++ {
			next := strings.TrimSpace(strings.ReplaceAll(lines[i], nbsp, " "))
			if strings.HasPrefix(next, "мс") || strings.HasPrefix(next, "200") && strings.HasSuffix(strings.TrimSpace(lines[i-1]), "HTTP") {
				t.Fatalf("at %d columns a number is parted from its unit:\n%s\n%s", width, lines[i-1], lines[i])
			}
		}
	}
}

// The cut note of big data names the answer's whole size, in the CLI's
// words: a 6.9 MiB answer is not «256 КиБ из 1024 КиБ».
func TestTheCutNoteNamesTheWholeAnswer(t *testing.T) {
	_, ctx := detailAlone(t)
	a := bigAnswer(ctx, 160000)
	size := len(a.x.Response.Data)
	whole := strings.Replace(fmt.Sprintf("%.1f МиБ", float64(size)/(1<<20)), ".", ",", 1)
	_, tail := cardDoc{entry: codeEntry(a.x.Code), answer: a}.markdown()
	if want := "… обрезано: показаны первые 256,0 КиБ из " + whole; !strings.Contains(tail, want) {
		t.Errorf("the card's cut note must say %q; it ends:\n%s", want, tail[max(len(tail)-200, 0):])
	}
}
