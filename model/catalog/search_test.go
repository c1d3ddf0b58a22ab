package catalog

import (
	"fmt"
	"testing"
)

func TestSearchFirstResult(t *testing.T) {
	cat := MustDefaultCatalog()
	cases := []struct {
		query string
		want  int
	}{
		// The examples the issue requires.
		{"лимит", 30}, {"домен", 13}, {"rate limit", 30}, {"фоновая задача", 100},
		{"10", 10}, {"заблокирован", 14}, {"not found", 2}, {"validation", 1},
		{"1", 1},
		// Keywords and synonyms.
		{"слишком часто", 30}, {"авторизация", 8}, {"invalid api key", 8},
		{"wrong server", 13}, {"too many requests", 30}, {"429", 30},
		{"одновременный доступ", 10}, {"обязательный параметр", 11},
		{"частично", 98}, {"background task", 100}, {"taskqueue", 100},
		{"нет доступа", 9}, {"account blocked", 14}, {"неверный модуль", 4},
		{"method", 5}, {"формат", 6}, {"xml", 6}, {"общая ошибка", 999},
		{"не найдено", 2}, {"ошибка сервера", 3}, {"region", 13},
		// Case, ё and word endings.
		{"ЛИМИТ", 30}, {"Удалён", 14}, {"удален", 14}, {"лимиты", 30}, {"фоновой", 100},
		{"домена", 13}, {"задачи", 100},
		// One wrong, missing, extra or swapped letter in a longer word.
		{"заблакирован", 14}, {"лимт", 30}, {"авторизацыя", 8}, {"валидацыя", 1},
		{"дммен", 13}, {"частичнно", 98}, {"rate limti", 30},
		// As you type.
		{"лим", 30}, {"фонов", 100}, {"заблок", 14}, {"99", 99}, {"999", 999},
		{"100", 100}, {"13", 13},
		// A sloppy extra word does not empty the list.
		{"code 30", 30}, {"ошибка 13", 13},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			got := cat.SearchCodes(tc.query)
			if len(got) == 0 {
				t.Fatalf("Search(%q) found nothing, want %d first", tc.query, tc.want)
			}
			if got[0].Number != tc.want {
				t.Errorf("Search(%q) = %v, want %d first", tc.query, numbers(got), tc.want)
			}
		})
	}
}

func numbers(codes []Code) []int {
	out := make([]int, len(codes))
	for i, c := range codes {
		out[i] = c.Number
	}
	return out
}

func TestSearchOrder(t *testing.T) {
	cat := MustDefaultCatalog()
	cases := []struct {
		query string
		want  string
	}{
		// A number lists the exact code, then longer codes it begins, shorter first.
		{"1", "[1 10 11 12 13 14 15 100]"},
		{"10", "[10 100]"},
		{"9", "[9 98 99 999]"},
		// No query: the whole table in its order.
		{"", "[0 1 2 3 4 5 6 8 9 10 11 12 13 14 15 30 98 99 100 999]"},
		{"   ", "[0 1 2 3 4 5 6 8 9 10 11 12 13 14 15 30 98 99 100 999]"},
	}
	for _, tc := range cases {
		if got := fmt.Sprint(numbers(cat.SearchCodes(tc.query))); got != tc.want {
			t.Errorf("Search(%q) = %s, want %s", tc.query, got, tc.want)
		}
	}
}

func TestSearchRanksTitleAboveDescription(t *testing.T) {
	cat := MustDefaultCatalog()
	// «сохранения» is in the title of 10 and in no other title, but the word
	// «сохранении» … appears in descriptions too; the title must win.
	got := cat.SearchCodes("данных")
	if len(got) < 2 {
		t.Fatalf("Search(данных) = %v, want several codes", numbers(got))
	}
	first := got[0]
	if first.Number != 1 && first.Number != 10 {
		t.Errorf("Search(данных) = %v: a code with «данных» in its title must come first", numbers(got))
	}
	for _, c := range got[2:] {
		if c.Number == 1 || c.Number == 10 {
			t.Errorf("Search(данных) = %v: title matches must precede description matches", numbers(got))
		}
	}
}

func TestSearchNoMatch(t *testing.T) {
	cat := MustDefaultCatalog()
	for _, q := range []string{"zzzzqqq", "12345", "ъъъъъъ"} {
		if got := cat.SearchCodes(q); len(got) != 0 {
			t.Errorf("Search(%q) = %v, want nothing", q, numbers(got))
		}
	}
}

func TestSearchTypoNeedsLongWord(t *testing.T) {
	cat := MustDefaultCatalog()
	// «кад» is one letter off «код», but in a word that short that is another
	// word, not a typo.
	for _, c := range cat.SearchCodes("кад") {
		t.Errorf("Search(кад) matched %d (%s); short words must not be typo-matched", c.Number, c.Title)
	}
}

func TestWithinOneEdit(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"лимит", "лимит", true}, {"лимт", "лимит", true}, {"лиммит", "лимит", true},
		{"лемит", "лимит", true}, {"илмит", "лимит", true}, {"лмиит", "лимит", true},
		{"лмт", "лимит", false}, {"абвгд", "лимит", false}, {"лимитов", "лимит", false},
		{"имитл", "лимит", false},
	}
	for _, tc := range cases {
		if got := withinOneEdit(tc.a, tc.b); got != tc.want {
			t.Errorf("withinOneEdit(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
