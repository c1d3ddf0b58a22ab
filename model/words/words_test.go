package words

import (
	"fmt"
	"testing"
)

func TestTermsGlueNegation(t *testing.T) {
	cases := []struct{ in, want string }{
		{"не доставлено", "[недоставлено]"},
		{"Не  найдено!", "[ненайдено]"},
		{"сообщение не дошло", "[сообщение недошло]"},
		{"не 30", "[не 30]"},         // a number is not negated
		{"ошибка не", "[ошибка не]"}, // nothing to glue to
		{"не не", "[нене]"},
		{"недоставлено", "[недоставлено]"},
		{"Ёлка", "[елка]"},
	}
	for _, tc := range cases {
		if got := fmt.Sprint(Terms(tc.in)); got != tc.want {
			t.Errorf("Terms(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestQueryWordsDropStopWords(t *testing.T) {
	cases := []struct{ in, want string }{
		{"ошибка в запросе", "[ошибка запросе]"},
		{"не доставлено", "[недоставлено]"}, // the negation survives, glued
		{"the rate limit", "[rate limit]"},
		{"и в", "[и в]"}, // only stop words: kept, see OnlyStopWords
		{"не", "[не]"},
		{"", "[]"},
	}
	for _, tc := range cases {
		if got := fmt.Sprint(QueryWords(tc.in)); got != tc.want {
			t.Errorf("QueryWords(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestStopWords(t *testing.T) {
	for _, w := range []string{"не", "и", "в", "нет", "the", "a"} {
		if !IsStopWord(w) {
			t.Errorf("IsStopWord(%q) = false", w)
		}
	}
	for _, w := range []string{"недоставлено", "лимит", "limit", "30"} {
		if IsStopWord(w) {
			t.Errorf("IsStopWord(%q) = true", w)
		}
	}
	if !OnlyStopWords(QueryWords("и в не")) || OnlyStopWords(QueryWords("не доставлено")) || OnlyStopWords(nil) {
		t.Error("OnlyStopWords misjudges a query")
	}
}
