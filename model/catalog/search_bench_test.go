package catalog

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// syntheticCatalog builds n codes of about 400 characters of Russian-looking
// text each: words of the real table mixed with invented words, drawn with a
// skewed distribution as in real prose, so that common words hit most codes
// and rare ones a few.
func syntheticCatalog(n int) *Catalog {
	rng := rand.New(rand.NewPCG(1, uint64(n)))
	var vocab []string
	seen := map[string]bool{}
	for _, c := range MustDefaultCatalog().Codes() {
		for _, w := range strings.Fields(c.Description + " " + c.Title) {
			w = strings.Trim(w, ".,:;()«»")
			if len([]rune(w)) > 2 && !seen[w] {
				seen[w] = true
				vocab = append(vocab, w)
			}
		}
	}
	const letters = "абвгдежзийклмнопрстуфхцчшщыэюя"
	alphabet := []rune(letters)
	for len(vocab) < 20000 {
		r := make([]rune, 4+rng.IntN(8))
		for i := range r {
			r[i] = alphabet[rng.IntN(len(alphabet))]
		}
		vocab = append(vocab, string(r))
	}
	zipf := rand.NewZipf(rand.New(rand.NewPCG(2, uint64(n))), 1.1, 4, uint64(len(vocab)-1))
	codes := make([]Code, n)
	for i := range codes {
		var b strings.Builder
		for b.Len() < 700 { // ~400 Cyrillic characters are ~700 bytes
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(vocab[zipf.Uint64()])
		}
		title := vocab[zipf.Uint64()] + " " + vocab[zipf.Uint64()]
		codes[i] = Code{Number: i, Title: title, Class: ClassClient, Description: b.String()}
	}
	return NewCatalog(codes, MustDefaultStatuses().All()...)
}

// benchQueries are what a support engineer types: a word, two words, a
// number, a word being typed, and a word with a typo.
var benchQueries = []string{"лимит", "фоновая задача", "10", "запро", "заблакирован", "одновременный доступ", "1"}

func BenchmarkSearch(b *testing.B) {
	for _, n := range []int{20, 10000, 100000} {
		cat := syntheticCatalog(n)
		if n == 20 {
			cat = MustDefaultCatalog()
		}
		cat.Warm() // the index is built once, before the first keystroke
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				cat.Search(benchQueries[i%len(benchQueries)])
				i++
			}
		})
	}
}

// BenchmarkSearchAll is BenchmarkSearch for the one search over codes and
// statuses the TUI's list runs on every keystroke.
func BenchmarkSearchAll(b *testing.B) {
	for _, n := range []int{20, 10000, 100000} {
		cat := syntheticCatalog(n)
		if n == 20 {
			cat = MustDefaultCatalog()
		}
		cat.Warm()
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				cat.SearchAll(benchQueries[i%len(benchQueries)])
				i++
			}
		})
	}
}

func TestSyntheticCatalogIsRealistic(t *testing.T) {
	cat := syntheticCatalog(200)
	total := 0
	for _, c := range cat.Codes() {
		total += len([]rune(c.Description))
	}
	if avg := total / cat.Len(); avg < 350 || avg > 450 {
		t.Errorf("synthetic descriptions average %d characters, want about 400", avg)
	}
	// Every benchmark query must do real work: each finds something.
	big := syntheticCatalog(2000)
	for _, q := range benchQueries {
		if len(big.Search(q)) == 0 {
			t.Errorf("benchmark query %q finds nothing in the synthetic catalog", q)
		}
	}
}
