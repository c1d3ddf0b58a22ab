package history

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"codedesk/model/catalog"
	"codedesk/model/words"
)

// Search reads words the way the code search does (model/words: folded
// case and ё, Snowball stems, stop words), on both engines:
//
//   - SQLite indexes, per call, each word and its stem (FTS5, built here);
//   - PostgreSQL indexes the same words, normalised here, through its own
//     russian (Cyrillic words) and english (the rest) configurations.
//
// A call's code is indexed as one word, codeN; a query word that names a
// code's title or keywords (from the code catalog) also matches that
// code's word, so "лимит" finds the code-30 calls without their rows
// carrying the catalog's text.

// searchFields are the texts of a call a search looks in.
func searchFields(c Call) []string {
	fields := []string{c.Module, splitCamel(c.Method), c.Method, c.Message, c.ErrorKind, c.Error, c.Note}
	for _, p := range c.Params {
		fields = append(fields, p.Key, p.Value)
	}
	return fields
}

// digitRun is a run of digits in a parameter's value worth searching
// inside: a phone number, a message id. PostgreSQL's migration 2 finds the
// same runs with the same pattern.
var digitRun = regexp.MustCompile(`[0-9]{4,20}`)

// minDigits is the shortest search of digits that looks inside a value.
const minDigits = 3

// digitEnds are the ends of each run of digits in the call's parameter
// values, down to minDigits: a search of a number's last digits finds it,
// and of digits in its middle too, as the prefix of an end.
func digitEnds(c Call) []string {
	var out []string
	for _, p := range c.Params {
		for _, run := range digitRun.FindAllString(p.Value, -1) {
			for i := 1; i <= len(run)-minDigits; i++ {
				out = append(out, run[i:])
			}
		}
	}
	return out
}

// digitSearch reports a query word of digits long enough to be looked for
// inside values (as the prefix of an end).
func digitSearch(w string) bool { return len(w) >= minDigits && words.IsDigits(w) }

// codeWord is the word a call's code is indexed as.
func codeWord(code int) string { return "code" + strconv.Itoa(code) }

// isStop reports words too common to find anything by. "не" and "нет",
// which the code search keeps for its phrases, are stop words here: they
// are in most failure messages.
func isStop(w string) bool {
	return words.IsStopWord(w) || w == "не" || w == "нет"
}

// indexWords is what SQLite's index keeps for a call: each meaningful word,
// its stem when different, and the code's word, once each.
func indexWords(c Call) string {
	seen := make(map[string]bool, 32)
	var b strings.Builder
	add := func(w string) {
		if !seen[w] {
			seen[w] = true
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
	}
	for _, field := range searchFields(c) {
		for _, w := range words.Tokenize(field) {
			if isStop(w) {
				continue
			}
			add(w)
			add(words.Stem(w))
		}
	}
	for _, end := range digitEnds(c) {
		add(end)
	}
	if c.Code != nil {
		add(codeWord(*c.Code))
	}
	return b.String()
}

// pgTexts are the normalised words of a call for PostgreSQL to stem:
// Cyrillic ones for the russian configuration, the rest for english.
func pgTexts(c Call) (russian, english string) {
	var ru, en strings.Builder
	for _, field := range searchFields(c) {
		for _, w := range words.Tokenize(field) {
			if isStop(w) {
				continue
			}
			b := &en
			if words.IsCyrillic(w) {
				b = &ru
			}
			b.WriteString(w)
			b.WriteByte(' ')
		}
	}
	for _, end := range digitEnds(c) {
		en.WriteString(end)
		en.WriteByte(' ')
	}
	if c.Code != nil {
		en.WriteString(codeWord(*c.Code))
	}
	return ru.String(), en.String()
}

// splitCamel writes sendSmsMessage as "send Sms Message" and getSMSStatus
// as "get SMS Status", so that "sms" finds them.
func splitCamel(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if i > 0 && unicode.IsUpper(r) &&
			(unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])) {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// queryWord is one word of a search.
type queryWord struct {
	word   string
	stem   string
	prefix bool  // the last word, matched as typed so far
	codes  []int // codes whose title or keywords it names
}

// number reports a word that may be a code (one to three digits).
func (w queryWord) number() (int, bool) {
	if !words.IsDigits(w.word) || len(w.word) > 3 {
		return 0, false
	}
	n, err := strconv.Atoi(w.word)
	return n, err == nil
}

// parseQuery reads what a user typed. none is true when the query holds
// only stop words: it then matches no call.
func parseQuery(q string) (ws []queryWord, none bool) {
	all := words.Tokenize(q)
	lastTyped := len(q) > 0 && !unicode.IsSpace(rune(q[len(q)-1]))
	for i, w := range all {
		if isStop(w) {
			continue
		}
		qw := queryWord{word: w, stem: words.Stem(w), prefix: i == len(all)-1 && lastTyped}
		qw.codes = codesNamedBy(qw)
		ws = append(ws, qw)
	}
	return ws, len(ws) == 0 && len(all) > 0
}

// codeNames maps each word and stem of the catalog's code titles and
// keywords to the codes they describe.
var codeNames = sync.OnceValue(func() map[string][]int {
	m := map[string][]int{}
	for _, code := range catalog.MustDefaultCatalog().Codes() {
		text := code.Title + " " + strings.Join(code.Keywords, " ")
		for _, w := range words.Tokenize(text) {
			if isStop(w) {
				continue
			}
			for _, form := range []string{w, words.Stem(w)} {
				if l := m[form]; len(l) == 0 || l[len(l)-1] != code.Number {
					m[form] = append(l, code.Number)
				}
			}
		}
	}
	return m
})

// codesNamedBy are the codes whose title or keywords hold the word (or its
// stem; as a prefix when it is being typed), and the code it is when it is
// a number.
func codesNamedBy(w queryWord) []int {
	names := codeNames()
	set := map[int]bool{}
	for _, form := range []string{w.word, w.stem} {
		for _, n := range names[form] {
			set[n] = true
		}
	}
	if w.prefix && len([]rune(w.word)) >= 3 {
		for name, codes := range names {
			if strings.HasPrefix(name, w.word) {
				for _, n := range codes {
					set[n] = true
				}
			}
		}
	}
	if n, ok := w.number(); ok {
		set[n] = true
	}
	out := make([]int, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}

// ftsQuery is the FTS5 query for the words: each must match, as written,
// by its stem, or by a code it names.
func ftsQuery(ws []queryWord) string {
	parts := make([]string, 0, len(ws))
	for _, w := range ws {
		alts := []string{ftsString(w.word)}
		if w.prefix || digitSearch(w.word) {
			alts[0] += "*"
		}
		if w.stem != w.word {
			alts = append(alts, ftsString(w.stem))
		}
		for _, n := range w.codes {
			alts = append(alts, ftsString(codeWord(n)))
		}
		parts = append(parts, "("+strings.Join(alts, " OR ")+")")
	}
	return strings.Join(parts, " AND ")
}

// ftsString quotes a word so that nothing in it reads as FTS5 syntax.
func ftsString(w string) string { return `"` + strings.ReplaceAll(w, `"`, `""`) + `"` }
