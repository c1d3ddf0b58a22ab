// Package words is how codedesk reads words in Russian and English, the
// same way everywhere it searches (the code catalog, the history): folded
// case and ё, Snowball stems, stop words, and «не» kept with the word it
// negates.
//
// It never decides how a match is ranked; the searches do that.
package words

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/russian"
)

// Normalize lower-cases and folds ё into е, as Russian readers do.
func Normalize(s string) string {
	s = strings.ToLower(s)
	return strings.ReplaceAll(s, "ё", "е")
}

// Tokenize splits normalised text into words of letters and digits.
func Tokenize(s string) []string {
	return strings.FieldsFunc(Normalize(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// Negation is the particle that turns a word into its opposite. It is a
// stop word on its own, so Terms glues it to the word it negates instead of
// letting it vanish: «не доставлено» and «недоставлено» become one term, and
// dropping «не» can never turn a query into its opposite.
const Negation = "не"

// Terms splits text into the terms a search indexes and looks up: the words
// of Tokenize, with Negation glued to the next word of letters («не
// найдено» → «ненайдено»). Index and query must both use it.
func Terms(s string) []string {
	ws := Tokenize(s)
	out := ws[:0]
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		if w == Negation && i+1 < len(ws) && !IsDigits(ws[i+1]) {
			w += ws[i+1]
			i++
		}
		out = append(out, w)
	}
	return out
}

// QueryWords are the terms of a query that carry meaning: stop words ("в",
// "the") are dropped. A query made only of stop words keeps them: the user
// may be typing a longer word («не» on the way to «неверный»); see
// OnlyStopWords for how a search should treat such a query.
func QueryWords(q string) []string {
	words := Terms(q)
	kept := words[:0:0]
	for _, w := range words {
		if !IsStopWord(w) {
			kept = append(kept, w)
		}
	}
	if len(kept) == 0 {
		return words
	}
	return kept
}

// OnlyStopWords reports query words that are all stop words. Such words are
// in most texts, so a search looks for them only at the start of the words of
// titles and keywords, never in running text: «и» must not match the whole
// table.
func OnlyStopWords(ws []string) bool {
	if len(ws) == 0 {
		return false
	}
	for _, w := range ws {
		if !IsStopWord(w) {
			return false
		}
	}
	return true
}

var englishStopWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "to": true, "in": true, "on": true,
	"for": true, "is": true, "it": true, "and": true, "or": true, "with": true, "my": true,
	"i": true,
}

// IsStopWord reports words too common to mean anything in a search: the
// Snowball stop lists («не», «и», «в», "the"). «не» is one of them: Terms
// keeps its meaning by gluing it to the word it negates.
func IsStopWord(w string) bool {
	if IsCyrillic(w) {
		return russian.IsStopWord(w)
	}
	return englishStopWords[w]
}

// Stem reduces a word to its Snowball stem: Russian for Cyrillic words,
// English for Latin ones; numbers and very short words stay as they are.
func Stem(w string) string {
	if utf8.RuneCountInString(w) < 3 || IsDigits(w) {
		return w
	}
	if IsCyrillic(w) {
		return russian.Stem(w, true)
	}
	if w[0] < utf8.RuneSelf {
		return english.Stem(w, true)
	}
	return w
}

// IsCyrillic reports a word written in Cyrillic.
func IsCyrillic(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.Is(unicode.Cyrillic, r)
}

// IsDigits reports a non-empty word of ASCII digits only.
func IsDigits(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}
