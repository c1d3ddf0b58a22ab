package catalog

import "strings"

// Kind says what a search match is: a response code or an SMS status.
type Kind uint8

// The kinds of entries the catalog holds.
const (
	KindCode   Kind = iota // a response code: Index is a position in Codes()
	KindStatus             // an SMS status: Index is a position in Statuses()
)

// Match is one search result: a position in the catalog and how well it fits.
type Match struct {
	Index int
	Score float32
	Kind  Kind
}

// Search returns the codes matching query, best first (only codes: see
// SearchAll for codes and statuses together). The query may be a code
// number, Russian or English words, typed fast and sloppily: case, ё/е, word
// endings and one wrong or missing letter in a longer word do not matter.
// An empty query returns every code in table order.
//
// Ranking: a code number beats a title or keyword match, which beats a match
// in the description; ties keep table order. A query that is a whole title
// or keyword ranks that entry first among equals.
func (c *Catalog) Search(query string) []Match {
	m, _ := c.searchIndex().search(query)
	return m
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

// SearchAll is one search over codes and statuses, as two groups: the
// matching codes best first, then the matching statuses best first (Kind
// says which is which). Statuses are found by name (UNDELIV, "undel" as it
// is typed) or by meaning («недоставлено», "expired"), with the ranking rules
// of Search. A group that matches fewer of the query's words than the other
// is left out, so that «истёк срок» does not list every code that says
// «срок». An empty query returns every code, then every status, in table
// order. Which one match is best across the groups is Best's to say.
func (c *Catalog) SearchAll(query string) []Match {
	codes, codeWords := c.searchIndex().search(query)
	statuses, statusWords := c.statusIndex().search(query)
	if statusWords < codeWords {
		statuses = nil
	}
	if codeWords < statusWords {
		codes = nil
	}
	for i := range statuses {
		statuses[i].Kind = KindStatus
	}
	return append(codes, statuses...)
}

// Best is the one match a search means most, of codes and statuses ranked
// together: a status the query names exactly (any case: "expired") first,
// since an SMS status's name is said nowhere else; else the best score,
// ties going to the earlier match (a code before a status, then table
// order). matches are what SearchAll returned for query; false when empty.
// SearchAll keeps its two groups (a list shows codes, then statuses); Best
// is where to put the cursor, or what a single answer should be.
func (c *Catalog) Best(query string, matches []Match) (Match, bool) {
	if len(matches) == 0 {
		return Match{}, false
	}
	q := strings.TrimSpace(query)
	best := matches[0]
	for _, m := range matches {
		if m.Kind == KindStatus && strings.EqualFold(c.statuses.list[m.Index].Name, q) {
			return m, true
		}
		if m.Score > best.Score {
			best = m
		}
	}
	return best, true
}

// SearchStatuses returns the statuses matching query, best first; an empty
// query returns them all in table order.
func (c *Catalog) SearchStatuses(query string) []Status {
	matches, _ := c.statusIndex().search(query)
	out := make([]Status, len(matches))
	for i, m := range matches {
		out[i] = c.statuses.list[m.Index]
	}
	return out
}

// Statuses returns every SMS status in table order. The slice must not be
// modified.
func (c *Catalog) Statuses() []Status { return c.statuses.All() }

// StatusTable is the catalog's SMS statuses with lookup by name.
func (c *Catalog) StatusTable() *StatusTable { return c.statuses }

// LookupStatus finds a status by name, whatever its case.
func (c *Catalog) LookupStatus(name string) (Status, bool) { return c.statuses.Lookup(name) }

// DescribeStatus returns the status named name, or an unknown-status
// placeholder.
func (c *Catalog) DescribeStatus(name string) Status { return c.statuses.Describe(name) }

// Entry is one row of the combined list the TUI shows: a code or a status.
type Entry struct {
	Kind   Kind
	Code   Code   // when Kind is KindCode
	Status Status // when Kind is KindStatus
}

// Entries returns every code in table order, then every status in table
// order: the rows of one list with two groups. EntryIndex maps a match of
// SearchAll to its row.
func (c *Catalog) Entries() []Entry {
	out := make([]Entry, 0, len(c.codes)+c.statuses.Len())
	for _, code := range c.codes {
		out = append(out, Entry{Kind: KindCode, Code: code})
	}
	for _, s := range c.statuses.All() {
		out = append(out, Entry{Kind: KindStatus, Status: s})
	}
	return out
}

// EntryIndex is the row of Entries() that m points to.
func (c *Catalog) EntryIndex(m Match) int {
	if m.Kind == KindStatus {
		return len(c.codes) + m.Index
	}
	return m.Index
}
