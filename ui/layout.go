package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"codedesk/model/safe"
)

// layout is where each part of the screen goes for a terminal size.
type layout struct {
	header     bool
	bodyHeight int // codes and card, or the history
	reqHeight  int // the request pane, 0 when it shares the body
	sideBySide bool
	single     bool // one pane at a time: the focused one
	listWidth  int  // outer width of the codes pane when side by side
	bordered   bool
}

const (
	minSideBySideWidth = 70
	minHeaderHeight    = 12
	minBorderHeight    = 7
	minBorderWidth     = 20
	minClampFreeHeight = 4  // the status line, the help bar and one line of body
	minStackedHeight   = 18 // below this, one pane at a time
	// The history shows the selected call beside or under the list from
	// the README's supported size, 80×24, up; one of them below that.
	minHistoryWidth  = 80
	minHistoryHeight = 24
)

// computeLayout places the panes; listNatural is the outer width at which
// the codes list shows every title whole, statusLines the status's height,
// reqLines the inner height at which the request shows all its lines.
func computeLayout(width, height, listNatural, statusLines, reqLines int, view viewKind) layout {
	l := layout{header: height >= minHeaderHeight, bordered: height >= minBorderHeight && width >= minBorderWidth}
	avail := height - 1 - statusLines // the help bar and the status
	if l.header {
		avail--
	}
	avail = max(avail, 1)
	switch {
	case view != codesView:
		l.bodyHeight = avail
		return l
	case width < minSideBySideWidth || height < minStackedHeight:
		l.single = true
		l.bodyHeight = avail
		return l
	}
	l.sideBySide = true
	l.listWidth = max(min(listNatural, width/2), 30)
	// The request grows with its lines, up to a quarter of the screen for
	// the parameters (and a line for the SMS check), so the codes and
	// the card keep most of it.
	most := requestFixedLines + 1 + max(avail/4, minParamLines)
	l.reqHeight = min(max(reqLines, requestFixedLines+minParamLines), most) + 2 // + border
	l.bodyHeight = max(avail-l.reqHeight, 3)
	return l
}

func (a *App) paneFrame() (int, int) {
	st := a.ctx.Styles.PaneBlurred
	return st.GetHorizontalFrameSize(), st.GetVerticalFrameSize()
}

func (a *App) layout() layout {
	fw, _ := a.paneFrame()
	return computeLayout(a.width, a.height, a.codes.NaturalWidth()+fw, a.statusLines, a.reqLines, a.view)
}

// resize is the one SetSize cascade: every part gets its inner size.
func (a *App) resize(width, height int) {
	if width <= 0 || height <= 0 {
		return
	}
	a.width, a.height = width, height
	a.status.SetSize(width)
	a.statusLines = a.status.Height()
	a.reqLines = a.request.WantedHeight()
	l := a.layout()
	fw, fh := 0, 0
	if l.bordered {
		fw, fh = a.paneFrame()
	}
	innerH := max(l.bodyHeight-fh, 1)
	a.history.SetCompact(width < minHistoryWidth || height < minHistoryHeight)
	a.history.SetSize(width-fw, innerH)
	a.allKeys.SetSize(width-fw, max(l.bodyHeight+l.reqHeight-fh, 1))
	if a.viewsBuilt {
		a.delivery.SetSize(width-fw, innerH)
		a.webhooks.SetSize(width-fw, innerH)
	}
	if l.single || l.bodyHeight == 0 || a.view != codesView {
		a.codes.SetSize(width-fw, innerH)
		a.detail.SetSize(width-fw, innerH)
		a.request.SetSize(width-fw, innerH)
		return
	}
	a.codes.SetSize(l.listWidth-fw, innerH)
	a.detail.SetSize(width-l.listWidth-fw, innerH)
	a.request.SetSize(width-fw, max(l.reqHeight-fh, 1))
}

func (a *App) View() tea.View {
	if a.dirty || a.frame == "" || a.status.Busy() {
		// While a call runs the elapsed time changes every frame.
		a.frame = a.render()
		a.dirty = false
	}
	v := tea.NewView(a.frame)
	v.AltScreen = true
	v.WindowTitle = "codedesk"
	if x, ok := a.session.Last(); ok && x.NoAnswer == nil {
		v.WindowTitle = fmt.Sprintf("codedesk · код %d", x.Code.Number)
	}
	if pct, ok := a.status.Progress(); ok {
		v.ProgressBar = tea.NewProgressBar(tea.ProgressBarDefault, pct)
	} else if a.status.Busy() {
		v.ProgressBar = tea.NewProgressBar(tea.ProgressBarIndeterminate, 0)
	}
	return v
}

func (a *App) render() string {
	if a.width <= 0 || a.height <= 0 {
		return "codedesk"
	}
	l := a.layout()
	var parts []string
	if l.header {
		parts = append(parts, a.headerView())
	}
	body := a.bodyView(l)
	if a.confirm != nil || a.overlay == profilesOverlay {
		body = a.withDialog(body)
	}
	parts = append(parts, body, a.status.View(), a.helpBar())
	out := strings.Join(parts, "\n")
	if a.width < minBorderWidth || a.height < minClampFreeHeight {
		// Below these sizes the parts cannot all fit; draw the top left of
		// the UI rather than past the terminal's edge. Above them every part
		// is cut to size already, and this pass would cost a quarter of the
		// frame.
		return lipgloss.NewStyle().MaxWidth(a.width).MaxHeight(a.height).Render(out)
	}
	return out
}

// bodyView is everything between the header and the status line.
func (a *App) bodyView(l layout) string {
	full := l.bodyHeight + l.reqHeight
	switch {
	case a.overlay == helpOverlay:
		return a.pane(a.allKeys.View(), true, a.width, full, l.bordered)
	case a.view == historyView:
		return a.pane(a.history.View(), true, a.width, l.bodyHeight, l.bordered)
	case a.view == deliveryView:
		return a.pane(a.delivery.View(), true, a.width, l.bodyHeight, l.bordered)
	case a.view == webhooksView:
		return a.pane(a.webhooks.View(), true, a.width, l.bodyHeight, l.bordered)
	case l.single:
		// Narrow or short: one pane at a time, the focused one; tab switches.
		var content string
		switch {
		case a.focus == focusCodes:
			content = a.codes.View()
		case a.focus == focusDetail:
			content = a.detail.View()
		default:
			content = a.request.View()
		}
		return a.pane(content, true, a.width, l.bodyHeight, l.bordered)
	}
	left := a.pane(a.codes.View(), a.focus == focusCodes, l.listWidth, l.bodyHeight, l.bordered)
	right := a.pane(a.detail.View(), a.focus == focusDetail, a.width-l.listWidth, l.bodyHeight, l.bordered)
	req := a.pane(a.request.View(), a.focus.isTextField(), a.width, l.reqHeight, l.bordered)
	return lipgloss.JoinHorizontal(lipgloss.Top, left, right) + "\n" + req
}

func (a *App) pane(content string, focused bool, width, height int, bordered bool) string {
	if !bordered {
		return lipgloss.NewStyle().Width(width).Height(height).MaxHeight(height).Render(content)
	}
	st := a.ctx.Styles.PaneBlurred
	if focused {
		st = a.ctx.Styles.PaneFocused
	}
	return st.Width(width).Height(height).MaxHeight(height).Render(content)
}

// withDialog draws the question or the profile picker over the bottom of
// the body.
func (a *App) withDialog(body string) string {
	w := min(a.width, 100)
	var box string
	if a.confirm != nil {
		box = a.confirm.View(w, a.ctx.Styles)
	} else {
		box = a.picker.View(w)
	}
	bodyH := lipgloss.Height(body)
	box = lipgloss.NewStyle().MaxHeight(bodyH).MaxWidth(a.width).Render(box)
	y := max(bodyH-lipgloss.Height(box), 0)
	return lipgloss.NewCompositor(
		lipgloss.NewLayer(body),
		lipgloss.NewLayer(box).X((a.width-w)/2).Y(y).Z(1),
	).Render()
}

// headerView says where calls go: the active profile and its server, or
// the sandbox and its regions. Parts that do not fit are dropped, least
// important first, never cut in the middle.
func (a *App) headerView() string {
	s := a.ctx.Styles
	parts := []string{s.Header.Render("codedesk")}
	if d := a.ctx.Demo; d != nil {
		parts = append(parts, s.Warning.Render("песочница"))
		for _, r := range d.regions {
			parts = append(parts, s.HeaderMuted.Render(r.Name+" "+r.Server.String()))
		}
	} else {
		profile := "без профиля"
		if p := a.ctx.Settings.Profile; p != "" {
			profile = "профиль " + safe.Line(p)
		}
		parts = append(parts, s.HeaderMuted.Render(profile))
		if srv := a.ctx.Settings.Server; srv.Host != "" {
			parts = append(parts, s.HeaderMuted.Render(srv.String()))
		}
	}
	parts = append(parts, s.HeaderMuted.Render("коды ответов Mobizon API"))
	sep := s.HeaderMuted.Render(" · ")
	for n := len(parts); n > 1; n-- {
		if h := strings.Join(parts[:n], sep); lipgloss.Width(h) <= a.width {
			return h
		}
	}
	return ansi.Truncate(parts[0], a.width, "…")
}
