package ui

import (
	tea "charm.land/bubbletea/v2"
)

// routeMore routes the results of delivery lookups and watches and of the
// webhook listener: the calls a message carries go to the history first,
// then the message to the part that asked for it. ok is false for a
// message none of them owns.
func (a *App) routeMore(msg tea.Msg) (cmd tea.Cmd, ok bool) {
	var rec tea.Cmd
	if c, carries := msg.(carriesCalls); carries {
		cmds := make([]tea.Cmd, 0, len(c.recordedCalls()))
		for _, call := range c.recordedCalls() {
			cmds = append(cmds, a.keep(call))
		}
		rec = tea.Batch(cmds...)
	}
	switch msg := msg.(type) {
	case deliveryRoundMsg:
		if msg.owner == answerWatch {
			return tea.Batch(rec, a.session.Update(msg)), true
		}
		a.delivery, cmd = a.delivery.Update(msg)
		return tea.Batch(rec, cmd), true
	case deliveryLookedUpMsg:
		a.delivery, cmd = a.delivery.Update(msg)
		return tea.Batch(rec, cmd), true
	case showStatusMsg:
		return a.showStatus(msg.name), true
	case leaveViewMsg:
		return a.backToCodes(), true
	case historyWatchMsg, historyChangeMsg:
		return a.historyLive(msg), true
	case webhookEventMsg, webhookStoppedMsg:
		a.webhooks, cmd = a.webhooks.Update(msg)
		return tea.Batch(rec, cmd), true
	case timelineMsg:
		return a.showTimeline(msg), true
	case noticeMsg:
		a.showNotice(msg)
		return rec, true
	case historyCheckedMsg:
		a.alertHistory(msg.err)
		return rec, true
	}
	return rec, rec != nil
}

// showNotice shows a background notice: as the status in the view it
// belongs to, on a line of its own under the status elsewhere, so the
// result of the user's last action stays in sight.
func (a *App) showNotice(msg noticeMsg) {
	if a.view == msg.from {
		a.status.SetStatus(msg.kind, msg.text)
		return
	}
	where := a.keys.Webhooks
	if msg.from == historyView {
		where = a.keys.History
	}
	a.status.SetNotice(msg.from, msg.kind, msg.text, keyHint(where))
}

// showTimeline draws a watched message's way in the card; at the end the
// list selects the status it ended in, and the card shows that status with
// the timeline.
func (a *App) showTimeline(msg timelineMsg) tea.Cmd {
	if msg.status != "" {
		a.status.SetStatus(msg.kind, msg.status)
	}
	cmd := a.detail.SetTimeline(msg.timeline)
	if msg.final == "" || !a.codes.SelectStatus(msg.final) {
		return cmd
	}
	if e, ok := a.codes.Selected(); ok {
		cmd = tea.Batch(cmd, a.detail.Show(e))
	}
	return cmd
}
