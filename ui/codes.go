package ui

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"codedesk/model/catalog"
)

// codesPane is the filterable list of every API response code and, as a
// second group under its own heading, every SMS delivery status. It is a
// bubbles list whose filter is the catalog's one ranked search over both,
// applied synchronously on each keystroke so the order is the catalog's and
// a late result of an older keystroke can never overwrite a newer one. The
// heading is a row the cursor never rests on.
type codesPane struct {
	ctx      *Context
	list     list.Model
	nav      navKeys
	keys     codesKeys
	delegate *codeDelegate
	width    int
	height   int
	// naturalWidth is measured once: the layout asks for it every frame.
	naturalWidth int
}

// entryItem is a code's or a status's row; groupItem is the heading over
// the statuses.
type (
	entryItem struct{ entry catalog.Entry }
	groupItem struct{}
)

func (i entryItem) FilterValue() string { return "" } // the catalog searches
func (groupItem) FilterValue() string   { return "" }

// statusesTitle heads the second group.
const statusesTitle = "Статусы SMS"

// entryItems are the codes, the heading, then the statuses: the heading
// sits at len(codes), a status of Entries() one row below its index.
func entryItems(cat *catalog.Catalog) []list.Item {
	entries := cat.Entries()
	items := make([]list.Item, 0, len(entries)+1)
	for _, e := range entries {
		if e.Kind == catalog.KindStatus && len(items) == cat.Len() {
			items = append(items, groupItem{})
		}
		items = append(items, entryItem{e})
	}
	return items
}

func newCodesPane(ctx *Context) codesPane {
	d := &codeDelegate{ctx: ctx}
	l := list.New(entryItems(ctx.Catalog), d, 0, 0)
	// Each setter re-measures every visible part, the list's own help view
	// first of all; hiding that first keeps start-up cheap.
	l.SetShowHelp(false)
	l.SetShowStatusBar(false)
	// The list's pagination dots take a height it only knows after paging,
	// which overflows small panes; the header shows the page instead.
	l.SetShowPagination(false)
	l.SetShowTitle(false)
	l.SetShowFilter(false) // the pane draws the filter input in its own header
	l.DisableQuitKeybindings()
	l.InfiniteScrolling = false
	l.FilterInput.Prompt = "/ "
	l.FilterInput.Placeholder = "номер или слова"
	l.Filter = catalogFilter(ctx.Catalog)

	nav, keys := defaultNavKeys(), defaultCodesKeys()
	l.KeyMap.CursorUp = nav.Up
	l.KeyMap.CursorDown = nav.Down
	l.KeyMap.PrevPage = nav.PageUp
	l.KeyMap.NextPage = nav.PageDown
	l.KeyMap.GoToStart = nav.Top
	l.KeyMap.GoToEnd = nav.Bottom
	l.KeyMap.Filter = keys.Filter
	l.KeyMap.ClearFilter = keys.Clear
	l.KeyMap.AcceptWhileFiltering = keys.Accept
	l.KeyMap.CancelWhileFiltering = keys.Cancel
	l.KeyMap.ShowFullHelp = key.NewBinding(key.WithDisabled())
	l.KeyMap.CloseFullHelp = key.NewBinding(key.WithDisabled())
	l.KeyMap.Quit = key.NewBinding(key.WithDisabled())
	l.KeyMap.ForceQuit = key.NewBinding(key.WithDisabled()) // the root owns ctrl+c

	p := codesPane{ctx: ctx, list: l, nav: nav, keys: keys, delegate: d, naturalWidth: naturalWidth(ctx.Catalog)}
	p.applyStyles()
	return p
}

// catalogFilter plugs the catalog's search over codes and statuses into
// the list, in its order, with the heading before the first status found.
// Each keystroke asks it twice (the pane's synchronous apply and the list's
// own command, whose result is dropped): the last answer is kept so the
// second ask is free.
func catalogFilter(cat *catalog.Catalog) list.FilterFunc {
	var (
		mu       sync.Mutex
		lastTerm string
		last     []list.Rank
	)
	return func(term string, _ []string) []list.Rank {
		mu.Lock()
		defer mu.Unlock()
		if last != nil && term == lastTerm {
			return last
		}
		matches := cat.SearchAll(term)
		ranks := make([]list.Rank, 0, len(matches)+1)
		headed := false
		for _, m := range matches {
			row := cat.EntryIndex(m)
			if m.Kind == catalog.KindStatus {
				if !headed {
					ranks = append(ranks, list.Rank{Index: cat.Len()}) // the heading
					headed = true
				}
				row++
			}
			ranks = append(ranks, list.Rank{Index: row})
		}
		lastTerm, last = term, ranks
		return ranks
	}
}

func (p *codesPane) applyStyles() {
	p.list.Styles = p.ctx.Styles.List
	p.list.FilterInput.SetStyles(p.ctx.Styles.List.Filter)
}

// NaturalWidth is the inner width at which every row shows its whole title.
func (p codesPane) NaturalWidth() int { return p.naturalWidth }

func naturalWidth(cat *catalog.Catalog) int {
	w := 0
	for _, c := range cat.Codes() {
		w = max(w, lipgloss.Width(c.Title)+rowPrefixWidth)
	}
	for _, s := range cat.Statuses() {
		w = max(w, lipgloss.Width(s.Title)+statusPrefixWidth)
	}
	return w
}

// rowPrefixWidth is the cursor, the mark, a three-digit number and a gap;
// statusPrefixWidth the same with a seven-letter status name.
const (
	rowPrefixWidth    = 7
	statusPrefixWidth = 11
)

// SetSize gives the pane its inner size (inside the border).
func (p *codesPane) SetSize(width, height int) {
	p.width, p.height = max(width, 1), max(height, 1)
	p.list.SetSize(p.width, max(p.height-1, 1)) // one line for the header
	p.list.FilterInput.SetWidth(max(p.width-4, 1))
}

// Filtering reports whether the filter input has the keyboard.
func (p codesPane) Filtering() bool { return p.list.FilterState() == list.Filtering }

// Selected returns the code or status under the cursor.
func (p codesPane) Selected() (catalog.Entry, bool) {
	item, ok := p.list.SelectedItem().(entryItem)
	return item.entry, ok
}

// Select moves the cursor to code n. A filter that hides n gives way: the
// answer's code matters more than what was typed before it came.
func (p *codesPane) Select(n int) bool {
	return p.selectID(entryID(codeEntry(catalog.Code{Number: n})))
}

// SelectStatus moves the cursor to the status named name, as Select does
// for a code.
func (p *codesPane) SelectStatus(name string) bool {
	return p.selectID(entryID(statusEntry(catalog.Status{Name: name})))
}

func (p *codesPane) selectID(id string) bool {
	if p.selectVisible(id) {
		return true
	}
	if p.list.FilterState() != list.Unfiltered {
		p.list.ResetFilter()
		return p.selectVisible(id)
	}
	return false
}

func (p *codesPane) selectVisible(id string) bool {
	for i, it := range p.list.VisibleItems() {
		if e, ok := it.(entryItem); ok && entryID(e.entry) == id {
			p.list.Select(i)
			return true
		}
	}
	return false
}

// Mark shows code n as the code of the last answer (-1: none).
func (p *codesPane) Mark(n int) {
	p.delegate.marked = ""
	if n >= 0 {
		p.delegate.marked = entryID(codeEntry(catalog.Code{Number: n}))
	}
}

// MarkStatus shows the status a watched message ended in.
func (p *codesPane) MarkStatus(name string) {
	p.delegate.marked = entryID(statusEntry(catalog.Status{Name: name}))
}

// SetFilter types a filter as the user would and applies it.
func (p *codesPane) SetFilter(q string) {
	p.list.SetFilterText(q)
	if q == "" {
		p.list.ResetFilter()
	}
}

func (p codesPane) Update(msg tea.Msg) (codesPane, tea.Cmd) {
	if _, ok := msg.(list.FilterMatchesMsg); ok {
		// Filtering is applied synchronously below; the list's own
		// asynchronous result is stale by construction.
		return p, nil
	}
	k, isKey := msg.(tea.KeyPressMsg)
	if isKey && p.Filtering() && key.Matches(k, p.keys.Move) {
		// Arrows while typing keep the search and move through what it
		// found, as in fzf; j and k stay letters of the query.
		p.list.SetFilterState(list.FilterApplied)
	}
	// Dropping a search keeps the code under the cursor, not its row.
	keep, hadCode := p.Selected()
	dropping := isKey && (p.Filtering() && key.Matches(k, p.keys.Cancel) ||
		p.list.FilterState() == list.FilterApplied && key.Matches(k, p.keys.Clear))
	before, row := p.list.FilterValue(), p.list.Index()
	var cmd tea.Cmd
	p.list, cmd = p.list.Update(msg)
	if p.Filtering() && p.list.FilterValue() != before {
		p.list.SetFilterText(p.list.FilterValue())
		p.list.SetFilterState(list.Filtering)
	}
	if dropping && hadCode {
		p.selectVisible(entryID(keep))
	}
	p.skipHeading(p.list.Index() < row)
	return p, cmd
}

// skipHeading moves the cursor off the statuses' heading: on in the way
// it was going (up when up), or back when there is nothing further.
func (p *codesPane) skipHeading(up bool) {
	if _, ok := p.list.SelectedItem().(groupItem); !ok {
		return
	}
	i, n := p.list.Index(), len(p.list.VisibleItems())
	switch {
	case up && i > 0:
		p.list.Select(i - 1)
	case i+1 < n:
		p.list.Select(i + 1)
	case i > 0:
		p.list.Select(i - 1)
	}
}

// shownEntries counts the rows a user can select: every row but the
// heading.
func (p codesPane) shownEntries() int {
	n := 0
	for _, it := range p.list.VisibleItems() {
		if _, ok := it.(entryItem); ok {
			n++
		}
	}
	return n
}

func (p codesPane) View() string {
	if len(p.list.VisibleItems()) == 0 {
		// The list's own empty text is English; say it here, with room.
		return p.header() + "\n" + p.ctx.Styles.Warning.Render("ничего не найдено") + strings.Repeat("\n", max(p.height-2, 0))
	}
	return p.header() + "\n" + p.list.View()
}

func (p codesPane) header() string {
	s := p.ctx.Styles
	total := p.ctx.Catalog.Len() + len(p.ctx.Catalog.Statuses())
	shown := p.shownEntries()
	switch p.list.FilterState() {
	case list.Filtering:
		return p.list.FilterInput.View()
	case list.FilterApplied:
		if shown == 0 {
			return s.Muted.Render(ansi.Truncate("/ "+p.list.FilterValue(), p.width, "…"))
		}
		count := fmt.Sprintf(" %d из %d%s", shown, total, p.pageInfo())
		q := ansi.Truncate("/ "+p.list.FilterValue(), max(p.width-lipgloss.Width(count), 1), "…")
		return s.Muted.Render(q) + s.Muted.Render(count)
	}
	// The page matters more than the statuses' count when both do not fit.
	title := s.PaneTitle.Render("Коды ответов") + s.Muted.Render(fmt.Sprintf(" %d", p.ctx.Catalog.Len()))
	statuses := s.Muted.Render(fmt.Sprintf(" · статусы %d", len(p.ctx.Catalog.Statuses())))
	if h := title + statuses + s.Muted.Render(p.pageInfo()); lipgloss.Width(h) <= p.width {
		return h
	}
	return ansi.Truncate(title+s.Muted.Render(p.pageInfo()), p.width, "…")
}

// pageInfo says which page of the list is shown, when there is more than one.
func (p codesPane) pageInfo() string {
	pg := p.list.Paginator
	if pg.TotalPages < 2 {
		return ""
	}
	return fmt.Sprintf(" · стр. %d/%d", pg.Page+1, pg.TotalPages)
}

// ShortHelp and FullHelp make the pane a help.KeyMap.
func (p codesPane) ShortHelp() []key.Binding {
	if p.Filtering() {
		return []key.Binding{p.keys.Accept, p.keys.Move, p.keys.Cancel}
	}
	b := []key.Binding{moveHelp("выбор"), p.keys.Filter}
	if p.list.FilterState() == list.FilterApplied {
		b = append(b, p.keys.Clear)
	}
	return b
}

func (p codesPane) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.nav.all(), {p.keys.Filter, p.keys.Accept, p.keys.Move, p.keys.Cancel}}
}

// codeDelegate draws one code or status per line: a cursor bar, the number
// or name in the colour of its class, the title, and a dot on the code of
// the last answer (or the status a watched message ended in).
type codeDelegate struct {
	ctx    *Context
	marked string // an entryID
}

func (d *codeDelegate) Height() int                             { return 1 }
func (d *codeDelegate) Spacing() int                            { return 0 }
func (d *codeDelegate) Update(_ tea.Msg, _ *list.Model) tea.Cmd { return nil }

func (d *codeDelegate) Render(w io.Writer, m list.Model, index int, item list.Item) {
	s := d.ctx.Styles
	width := m.Width()
	ei, ok := item.(entryItem)
	if !ok {
		rule := "── " + statusesTitle + " "
		io.WriteString(w, s.PaneTitle.Render(rule)+s.Muted.Render(strings.Repeat("─", max(width-lipgloss.Width(rule), 0))))
		return
	}
	e := ei.entry
	selected := index == m.Index()
	mark := " "
	if entryID(e) == d.marked {
		mark = "●"
	}
	cursor := " "
	if selected {
		cursor = "▌"
	}
	name, title := fmt.Sprintf("%3d", e.Code.Number), e.Code.Title
	if e.Kind == catalog.KindStatus {
		name, title = fmt.Sprintf("%-7s", e.Status.Name), e.Status.Title
	}
	titleWidth := max(width-lipgloss.Width(cursor+mark+name)-2, 0)
	title = cutWords(title, titleWidth)
	if selected {
		line := cursor + mark + name + "  " + title
		pad := max(width-lipgloss.Width(line), 0)
		io.WriteString(w, s.Selected.Render(line+strings.Repeat(" ", pad)))
		return
	}
	io.WriteString(w, cursor+s.Marker.Render(mark)+s.ClassText(entryClass(e)).Render(name)+"  "+title)
}
