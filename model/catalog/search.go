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

// Scores per matched query word. The tiers are far apart so that the sum over
// several words never lets a weaker tier overtake a stronger one.
const (
	scoreNumberExact  = 10000
	scoreNumberPrefix = 5000
	scoreStrong       = 100 // title or keyword
	scoreWeak         = 1   // description
	// The query is a whole title or keyword: «доставлено» names DELIVRD
	// more exactly than PDLIVRD's «Доставлено частично».
	scorePhrase = scoreStrong / 2

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
	ids      []idEntry // code numbers or status names as text, sorted, for prefix ranges
	alphaIDs bool      // ids are words (status names), matched by any query word
	termIDs  map[string]int32
	terms    []string // by id
	sorted   []int32  // term ids in lexical order of their text
	postings [][]posting
	deletes  map[string][]int32 // each one-letter deletion of a long term → terms
	phrases  map[string][]int32 // a whole title or keyword, as query words → docs
	scratch  sync.Pool
}

type idEntry struct {
	text string
	doc  int32
}

// document is what the index knows of one code or status.
type document struct {
	id          string // the code number or the status name, lower case
	title       string
	keywords    []string
	description string
}

func codeDocuments(codes []Code) []document {
	docs := make([]document, len(codes))
	for i, c := range codes {
		docs[i] = document{id: strconv.Itoa(c.Number), title: c.Title, keywords: c.Keywords, description: c.Description}
	}
	return docs
}

func statusDocuments(statuses []Status) []document {
	docs := make([]document, len(statuses))
	for i, s := range statuses {
		id := strings.ToLower(s.Name)
		docs[i] = document{id: id, title: s.Title, keywords: append([]string{id}, s.Keywords...), description: s.Description}
	}
	return docs
}

// buildIndex normalises and stems every document once, so a keystroke only
// looks words up.
func buildIndex(docs []document, alphaIDs bool) *searchIndex {
	ix := &searchIndex{
		n:        len(docs),
		alphaIDs: alphaIDs,
		termIDs:  make(map[string]int32),
		deletes:  make(map[string][]int32),
		phrases:  make(map[string][]int32),
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
	addText := func(s string, doc int32, f field) {
		for _, w := range words.Terms(s) {
			if f == fieldDescription && words.IsStopWord(w) {
				continue // «который», «the»: noise in running text
			}
			ix.add(w, doc, f)
			if st := stemOf(w); st != w {
				ix.add(st, doc, f)
			}
		}
		if f != fieldDescription {
			ix.addPhrase(s, doc)
		}
	}
	for i, d := range docs {
		doc := int32(i)
		ix.ids = append(ix.ids, idEntry{d.id, doc})
		addText(d.title, doc, fieldTitle)
		for _, k := range d.keywords {
			addText(k, doc, fieldKeyword)
		}
		addText(d.description, doc, fieldDescription)
	}
	ix.finish()
	return ix
}

// add records that term occurs in doc's field f, keeping the best field.
func (ix *searchIndex) add(term string, doc int32, f field) {
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

// addPhrase records a whole title or keyword as the query that names it
// exactly, so that «доставлено» puts «Доставлено» before «Доставлено
// частично».
func (ix *searchIndex) addPhrase(s string, doc int32) {
	if q := strings.Join(words.QueryWords(s), " "); q != "" {
		ix.phrases[q] = appendUnique(ix.phrases[q], doc)
	}
}

// finish sorts what prefix and typo lookups need.
func (ix *searchIndex) finish() {
	sort.SliceStable(ix.ids, func(a, b int) bool { return ix.ids[a].text < ix.ids[b].text })
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

// search returns the matching documents, best first, and how many query
// words the best of them matched (0 for an empty query).
func (ix *searchIndex) search(query string) ([]Match, int) {
	qwords := words.QueryWords(query)
	if len(qwords) == 0 {
		all := make([]Match, ix.n)
		for i := range all {
			all[i] = Match{Index: i}
		}
		return all, 0
	}
	s := ix.scratch.Get().(*scratch)
	defer func() {
		s.reset()
		ix.scratch.Put(s)
	}()
	// Stop words alone («не», «и») are in most texts: a query made only of
	// them finds them only as whole words of titles and keywords.
	stopOnly := words.OnlyStopWords(qwords)
	for _, w := range qwords {
		switch {
		case words.IsDigits(w):
			ix.matchID(s, w)
			ix.matchNumberKeyword(s, w)
		case stopOnly:
			ix.matchStopWord(s, w)
		default:
			if ix.alphaIDs {
				ix.matchID(s, w)
			}
			ix.matchWord(s, w)
		}
		s.endWord()
	}
	for _, d := range ix.phrases[strings.Join(qwords, " ")] {
		if s.count[d] > 0 {
			s.total[d] += scorePhrase
		}
	}
	return ix.ranked(s)
}

// ranked orders the documents that matched the most query words: every word
// must match, but when no document has them all (a sloppy extra word), those
// matching the most are still worth showing.
func (ix *searchIndex) ranked(s *scratch) ([]Match, int) {
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
	return out, int(need)
}

// matchID scores a query word against code numbers or status names: the
// exact one, then those it begins, shorter first ("1" lists 10 before 100).
func (ix *searchIndex) matchID(s *scratch, w string) {
	from := sort.Search(len(ix.ids), func(i int) bool { return ix.ids[i].text >= w })
	for i := from; i < len(ix.ids) && strings.HasPrefix(ix.ids[i].text, w); i++ {
		e := ix.ids[i]
		if e.text == w {
			s.hit(e.doc, scoreNumberExact)
		} else {
			s.hit(e.doc, scoreNumberPrefix-float32(len(e.text)))
		}
	}
}

// matchNumberKeyword scores a number among keywords and titles ("429"),
// never in descriptions, where numbers are noise.
func (ix *searchIndex) matchNumberKeyword(s *scratch, w string) {
	if id, ok := ix.termIDs[w]; ok {
		for _, p := range ix.postings[id] {
			if p.field() != fieldDescription {
				s.hit(p.doc(), fieldScore[p.field()])
			}
		}
	}
}

// matchWord scores a query word among the terms: the very word, its stem,
// the words it begins, and, in a long enough word, one typo.
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

// matchStopWord scores a stop word only where it stands as a whole word of
// a title or keyword («ключ и аккаунт»): as a prefix or in running text it
// would match most of the table.
func (ix *searchIndex) matchStopWord(s *scratch, w string) {
	id, ok := ix.termIDs[w]
	if !ok {
		return
	}
	for _, p := range ix.postings[id] {
		if p.field() != fieldDescription {
			s.hit(p.doc(), fieldScore[p.field()])
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
