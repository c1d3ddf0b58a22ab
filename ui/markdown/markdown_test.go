package markdown

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

const card = "# 30 · Превышен лимит запросов\n\n*ошибка в запросе*\n\n" +
	"Слишком частые обращения.\n\n## Что делать\n\nСделайте паузу.\n\n### Что можно сделать\n\n- повторить\n"

func TestHeadingsHaveNoHashMarks(t *testing.T) {
	for _, style := range []string{Dark, Light, NoColor} {
		t.Run(style, func(t *testing.T) {
			out, err := Render(card, style, 80)
			if err != nil {
				t.Fatal(err)
			}
			plain := ansi.Strip(out)
			for _, want := range []string{"30 · Превышен лимит запросов", "Что делать", "Что можно сделать", "Сделайте паузу."} {
				if !strings.Contains(plain, want) {
					t.Errorf("%s: %q missing:\n%s", style, want, plain)
				}
			}
			if strings.Contains(plain, "#") || strings.Contains(plain, "*") {
				t.Errorf("%s: markdown marks (# or *) show:\n%s", style, plain)
			}
			// A heading must still look like one: bold (SGR 1) on its line.
			for _, line := range strings.Split(out, "\n") {
				if strings.Contains(ansi.Strip(line), "Что делать") && !strings.Contains(line, "\x1b[1") && !strings.Contains(line, ";1m") && !strings.Contains(line, ";1;") {
					t.Errorf("%s: the heading is not bold: %q", style, line)
				}
			}
		})
	}
}

func TestNoColorStyleHasNoColour(t *testing.T) {
	out, err := Render(card+"\n```json\n{\"a\": 1}\n```\n", NoColor, 80)
	if err != nil {
		t.Fatal(err)
	}
	for _, seq := range []string{"38;", "48;"} {
		if strings.Contains(out, seq) {
			t.Fatalf("the colourless style carries colour %q: %q", seq, out)
		}
	}
}

func TestOverBudgetIsRefused(t *testing.T) {
	md := "```\n" + strings.Repeat("x", Budget) + "\n```\n"
	if _, err := Render(md, Dark, 80); !errors.Is(err, ErrOverBudget) {
		t.Fatalf("markdown over the budget: err %v, want ErrOverBudget", err)
	}
	if _, err := Render(card, "pink", 80); err == nil {
		t.Error("a style codedesk does not use must be refused")
	}
}

func TestConcurrentRendersShareNothing(t *testing.T) {
	// Run under -race: renders at once must not touch shared state.
	want, err := Render(card, Dark, 60)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 8 {
		wg.Go(func() {
			if got, _ := Render(card, Dark, 60); got != want {
				errs <- got
			}
		})
	}
	wg.Wait()
	close(errs)
	for got := range errs {
		t.Errorf("a concurrent render differs:\n%s", got)
	}
}
