package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"codedesk/model/delivery"
)

// The «Доставка» and «Вебхуки» views take the whole body, as the history
// does; each is a pane, and the root only switches to it, hands it keys
// and messages, and takes it back with esc.

// typing reports a text field with the keyboard: the request's fields,
// the codes search, or a view's own fields.
func (a *App) typing() bool {
	switch a.view {
	case historyView:
		return a.history.TextFocused()
	case deliveryView:
		return a.delivery.TextFocused()
	case webhooksView:
		return a.webhooks.TextFocused()
	}
	return a.focus.isTextField() || a.focus == focusCodes && a.codes.Filtering()
}

// toggleView switches to view v, or back to the codes from it.
func (a *App) toggleView(v viewKind) tea.Cmd {
	if a.view == v {
		return a.backToCodes()
	}
	a.buildViews()
	blur := a.request.Blur()
	a.view = v
	a.status.ClearNotice(v) // what it said is listed in the view
	a.resize(a.width, a.height)
	switch v {
	case deliveryView:
		return tea.Batch(blur, a.delivery.Focus())
	case webhooksView:
		return tea.Batch(blur, a.webhooks.Focus())
	}
	return blur
}

// buildViews makes the «Доставка» and «Вебхуки» panes the first time
// one of them is asked for.
func (a *App) buildViews() {
	if a.viewsBuilt {
		return
	}
	a.viewsBuilt = true
	a.delivery = newDeliveryPane(a.ctx, a.root, func() delivery.Client { return a.session.deliveryClient(a.ctx.Settings.Server) })
	a.webhooks = newWebhooksPane(a.ctx, a.root, a.demoHooks)
}

// backToCodes leaves a view for the codes, the card and the request.
func (a *App) backToCodes() tea.Cmd {
	a.view = codesView
	a.resize(a.width, a.height)
	return tea.Batch(a.setFocus(focusCodes), a.detail.Refresh())
}

// viewKey runs a view's keys; the global ones were handled. esc stops what
// the view is doing, then leaves it.
func (a *App) viewKey(k tea.KeyPressMsg) tea.Cmd {
	var cmd tea.Cmd
	switch a.view {
	case deliveryView:
		if !a.delivery.TextFocused() && key.Matches(k, a.keys.Back) {
			if a.delivery.Watching() {
				return a.delivery.StopWatch()
			}
			return a.backToCodes()
		}
		a.delivery, cmd = a.delivery.Update(k)
	case webhooksView:
		// The listener keeps listening when the view is left.
		if !a.webhooks.TextFocused() && key.Matches(k, a.keys.Back) {
			return a.backToCodes()
		}
		a.webhooks, cmd = a.webhooks.Update(k)
	}
	return cmd
}

// showStatus shows a status's card in the codes view, selected in the list.
func (a *App) showStatus(name string) tea.Cmd {
	if !a.codes.SelectStatus(name) {
		return nil
	}
	cmd := a.backToCodes()
	a.focus = focusCodes
	if e, ok := a.codes.Selected(); ok {
		cmd = tea.Batch(cmd, a.detail.Show(e))
	}
	return cmd
}

// toggleHistory switches between the codes and the history view.
func (a *App) toggleHistory() tea.Cmd {
	if a.view == historyView {
		a.view = codesView
		a.resize(a.width, a.height)
		return tea.Batch(a.setFocus(focusCodes), a.detail.Refresh())
	}
	a.view = historyView
	a.status.ClearNotice(historyView)
	a.status.ClearAlert() // the view says it whole
	blur := a.request.Blur()
	a.resize(a.width, a.height)
	// A pasted request not sent yet is looked for here: keep it now.
	return tea.Batch(blur, a.keepImport(), a.history.Open())
}
