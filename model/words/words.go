// Package words is how codedesk reads words in Russian and English, the
// same way everywhere it searches (the code catalog, the history): folded
// case and ё, Snowball stems, stop words.
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

// QueryWords are the words of a query that carry meaning: stop words ("в",
// "the") are dropped unless nothing else is left.
func QueryWords(q string) []string {
	words := Tokenize(q)
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

var englishStopWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "to": true, "in": true, "on": true,
	"for": true, "is": true, "it": true, "and": true, "or": true, "with": true, "my": true,
	"i": true,
}

// IsStopWord reports words too common to mean anything in a search.
func IsStopWord(w string) bool {
	if IsCyrillic(w) {
		// "не" changes the meaning of what follows ("не найдено"), keep it
		// out of the stop list so it does not vanish from phrase keywords.
		return w != "не" && w != "нет" && russian.IsStopWord(w)
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
