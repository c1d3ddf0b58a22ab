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

// codesPane is the filterable list of every API response code. It is a
// bubbles list whose filter is the catalog's ranked search, applied
// synchronously on each keystroke so the order is the catalog's and a late
// result of an older keystroke can never overwrite a newer one.
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

type codeItem struct{ code catalog.Code }

func (i codeItem) FilterValue() string { return i.code.Title }

func newCodesPane(ctx *Context) codesPane {
	codes := ctx.Catalog.Codes()
	items := make([]list.Item, len(codes))
	for i, c := range codes {
		items[i] = codeItem{c}
	}
	d := &codeDelegate{ctx: ctx, marked: -1}
	l := list.New(items, d, 0, 0)
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

	p := codesPane{ctx: ctx, list: l, nav: nav, keys: keys, delegate: d, naturalWidth: naturalWidth(codes)}
	p.applyStyles()
	return p
}

// catalogFilter plugs the catalog's search into the list, in its order.
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
		matches := cat.Search(term)
		ranks := make([]list.Rank, len(matches))
		for i, m := range matches {
			ranks[i] = list.Rank{Index: m.Index}
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

func naturalWidth(codes []catalog.Code) int {
	w := 0
	for _, c := range codes {
		w = max(w, lipgloss.Width(c.Title))
	}
	return w + rowPrefixWidth
}

// rowPrefixWidth is the cursor, the mark, a three-digit number and a gap.
const rowPrefixWidth = 7

// SetSize gives the pane its inner size (inside the border).
func (p *codesPane) SetSize(width, height int) {
	p.width, p.height = max(width, 1), max(height, 1)
	p.list.SetSize(p.width, max(p.height-1, 1)) // one line for the header
	p.list.FilterInput.SetWidth(max(p.width-4, 1))
}

// Filtering reports whether the filter input has the keyboard.
func (p codesPane) Filtering() bool { return p.list.FilterState() == list.Filtering }

// Selected returns the code under the cursor.
func (p codesPane) Selected() (catalog.Code, bool) {
	item, ok := p.list.SelectedItem().(codeItem)
	return item.code, ok
}

// Select moves the cursor to code n. A filter that hides n gives way: the
// answer's code matters more than what was typed before it came.
func (p *codesPane) Select(n int) bool {
	if p.selectVisible(n) {
		return true
	}
	if p.list.FilterState() != list.Unfiltered {
		p.list.ResetFilter()
		return p.selectVisible(n)
	}
	return false
}

func (p *codesPane) selectVisible(n int) bool {
	for i, it := range p.list.VisibleItems() {
		if it.(codeItem).code.Number == n {
			p.list.Select(i)
			return true
		}
	}
	return false
}

// Mark shows code n as the code of the last answer (-1: none).
func (p *codesPane) Mark(n int) { p.delegate.marked = n }

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
	before := p.list.FilterValue()
	var cmd tea.Cmd
	p.list, cmd = p.list.Update(msg)
	if p.Filtering() && p.list.FilterValue() != before {
		p.list.SetFilterText(p.list.FilterValue())
		p.list.SetFilterState(list.Filtering)
	}
	if dropping && hadCode {
		p.selectVisible(keep.Number)
	}
	return p, cmd
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
	total := p.ctx.Catalog.Len()
	shown := len(p.list.VisibleItems())
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
	title := "Коды ответов"
	count := fmt.Sprintf(" %d", total)
	return ansi.Truncate(s.PaneTitle.Render(title)+s.Muted.Render(count+p.pageInfo()), p.width, "…")
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

// codeDelegate draws one code per line: a cursor bar, the number in the
// colour of its class, the title, and a dot on the code of the last answer.
type codeDelegate struct {
	ctx    *Context
	marked int
}

func (d *codeDelegate) Height() int                             { return 1 }
func (d *codeDelegate) Spacing() int                            { return 0 }
func (d *codeDelegate) Update(_ tea.Msg, _ *list.Model) tea.Cmd { return nil }

func (d *codeDelegate) Render(w io.Writer, m list.Model, index int, item list.Item) {
	ci, ok := item.(codeItem)
	if !ok {
		return
	}
	s := d.ctx.Styles
	c := ci.code
	selected := index == m.Index()
	mark := " "
	if c.Number == d.marked {
		mark = "●"
	}
	cursor := " "
	if selected {
		cursor = "▌"
	}
	num := fmt.Sprintf("%3d", c.Number)
	width := m.Width()
	titleWidth := max(width-lipgloss.Width(cursor+mark+num)-2, 0)
	title := ansi.Truncate(c.Title, titleWidth, "…")
	if selected {
		line := cursor + mark + num + "  " + title
		pad := max(width-lipgloss.Width(line), 0)
		io.WriteString(w, s.Selected.Render(line+strings.Repeat(" ", pad)))
		return
	}
	io.WriteString(w, cursor+s.Marker.Render(mark)+s.ClassText(c.Class).Render(num)+"  "+title)
}
