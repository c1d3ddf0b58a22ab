package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

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
