package ui

import (
	"fmt"
	"math"
	"strings"
	"time"

	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"codedesk/model/safe"
)

// statusKind colours the status line.
type statusKind int

const (
	statusInfo statusKind = iota
	statusOK
	statusWarn
	statusError
)

// statusMsg is the one way anything tells the user what happened: a pane,
// the session, a command that finished. The root shows it in the status
// line.
type statusMsg struct {
	kind statusKind
	text string
	// hint offers an action key ("p — следить за задачей"); the line says
	// how to reach it where the key does not work (a text field).
	hint string
}

// say is a command that shows text in the status line.
func say(kind statusKind, text string) tea.Cmd {
	return func() tea.Msg { return statusMsg{kind: kind, text: text} }
}

// sayWithKey shows text and offers an action key after it.
func sayWithKey(kind statusKind, text, hint string) tea.Cmd {
	return func() tea.Msg { return statusMsg{kind: kind, text: text, hint: hint} }
}

// noticeMsg is something that happened in the background, not because of
// what the user just did: a webhook came, a colleague changed the team's
// history. It never replaces the result of the user's last action: in the
// view it belongs to it is the status, elsewhere it takes a line of its
// own under the status until that view is opened (or a newer notice comes).
type noticeMsg struct {
	from viewKind
	kind statusKind
	text string
}

// tell is a command that gives a background notice.
func tell(from viewKind, kind statusKind, text string) tea.Cmd {
	return func() tea.Msg { return noticeMsg{from: from, kind: kind, text: text} }
}

// notice is the background notice on show: the latest of its view, how
// many more came before it, and the key of the view that lists them all.
type notice struct {
	from  viewKind
	kind  statusKind
	text  string
	more  int
	where string
}

// activityKind is what the session is busy with.
type activityKind int

const (
	idle activityKind = iota
	sending
	polling
	retrying
	watching
)

// activity is what the session is doing, as the status line shows it.
type activity struct {
	kind    activityKind
	since   time.Time    // sending: when the call left
	task    taskProgress // polling
	retryAt time.Time    // retrying: when the call goes again
	watch   string       // watching: where the message is
}

// taskProgress is a followed background task.
type taskProgress struct {
	id       string // inert
	status   string
	percent  int
	waitNote string
}

// statusLine is the one line under the panes that says what happened or
// what is going on: a spinner and the time while a call runs, a progress
// bar while a task is followed, a countdown before a retry.
type statusLine struct {
	ctx  *Context
	kind statusKind
	text string
	hint string // an action key offered after the text
	// keysAway: the action keys do not work where the keyboard is (a text
	// field, another view); the hint then says how to reach them.
	keysAway bool
	act      activity
	notice   *notice
	// alert is a start-up notice (a history that cannot be used): its own
	// lines, wrapped, so its advice is read whole.
	alert    *notice
	spinner  spinner.Model
	progress progress.Model
	width    int
}

func newStatusLine(ctx *Context) statusLine {
	s := statusLine{
		ctx:      ctx,
		spinner:  spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		progress: progress.New(progress.WithoutPercentage(), progress.WithWidth(20)),
	}
	s.applyStyles(ctx.Styles)
	return s
}

func (s *statusLine) applyStyles(st Styles) {
	s.spinner.Style = st.Spinner
	s.progress.FullColor = st.ProgressFull
	s.progress.EmptyColor = st.ProgressEmpty
}

// SetSize gives the line its width.
func (s *statusLine) SetSize(width int) {
	s.width = max(width, 1)
	s.progress.SetWidth(min(max(width/5, 10), 30))
}

// SetStatus replaces the message; text from outside codedesk is made inert.
func (s *statusLine) SetStatus(kind statusKind, text string) {
	s.kind, s.text, s.hint = kind, safe.Line(text), ""
}

// SetStatusWithKey replaces the message and offers an action key after it.
func (s *statusLine) SetStatusWithKey(kind statusKind, text, hint string) {
	s.SetStatus(kind, text)
	s.hint = hint
}

// SetNotice shows a background notice from view from on its own line;
// where is the key that opens that view.
func (s *statusLine) SetNotice(from viewKind, kind statusKind, text, where string) {
	more := 0
	if s.notice != nil && s.notice.from == from {
		more = s.notice.more + 1
	}
	s.notice = &notice{from: from, kind: kind, text: safe.Line(text), more: more, where: where}
}

// ClearNotice takes the notice of view from away: the view is on screen.
func (s *statusLine) ClearNotice(from viewKind) {
	if s.notice != nil && s.notice.from == from {
		s.notice = nil
	}
}

// SetAlert shows a start-up notice on lines of its own, under the status;
// where is the key of the view that says more.
func (s *statusLine) SetAlert(kind statusKind, text, where string) {
	s.alert = &notice{kind: kind, text: safe.Line(text), where: where}
}

// ClearAlert takes the start-up notice away: its view is on screen.
func (s *statusLine) ClearAlert() { s.alert = nil }

// SetKeysAway says whether the action keys work where the keyboard is.
func (s *statusLine) SetKeysAway(away bool) { s.keysAway = away }

// Text is the message on show.
func (s statusLine) Text() string { return s.text }

// Hint is the action key the message offers, if any.
func (s statusLine) Hint() string { return s.hint }

// SetActivity shows what the session is doing; starting to be busy starts
// the spinner.
func (s *statusLine) SetActivity(a activity) tea.Cmd {
	wasIdle := s.act.kind == idle
	s.act = a
	if wasIdle && a.kind != idle {
		return s.spinner.Tick
	}
	return nil
}

// Busy reports an activity whose line changes every frame.
func (s statusLine) Busy() bool { return s.act.kind != idle }

// Progress is the followed task's percentage, if one is followed.
func (s statusLine) Progress() (int, bool) {
	return s.act.task.percent, s.act.kind == polling
}

func (s statusLine) Update(msg tea.Msg) (statusLine, tea.Cmd) {
	if tick, ok := msg.(spinner.TickMsg); ok && s.act.kind != idle {
		var cmd tea.Cmd
		s.spinner, cmd = s.spinner.Update(tick)
		return s, cmd
	}
	return s, nil
}

// maxStatusLines is how far a long message may wrap: a refusal that says
// how to allow a server must be read whole.
const maxStatusLines = 3

// Height is how many lines the status takes.
func (s statusLine) Height() int { return lipgloss.Height(s.View()) }

func (s statusLine) View() string {
	out := s.mainView()
	if s.alert != nil {
		out += "\n" + s.alertView()
	}
	if s.notice != nil {
		out += "\n" + s.noticeLine()
	}
	return out
}

// maxAlertLines is how far a start-up notice may wrap.
const maxAlertLines = 4

// alertView is the start-up notice wrapped at word boundaries, its key
// at the end.
func (s statusLine) alertView() string {
	st, n := s.ctx.Styles, s.alert
	style := map[statusKind]lipgloss.Style{statusOK: st.Success, statusWarn: st.Warning, statusError: st.Error}[n.kind]
	if n.kind == statusInfo {
		style = st.Muted
	}
	text := n.text
	if n.where != "" {
		text += " · " + n.where
	}
	lines := strings.Split(lipgloss.NewStyle().Width(s.width).Render(text), "\n")
	if len(lines) > maxAlertLines {
		lines = lines[:maxAlertLines]
		lines[maxAlertLines-1] = ansi.Truncate(lines[maxAlertLines-1], s.width-1, "") + "…"
	}
	for i, l := range lines {
		lines[i] = style.Render(strings.TrimRight(l, " "))
	}
	return strings.Join(lines, "\n")
}

// noticeLine is the background notice in one line, the key of its view
// kept whole at the end.
func (s statusLine) noticeLine() string {
	st, n := s.ctx.Styles, s.notice
	text := n.text
	if n.more > 0 {
		text = fmt.Sprintf("%s (и ещё %d)", text, n.more)
	}
	tail := " · " + n.where
	text = fitText(text, max(s.width-lipgloss.Width(tail), 1))
	style := map[statusKind]lipgloss.Style{statusOK: st.Success, statusWarn: st.Warning, statusError: st.Error}[n.kind]
	if n.kind == statusInfo {
		style = st.Muted
	}
	return ansi.Truncate(style.Render(text)+st.Muted.Render(tail), s.width, "")
}

// mainView is the message, or the activity, wrapped to at most
// maxStatusLines lines.
func (s statusLine) mainView() string {
	line := s.line()
	if lipgloss.Width(line) <= s.width {
		return line
	}
	lines := strings.Split(lipgloss.NewStyle().Width(s.width).Render(line), "\n")
	if len(lines) > maxStatusLines {
		lines = lines[:maxStatusLines]
		lines[maxStatusLines-1] = ansi.Truncate(lines[maxStatusLines-1], s.width-1, "") + "…"
	}
	for i, l := range lines {
		lines[i] = strings.TrimRight(ansi.Truncate(l, s.width, ""), " ")
	}
	return strings.Join(lines, "\n")
}

func (s statusLine) line() string {
	st := s.ctx.Styles
	now := s.ctx.Now()
	switch s.act.kind {
	case sending:
		return s.spinner.View() + " " + st.Muted.Render(fmt.Sprintf("отправка… %.1f с · esc — отмена", now.Sub(s.act.since).Seconds()))
	case polling:
		t := s.act.task
		line := s.spinner.View() + fmt.Sprintf(" задача %s: %s ", t.id, t.status) + s.progress.ViewAs(float64(t.percent)/100) + fmt.Sprintf(" %3d%%", t.percent)
		if t.waitNote != "" {
			line += " " + st.Warning.Render(t.waitNote)
		}
		return line + st.Muted.Render(" · esc — стоп")
	case retrying:
		left := int(math.Ceil(s.act.retryAt.Sub(now).Seconds()))
		return st.Warning.Render(fmt.Sprintf("код 30: повтор через %d с · esc — отмена", max(left, 0)))
	case watching:
		return s.spinner.View() + " " + s.act.watch + st.Muted.Render(" · esc — стоп")
	}
	if s.text == "" {
		if s.ctx.Settings.Key == "" {
			return st.Warning.Render(noKeyHint)
		}
		return st.Muted.Render("ctrl+s — отправить")
	}
	text := s.text
	switch {
	case s.hint != "" && s.keysAway:
		// Never a key that does nothing where the keyboard is.
		text += " · esc, затем " + s.hint
	case s.hint != "":
		text += " · " + s.hint
	}
	switch s.kind {
	case statusOK:
		return st.Success.Render(text)
	case statusWarn:
		return st.Warning.Render(text)
	case statusError:
		return st.Error.Render(text)
	}
	return st.Muted.Render(text)
}

// noKeyHint says how to get going without a key.
const noKeyHint = "Нет ключа API: задайте MOBIZON_API_KEY или профиль в config.toml — или запустите codedesk --demo"
