package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestFitTextNeverCutsAWord(t *testing.T) {
	for _, c := range []struct {
		text  string
		width int
		want  string
	}{
		{"Вебхуки · слушаю http://127.0.0.1:8090 · 1 событие · ✓ 1 · ✗ 0 · 0 повторов", 60, "Вебхуки · слушаю http://127.0.0.1:8090 · 1 событие · ✓ 1 …"},
		{"12:00:01  200  sms-delivery-report  #26  UNDELIV (Не доставлено)  ✓ подпись верна", 60, "12:00:01  200  sms-delivery-report  #26  UNDELIV …"},
		{"UNDELIV (Не доставлено) и ещё слова", 20, "UNDELIV …"},
		{"короткий", 20, "короткий"},
		{"оченьдлинноеслово", 8, "оченьдл…"},
	} {
		got := fitText(c.text, c.width)
		if got != c.want {
			t.Errorf("fitText(%q, %d) = %q, want %q", c.text, c.width, got, c.want)
		}
		if w := len([]rune(got)); w > c.width {
			t.Errorf("%q is %d wide, more than %d", got, w, c.width)
		}
	}
}

func TestAPathGivesWayFromItsStart(t *testing.T) {
	if got := pathTail("/home/aigerim/.config/codedesk/config.toml", 30); got != "…/.config/codedesk/config.toml" {
		t.Errorf("pathTail = %q", got)
	}
	if got := pathTail("/etc/x.toml", 30); got != "/etc/x.toml" {
		t.Errorf("a path that fits: %q", got)
	}
}

func TestCutWordsCutsAtAWordsEnd(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width int
		want  string
	}{
		{"Баланс аккаунта и его валюта. Без параметров, запрос GET.", 47, "Баланс аккаунта и его валюта. Без параметров…"},
		{"Неопознанная ошибка приложения", 29, "Неопознанная ошибка…"},
		{"Неопознанная ошибка приложения", 30, "Неопознанная ошибка приложения"},
		{"text=" + strings.Repeat("я", 40), 20, "text=" + strings.Repeat("я", 14) + "…"},
		{"text=hi evil" + strings.Repeat(" ", 20), 15, "text=hi evil   "}, // padding: nothing is cut
	} {
		got := cutWords(tc.in, tc.width)
		if got != tc.want || ansi.StringWidth(got) > tc.width {
			t.Errorf("cutWords(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
	coloured := "\x1b[1mНеопознанная ошибка приложения\x1b[0m"
	if got := ansi.Strip(cutWords(coloured, 25)); got != "Неопознанная ошибка…" {
		t.Errorf("colour must not change where the cut falls: %q", got)
	}
}
