// Package catalog is what the API's documentation says, as data: the
// response codes (the seed table merged with our titles, classes, keywords
// and hints) and the SMS delivery statuses, with one ranked search over
// both, and the methods with their parameters and what each code means for
// them.
//
// It never talks to the network and never decides what an answer means
// for a call: model.Explain does that with what is here.
package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"codedesk/assets"
)

// Class groups codes by what they mean for the caller; the UI colours by it.
type Class string

// The classes a code can belong to.
const (
	ClassSuccess Class = "success" // the call did what was asked
	ClassAsync   Class = "async"   // accepted, finishing in the background
	ClassPartial Class = "partial" // some items done, some not
	ClassClient  Class = "client"  // the request must change
	ClassAuth    Class = "auth"    // the key or the account is the problem
	ClassServer  Class = "server"  // the service failed; retry or escalate
	ClassUnknown Class = "unknown" // a code we have never heard of
)

var knownClasses = []Class{ClassSuccess, ClassAsync, ClassPartial, ClassClient, ClassAuth, ClassServer}

// Code is one API response code with everything codedesk knows about it.
type Code struct {
	Number      int      `json:"code"`
	Title       string   `json:"title"`
	Class       Class    `json:"class"`
	Description string   `json:"description"` // from the table, links shown as their text
	Hint        string   `json:"hint"`        // «Что делать»
	Keywords    []string `json:"keywords,omitempty"`
}

// Known reports whether the code came from the catalog rather than being a
// placeholder for a number the catalog does not have.
func (c Code) Known() bool { return c.Class != ClassUnknown }

// UnknownCode is the placeholder shown for a number the catalog lacks.
func UnknownCode(n int) Code {
	return Code{
		Number:      n,
		Title:       "Неизвестный код",
		Class:       ClassUnknown,
		Description: "Этого кода нет в таблице кодов ответов API.",
		Hint:        "Сохраните запрос и ответ целиком (без ключа) и передайте в поддержку Mobizon.",
	}
}

// Catalog is the ordered set of codes and of SMS statuses, with search
// indexes built once, on first use: listing the codes must not wait for
// stemming them.
type Catalog struct {
	codes     []Code
	byNumber  map[int]int
	statuses  *StatusTable
	indexOnce sync.Once
	index     *searchIndex
	statOnce  sync.Once
	statIndex *searchIndex
}

// NewCatalog holds codes in the given order (the table's order) and, when
// given, the SMS statuses.
func NewCatalog(codes []Code, statuses ...Status) *Catalog {
	c := &Catalog{codes: codes, byNumber: make(map[int]int, len(codes)), statuses: NewStatusTable(statuses)}
	for i, code := range codes {
		c.byNumber[code.Number] = i
	}
	return c
}

// Warm builds the search indexes now if they are not built yet; call it off
// the critical path (after the first frame) so the first keystroke is
// instant.
func (c *Catalog) Warm() {
	c.searchIndex()
	c.statusIndex()
}

func (c *Catalog) searchIndex() *searchIndex {
	c.indexOnce.Do(func() { c.index = buildIndex(codeDocuments(c.codes), false) })
	return c.index
}

func (c *Catalog) statusIndex() *searchIndex {
	c.statOnce.Do(func() { c.statIndex = buildIndex(statusDocuments(c.statuses.All()), true) })
	return c.statIndex
}

// Codes returns every code in table order. The slice must not be modified.
func (c *Catalog) Codes() []Code { return c.codes }

// Len is the number of codes.
func (c *Catalog) Len() int { return len(c.codes) }

// Lookup finds a code by its number.
func (c *Catalog) Lookup(n int) (Code, bool) {
	i, ok := c.byNumber[n]
	if !ok {
		return Code{}, false
	}
	return c.codes[i], true
}

// Describe returns the code for n, or an unknown-code placeholder.
func (c *Catalog) Describe(n int) Code {
	if code, ok := c.Lookup(n); ok {
		return code
	}
	return UnknownCode(n)
}

// DefaultCatalog parses the embedded code table, its metadata and the SMS
// status table.
func DefaultCatalog() (*Catalog, error) {
	c, err := LoadCatalog(assets.CodesTable, assets.CodesMeta)
	if err != nil {
		return nil, err
	}
	st, err := DefaultStatuses()
	if err != nil {
		return nil, err
	}
	c.statuses = st
	return c, nil
}

// MustDefaultCatalog is DefaultCatalog for callers that cannot go on without
// it; the embedded assets are checked by tests, so it never fails in a build.
func MustDefaultCatalog() *Catalog {
	c, err := DefaultCatalog()
	if err != nil {
		panic(err)
	}
	return c
}

// TableRow is one row of the code table as the markdown gives it.
type TableRow struct {
	Number      int
	Description string
}

// ParseCodeTable reads the markdown code table: the first table whose header
// has a «Код» column and an «Описание» column. Inline HTML (the anchors around
// numbers) is dropped and links keep only their text.
func ParseCodeTable(md []byte) ([]TableRow, error) {
	parser := goldmark.New(goldmark.WithExtensions(extension.Table)).Parser()
	doc := parser.Parse(text.NewReader(md))
	var rows []TableRow
	var parseErr error
	found := false
	_ = gast.Walk(doc, func(n gast.Node, entering bool) (gast.WalkStatus, error) {
		table, ok := n.(*east.Table)
		if !entering || !ok || found {
			return gast.WalkContinue, nil
		}
		codeCol, descCol := -1, -1
		for row := table.FirstChild(); row != nil; row = row.NextSibling() {
			cells := cellTexts(row, md)
			if _, isHeader := row.(*east.TableHeader); isHeader {
				for i, c := range cells {
					switch strings.ToLower(c) {
					case "код", "code":
						codeCol = i
					case "описание", "description":
						descCol = i
					}
				}
				continue
			}
			if codeCol < 0 || descCol < 0 {
				break
			}
			if codeCol >= len(cells) || descCol >= len(cells) {
				parseErr = fmt.Errorf("code table: a row has %d cells, fewer than the header", len(cells))
				return gast.WalkStop, nil
			}
			num, err := strconv.Atoi(cells[codeCol])
			if err != nil {
				parseErr = fmt.Errorf("code table: %q is not a code number", cells[codeCol])
				return gast.WalkStop, nil
			}
			rows = append(rows, TableRow{Number: num, Description: cells[descCol]})
		}
		if codeCol >= 0 && descCol >= 0 {
			found = true
			return gast.WalkStop, nil
		}
		return gast.WalkSkipChildren, nil
	})
	if parseErr != nil {
		return nil, parseErr
	}
	if !found {
		return nil, errors.New("code table: no table with «Код» and «Описание» columns")
	}
	if len(rows) == 0 {
		return nil, errors.New("code table: the table has no rows")
	}
	seen := map[int]bool{}
	for _, r := range rows {
		if seen[r.Number] {
			return nil, fmt.Errorf("code table: code %d appears twice", r.Number)
		}
		seen[r.Number] = true
	}
	return rows, nil
}

// cellTexts returns the plain text of each cell of a table row.
func cellTexts(row gast.Node, src []byte) []string {
	var out []string
	for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
		var b bytes.Buffer
		inlineText(&b, cell, src)
		out = append(out, strings.Join(strings.Fields(b.String()), " "))
	}
	return out
}

// inlineText writes the visible text of inline nodes: text, code spans and
// link labels, but not raw HTML tags or link destinations.
func inlineText(b *bytes.Buffer, n gast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch node := c.(type) {
		case *gast.Text:
			b.Write(node.Segment.Value(src))
			if node.SoftLineBreak() || node.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *gast.String:
			b.Write(node.Value)
		case *gast.RawHTML:
			// Tags such as <span data-anchor=…> carry no visible text.
		case *gast.AutoLink:
			b.Write(node.Label(src))
		default:
			inlineText(b, c, src)
		}
	}
}

type codeMeta struct {
	Code     int      `toml:"code"`
	Title    string   `toml:"title"`
	Class    Class    `toml:"class"`
	Keywords []string `toml:"keywords"`
	Hint     string   `toml:"hint"`
}

// LoadCatalog merges the code table with our metadata. It fails when a code
// of the table has no metadata, when metadata names a code the table lacks,
// or when a metadata entry is incomplete: a silent gap would show an untitled
// code to a support engineer.
func LoadCatalog(table, meta []byte) (*Catalog, error) {
	// The two parses are independent and both on the path to the first
	// frame: run them side by side.
	var file struct {
		Code []codeMeta `toml:"code"`
	}
	metaErr := make(chan error, 1)
	go func() { metaErr <- toml.Unmarshal(meta, &file) }()
	rows, err := ParseCodeTable(table)
	if mErr := <-metaErr; mErr != nil {
		return nil, fmt.Errorf("code metadata: %w", mErr)
	}
	if err != nil {
		return nil, err
	}

	byCode := make(map[int]codeMeta, len(file.Code))
	for _, m := range file.Code {
		if _, dup := byCode[m.Code]; dup {
			return nil, fmt.Errorf("code metadata: code %d appears twice", m.Code)
		}
		switch {
		case strings.TrimSpace(m.Title) == "":
			return nil, fmt.Errorf("code metadata: code %d has no title", m.Code)
		case strings.TrimSpace(m.Hint) == "":
			return nil, fmt.Errorf("code metadata: code %d has no hint", m.Code)
		case !slices.Contains(knownClasses, m.Class):
			return nil, fmt.Errorf("code metadata: code %d has class %q, want one of %v", m.Code, m.Class, knownClasses)
		}
		byCode[m.Code] = m
	}
	inTable := make(map[int]bool, len(rows))
	codes := make([]Code, 0, len(rows))
	var missing []string
	for _, r := range rows {
		inTable[r.Number] = true
		m, ok := byCode[r.Number]
		if !ok {
			missing = append(missing, strconv.Itoa(r.Number))
			continue
		}
		codes = append(codes, Code{
			Number:      r.Number,
			Title:       m.Title,
			Class:       m.Class,
			Description: r.Description,
			Hint:        m.Hint,
			Keywords:    m.Keywords,
		})
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("code metadata: no entry for code(s) %s of the table", strings.Join(missing, ", "))
	}
	var extra []string
	for _, m := range file.Code {
		if !inTable[m.Code] {
			extra = append(extra, strconv.Itoa(m.Code))
		}
	}
	if len(extra) > 0 {
		return nil, fmt.Errorf("code metadata: code(s) %s are not in the table", strings.Join(extra, ", "))
	}
	return NewCatalog(codes), nil
}
