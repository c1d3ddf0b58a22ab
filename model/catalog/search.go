package catalog

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"codedesk/model/words"
)

// Match is one search result: a position in the catalog and how well it fits.
type Match struct {
	Index int
	Score float32
}

// Search returns the codes matching query, best first. The query may be a code
// number, Russian or English words, typed fast and sloppily: case, ё/е, word
// endings and one wrong or missing letter in a longer word do not matter.
// An empty query returns every code in table order.
//
// Ranking: a code number beats a title or keyword match, which beats a match
// in the description; ties keep table order.
func (c *Catalog) Search(query string) []Match {
	return c.searchIndex().search(query)
}

// SearchCodes is Search returning the codes themselves.
func (c *Catalog) SearchCodes(query string) []Code {
	matches := c.Search(query)
	out := make([]Code, len(matches))
	for i, m := range matches {
		out[i] = c.codes[m.Index]
	}
	return out
}

// Scores per matched query word. The tiers are far apart so that the sum over
// several words never lets a weaker tier overtake a stronger one.
const (
	scoreNumberExact  = 10000
	scoreNumberPrefix = 5000
	scoreStrong       = 100 // title or keyword
	scoreWeak         = 1   // description

	qualityExact  = 1.0 // the very word form
	qualityStem   = 0.9 // another form of the word
	qualityPrefix = 0.7
	qualityTypo   = 0.6

	// A prefix of a short word would expand to half the vocabulary of a large
	// catalog; past this many terms the rest are not expanded.
	maxPrefixTerms = 512
	// Typos are forgiven only in words long enough to be recognisable.
	minTypoTermRunes  = 5
	minTypoQueryRunes = 4
)

// field says where in a code a term occurs; a higher field ranks higher.
type field uint32

const (
	fieldDescription field = iota
	fieldKeyword
	fieldTitle
)

// posting is a document id shifted left by two, with the best field the term
// occurs in for that document in the low bits.
type posting uint32

func (p posting) doc() int32                { return int32(p >> 2) }
func (p posting) field() field              { return field(p & 3) }
func newPosting(doc int32, f field) posting { return posting(doc)<<2 | posting(f) }

// fieldScore is what a match in field f is worth, before its quality.
var fieldScore = [...]float32{
	fieldDescription: scoreWeak,
	fieldKeyword:     scoreStrong,
	fieldTitle:       scoreStrong * 1.1,
}

type searchIndex struct {
	n        int
	numbers  []numberEntry // code numbers as text, sorted, for prefix ranges
	termIDs  map[string]int32
	terms    []string // by id
	sorted   []int32  // term ids in lexical order of their text
	postings [][]posting
	deletes  map[string][]int32 // each one-letter deletion of a long term → terms
	scratch  sync.Pool
}

type numberEntry struct {
	text string
	doc  int32
}

// buildIndex normalises and stems every code once, so a keystroke only looks
// words up.
func buildIndex(codes []Code) *searchIndex {
	ix := &searchIndex{
		n:       len(codes),
		termIDs: make(map[string]int32),
		deletes: make(map[string][]int32),
	}
	stems := make(map[string]string)
	stemOf := func(w string) string {
		s, ok := stems[w]
		if !ok {
			s = words.Stem(w)
			stems[w] = s
		}
		return s
	}
	add := func(term string, doc int32, f field) {
		id, ok := ix.termIDs[term]
		if !ok {
			id = int32(len(ix.terms))
			ix.termIDs[term] = id
			ix.terms = append(ix.terms, term)
			ix.postings = append(ix.postings, nil)
		}
		list := ix.postings[id]
		if n := len(list); n > 0 && list[n-1].doc() == doc {
			if f > list[n-1].field() {
				list[n-1] = newPosting(doc, f)
			}
			return
		}
		ix.postings[id] = append(list, newPosting(doc, f))
	}
	addText := func(s string, doc int32, f field) {
		for _, w := range words.Tokenize(s) {
			if f == fieldDescription && words.IsStopWord(w) {
				continue // «который», «the»: noise in running text
			}
			add(w, doc, f)
			if st := stemOf(w); st != w {
				add(st, doc, f)
			}
		}
	}
	for i, code := range codes {
		doc := int32(i)
		ix.numbers = append(ix.numbers, numberEntry{strconv.Itoa(code.Number), doc})
		addText(code.Title, doc, fieldTitle)
		for _, k := range code.Keywords {
			addText(k, doc, fieldKeyword)
		}
		addText(code.Description, doc, fieldDescription)
	}
	sort.SliceStable(ix.numbers, func(a, b int) bool { return ix.numbers[a].text < ix.numbers[b].text })
	ix.sorted = make([]int32, len(ix.terms))
	for i := range ix.sorted {
		ix.sorted[i] = int32(i)
	}
	slices.SortFunc(ix.sorted, func(a, b int32) int { return strings.Compare(ix.terms[a], ix.terms[b]) })
	for id, term := range ix.terms {
		if utf8.RuneCountInString(term) < minTypoTermRunes || words.IsDigits(term) {
			continue
		}
		for _, d := range deletions(term) {
			ix.deletes[d] = appendUnique(ix.deletes[d], int32(id))
		}
	}
	ix.scratch.New = func() any { return newScratch(ix.n) }
	return ix
}

func appendUnique(ids []int32, id int32) []int32 {
	if len(ids) > 0 && ids[len(ids)-1] == id {
		return ids
	}
	return append(ids, id)
}

// scratch holds per-search accumulators, reused through a pool so that a
// keystroke on a large catalog allocates almost nothing.
type scratch struct {
	best     []float32 // best score of the current query word per doc
	total    []float32
	count    []uint16 // query words matched per doc
	inWord   []bool
	wordDocs []int32
	allDocs  []int32
}

func newScratch(n int) *scratch {
	return &scratch{
		best:   make([]float32, n),
		total:  make([]float32, n),
		count:  make([]uint16, n),
		inWord: make([]bool, n),
	}
}

func (s *scratch) hit(doc int32, score float32) {
	if !s.inWord[doc] {
		s.inWord[doc] = true
		s.best[doc] = score
		s.wordDocs = append(s.wordDocs, doc)
	} else if score > s.best[doc] {
		s.best[doc] = score
	}
}

// endWord folds the current query word's best scores into the totals.
func (s *scratch) endWord() {
	for _, d := range s.wordDocs {
		if s.count[d] == 0 {
			s.allDocs = append(s.allDocs, d)
		}
		s.total[d] += s.best[d]
		s.count[d]++
		s.inWord[d] = false
		s.best[d] = 0
	}
	s.wordDocs = s.wordDocs[:0]
}

func (s *scratch) reset() {
	for _, d := range s.allDocs {
		s.total[d] = 0
		s.count[d] = 0
	}
	s.allDocs = s.allDocs[:0]
}

func (ix *searchIndex) search(query string) []Match {
	qwords := words.QueryWords(query)
	if len(qwords) == 0 {
		all := make([]Match, ix.n)
		for i := range all {
			all[i] = Match{Index: i}
		}
		return all
	}
	s := ix.scratch.Get().(*scratch)
	defer func() {
		s.reset()
		ix.scratch.Put(s)
	}()
	for _, w := range qwords {
		if words.IsDigits(w) {
			ix.matchNumber(s, w)
		} else {
			ix.matchWord(s, w)
		}
		s.endWord()
	}
	// Every word must match; when no code has them all (a sloppy extra word),
	// the codes matching the most words are still worth showing.
	var need uint16
	for _, d := range s.allDocs {
		need = max(need, s.count[d])
	}
	keys := make([]uint64, 0, len(s.allDocs))
	for _, d := range s.allDocs {
		if s.count[d] == need {
			// Descending score, then ascending table order, in one integer.
			keys = append(keys, uint64(^math.Float32bits(s.total[d]))<<32|uint64(uint32(d)))
		}
	}
	slices.Sort(keys)
	out := make([]Match, len(keys))
	for i, k := range keys {
		d := int32(uint32(k))
		out[i] = Match{Index: int(d), Score: s.total[d]}
	}
	return out
}

// matchNumber scores a query word made of digits: the code with that number,
// then codes whose number starts with it, then exact keyword hits ("429").
func (ix *searchIndex) matchNumber(s *scratch, w string) {
	from := sort.Search(len(ix.numbers), func(i int) bool { return ix.numbers[i].text >= w })
	for i := from; i < len(ix.numbers) && strings.HasPrefix(ix.numbers[i].text, w); i++ {
		e := ix.numbers[i]
		if e.text == w {
			s.hit(e.doc, scoreNumberExact)
		} else {
			// Shorter numbers first: "1" lists 10 before 100.
			s.hit(e.doc, scoreNumberPrefix-float32(len(e.text)))
		}
	}
	if id, ok := ix.termIDs[w]; ok {
		for _, p := range ix.postings[id] {
			if p.field() != fieldDescription {
				s.hit(p.doc(), fieldScore[p.field()])
			}
		}
	}
}

func (ix *searchIndex) matchWord(s *scratch, w string) {
	score := func(id int32, quality float32) {
		for _, p := range ix.postings[id] {
			s.hit(p.doc(), fieldScore[p.field()]*quality)
		}
	}
	if id, ok := ix.termIDs[w]; ok {
		score(id, qualityExact)
	}
	if st := words.Stem(w); st != w {
		if id, ok := ix.termIDs[st]; ok {
			score(id, qualityStem)
		}
	}
	// As-you-type: a word being typed matches the words it begins.
	from := sort.Search(len(ix.sorted), func(i int) bool { return ix.terms[ix.sorted[i]] >= w })
	for i, n := from, 0; i < len(ix.sorted) && n < maxPrefixTerms; i, n = i+1, n+1 {
		id := ix.sorted[i]
		if !strings.HasPrefix(ix.terms[id], w) {
			break
		}
		if ix.terms[id] != w {
			score(id, qualityPrefix)
		}
	}
	if utf8.RuneCountInString(w) >= minTypoQueryRunes {
		for _, id := range ix.typoCandidates(w) {
			score(id, qualityTypo)
		}
	}
}

// typoCandidates returns terms at most one edit (a wrong, missing, extra or
// swapped letter) away from w. Both sides' one-letter deletions meet in the
// deletes map; the true distance is then checked.
func (ix *searchIndex) typoCandidates(w string) []int32 {
	var out []int32
	seen := map[int32]bool{}
	consider := func(ids []int32) {
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			if t := ix.terms[id]; t != w && withinOneEdit(w, t) {
				out = append(out, id)
			}
		}
	}
	consider(ix.deletes[w]) // w lacks a letter of the term
	for _, d := range deletions(w) {
		if id, ok := ix.termIDs[d]; ok && utf8.RuneCountInString(d) >= minTypoTermRunes {
			consider([]int32{id}) // w has an extra letter
		}
		consider(ix.deletes[d]) // a wrong or swapped letter
	}
	return out
}

// deletions returns w with each one of its letters removed.
func deletions(w string) []string {
	r := []rune(w)
	out := make([]string, 0, len(r))
	for i := range r {
		out = append(out, string(r[:i])+string(r[i+1:]))
	}
	return out
}

// withinOneEdit reports whether a and b differ by at most one substitution,
// insertion, deletion or swap of neighbouring letters.
func withinOneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > len(rb) {
		ra, rb = rb, ra
	}
	switch len(rb) - len(ra) {
	case 0:
		var diff []int
		for i := range ra {
			if ra[i] != rb[i] {
				diff = append(diff, i)
				if len(diff) > 2 {
					return false
				}
			}
		}
		switch len(diff) {
		case 0, 1:
			return true
		case 2:
			i, j := diff[0], diff[1]
			return j == i+1 && ra[i] == rb[j] && ra[j] == rb[i]
		}
		return false
	case 1:
		i := 0
		for i < len(ra) && ra[i] == rb[i] {
			i++
		}
		return string(ra[i:]) == string(rb[i+1:])
	}
	return false
}
