package ui

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"codedesk/history"
)

// What the TUI says at start-up about a history it cannot use: as soon as
// it knows (the file's integrity check runs after the first frame), on
// lines of its own under the status, so the user's last result stays and
// the advice is read whole.

// historyCheckedMsg says the history's integrity check found damage.
type historyCheckedMsg struct{ err error }

// checkHistory waits for the opened history's verdict (a read waits for
// the integrity check) and reports damage; a sound history says nothing.
func (a *App) checkHistory() tea.Cmd {
	return a.db.read(func(ctx context.Context, s historyStore) tea.Msg {
		if _, err := s.List(ctx, history.Filter{Limit: 1}); errors.Is(err, history.ErrDamaged) {
			return historyCheckedMsg{err: err}
		}
		return nil
	})
}

// alertHistory shows why the history cannot be used, unless its view,
// which says it whole, is on screen.
func (a *App) alertHistory(err error) {
	if a.view == historyView {
		return
	}
	text := "история недоступна, вызовы не сохраняются: " + err.Error()
	if errors.Is(err, history.ErrDamaged) {
		// The path and what SQLite found are in the history view.
		text = "файл истории повреждён: codedesk в него не пишет, вызовы не сохраняются. " +
			"Чтобы сохранить данные, перенесите всё, что читается, в новый файл: " + history.RepairCommand(a.historyPath)
	}
	a.status.SetAlert(statusError, text, a.keys.History.Help().Key+" — подробности")
}

// notSaved is the status after a call the history did not take: the
// result stays, the reason follows, and a damaged file's advice is shown
// on its own lines.
func (a *App) notSaved(err error) tea.Cmd {
	if errors.Is(err, history.ErrDamaged) {
		a.alertHistory(err)
		return sayWithKey(statusWarn, a.status.Text()+" · не сохранено в истории: файл повреждён", a.status.Hint())
	}
	return sayWithKey(statusWarn, a.status.Text()+" · не сохранено в истории: "+err.Error(), a.status.Hint())
}
