package ui

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/safe"
)

// A team's history tells each codedesk what the others change (a new
// call, a star, a note, a deletion) as it happens: the store's Watch
// channel, waited on by a command that re-arms after each change, so
// nothing polls the table. A SQLite history has no channel: nobody shares
// it live.

// historyWatchMsg carries the store's channel of changes (nil: none), or
// why it could not be had; again says an earlier try had failed.
type historyWatchMsg struct {
	ch    <-chan history.Change
	err   error
	again bool
}

// watchRetry is the pause before subscribing again after a failure: a
// team's server that was away when codedesk started is found once it is
// back, and what is shown is read again.
const watchRetry = 5 * time.Second

// historyChangeMsg is one change somebody else made, and the channel the
// next one comes on.
type historyChangeMsg struct {
	change history.Change
	ch     <-chan history.Change
}

// watch subscribes to the changes others make, off the update loop (it
// connects to the server); it ends with the program.
func (d *historyDB) watch() tea.Cmd {
	store, root := d.store, d.root
	return func() tea.Msg {
		ch, err := store.Watch(root)
		return historyWatchMsg{ch: ch, err: err}
	}
}

// watchAgain subscribes again after a pause on clock.
func (d *historyDB) watchAgain(clock model.Clock) tea.Cmd {
	store, root := d.store, d.root
	return func() tea.Msg {
		if clock.Sleep(root, watchRetry) != nil {
			return nil // the program is ending
		}
		ch, err := store.Watch(root)
		return historyWatchMsg{ch: ch, err: err, again: true}
	}
}

// nextChange waits for the next change; nothing comes once the channel
// closes (the program is ending).
func nextChange(ch <-chan history.Change) tea.Cmd {
	return func() tea.Msg {
		c, ok := <-ch
		if !ok {
			return nil
		}
		return historyChangeMsg{change: c, ch: ch}
	}
}

// historyLive handles the subscription and each change: the status line
// says who did what, and the history view, if it is on screen, reloads
// keeping its cursor.
func (a *App) historyLive(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case historyWatchMsg:
		switch {
		case msg.err != nil && msg.again:
			return a.db.watchAgain(a.ctx.Clock) // said once already
		case msg.err != nil:
			return tea.Batch(a.db.watchAgain(a.ctx.Clock),
				tell(historyView, statusWarn, "история: чужие изменения не будут видны сразу: "+safe.Line(msg.err.Error())))
		case msg.ch == nil:
			return nil
		case msg.again:
			return tea.Batch(nextChange(msg.ch), a.historyChanged(history.Change{Kind: history.ChangeReload}))
		}
		return nextChange(msg.ch)
	case historyChangeMsg:
		return tea.Batch(nextChange(msg.ch), a.historyChanged(msg.change))
	}
	return nil
}

// historyChanged says who changed what and reads the view again.
func (a *App) historyChanged(c history.Change) tea.Cmd {
	cmd := tell(historyView, statusInfo, changeText(c))
	if a.view == historyView {
		return tea.Batch(cmd, a.history.Refresh())
	}
	return cmd
}

// changeText says who did what in the shared history.
func changeText(c history.Change) string {
	who := safe.Line(c.Agent)
	if who == "" {
		who = "коллега"
	}
	switch c.Kind {
	case history.ChangeCall:
		return fmt.Sprintf("история: новый вызов %d от %s", c.ID, who)
	case history.ChangeStar:
		return fmt.Sprintf("история: %s изменил(а) ★ у вызова %d", who, c.ID)
	case history.ChangeNote:
		return fmt.Sprintf("история: заметка к вызову %d от %s", c.ID, who)
	case history.ChangeDelete:
		return fmt.Sprintf("история: %s удалил(а) вызов %d", who, c.ID)
	case history.ChangeReload:
		return "история: связь с сервером восстановлена, список обновлён"
	}
	return fmt.Sprintf("история: изменение %s у вызова %d от %s", safe.Line(string(c.Kind)), c.ID, who)
}
