package ui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"codedesk/history"
)

// The history view's keys that reach beyond the pane (into the request,
// the clipboard, the network), and why one does not apply to what is on
// screen: a history that cannot be read, a received webhook.

// historyKey runs the history view's keys; the global ones were handled.
func (a *App) historyKey(k tea.KeyPressMsg) tea.Cmd {
	if !a.history.TextFocused() {
		if key.Matches(k, a.keys.Back) {
			return a.toggleHistory()
		}
		if why := a.historyRefusal(k); why != "" {
			return say(statusWarn, why)
		}
		switch {
		case key.Matches(k, a.history.keys.Load):
			return a.loadSelected()
		case key.Matches(k, a.actions.CopyCurl):
			if c, ok := a.history.Selected(); ok && c.Received() {
				return copyPayload(c)
			}
			return a.copyCurl()
		case key.Matches(k, a.actions.CopyReply):
			return a.copyReply()
		}
	}
	var cmd tea.Cmd
	a.history, cmd = a.history.Update(k)
	return cmd
}

// historyReplay sends the selected call again (ctrl+s in the history),
// unless that does not apply to it.
func (a *App) historyReplay(k tea.KeyPressMsg) tea.Cmd {
	if why := a.historyRefusal(k); why != "" {
		return say(statusWarn, why)
	}
	return a.replaySelected()
}

// historyRefusal says why key k does nothing here, or "" when it applies.
func (a *App) historyRefusal(k tea.KeyPressMsg) string {
	hk := a.history.keys
	if !a.history.Readable() {
		for _, b := range []key.Binding{hk.Load, hk.Replay, a.actions.CopyCurl, a.actions.CopyReply, hk.Search, hk.Failed,
			hk.Starred, hk.ByCode, hk.Mine, hk.Period, hk.Star, hk.Note, hk.Delete} {
			if key.Matches(k, b) {
				return "история не читается: вызовов нет, клавиша " + b.Help().Key + " не действует · esc — назад"
			}
		}
		return ""
	}
	c, ok := a.history.Selected()
	if !ok || !c.Received() {
		return ""
	}
	hook := fmt.Sprintf("вызов %d — принятый вебхук, а не запрос к API", c.ID)
	switch {
	case key.Matches(k, hk.Load):
		return hook + ": в запрос не берётся · y — скопировать его данные"
	case key.Matches(k, hk.Replay):
		return hook + ": его шлёт Mobizon, повторить нечего (свой приёмник проверяет codedesk webhook send) · y — скопировать его данные"
	case key.Matches(k, a.actions.CopyReply):
		return hook + ": ответ клиенту пишется о вызове · y — скопировать данные вебхука"
	}
	return ""
}

// copyPayload puts a received webhook's payload, as it came, on the
// terminal's clipboard.
func copyPayload(c history.Call) tea.Cmd {
	if len(c.Data) == 0 {
		return say(statusWarn, fmt.Sprintf("у вебхука %d нет сохранённых данных", c.ID))
	}
	return tea.Batch(tea.SetClipboard(string(c.Data)),
		say(statusOK, fmt.Sprintf("данные вебхука %d скопированы в буфер обмена терминала (OSC 52) · проверить подпись: codedesk webhook verify", c.ID)))
}
