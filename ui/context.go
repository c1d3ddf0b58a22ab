// Package ui is codedesk's terminal interface: Bubble Tea models for the root
// app and its panes. It shows what model and history compute and never builds
// URLs, SQL or search rankings itself, never decides what a response code
// means (it asks model.Explainer) and never shows text from a server or a
// customer except through model/safe or an Explanation.
package ui

import (
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"codedesk/model"
	"codedesk/model/catalog"
	"codedesk/model/config"
)

// Context is what every pane shares: the catalog, the styles, the settings
// calls run with, the clock and the explainer. The root owns it and
// rebuilds its styles when the terminal reports its background; panes read
// it, never replace it.
type Context struct {
	Catalog *catalog.Catalog
	Styles  Styles
	// Settings are what calls run with: server, key (shown masked only),
	// profile, TLS checks.
	Settings config.Settings
	// Demo is the built-in sandbox the demo talks to; nil outside --demo.
	Demo *demo
	// Clock is what the UI waits on and compares with now.
	Clock model.Clock

	// methods is parsed on first use: the first frame does not need it.
	methods   *catalog.MethodBook
	explainer *model.Explainer
}

// Methods is what we know of each API method, parsed on first use.
func (c *Context) Methods() *catalog.MethodBook {
	if c.methods == nil {
		c.methods = catalog.MustDefaultMethods()
	}
	return c.methods
}

// MethodName is a method as the docs write it (message/sendSmsMessage),
// or as given when the methods book does not know it.
func (c *Context) MethodName(name string) string { return c.Methods().Spell(name) }

// Now is the time on the context's clock.
func (c *Context) Now() time.Time { return c.Clock.Now() }

// Trust is where the key may go: the Mobizon API hosts, the servers the
// user named (config.Settings.Trust: flags, environment, profiles) and, in
// the demo, the sandbox's addresses. The TUI asks it here and nowhere else.
func (c *Context) Trust() model.Trust {
	if c.Demo != nil {
		return c.Settings.Trust.With(c.Demo.servers()...)
	}
	return c.Settings.Trust
}

// Explain says what an exchange means, with the catalog, the methods book
// and the trust rule. The explainer is built once and again only when the
// trust changes.
func (c *Context) Explain(x model.Exchange) model.Explanation {
	return c.Explainer().Explain(x)
}

// Explainer is the explainer itself, for work off the update loop: it only
// reads what it holds.
func (c *Context) Explainer() model.Explainer {
	if c.explainer == nil {
		c.explainer = &model.Explainer{Catalog: c.Catalog, Methods: c.Methods(), Trust: c.Trust()}
	}
	return *c.explainer
}

// SetSettings switches what calls run with (another profile, a kept
// server); the trust follows.
func (c *Context) SetSettings(s config.Settings) {
	c.Settings = s
	c.explainer = nil
}

// pane is the contract every pane keeps (soft-serve's component): the root
// sizes it, hands it messages, draws it, and builds the help from its keys.
type pane[T any] interface {
	Update(tea.Msg) (T, tea.Cmd)
	View() string
	SetSize(width, height int)
	help.KeyMap
}

var (
	_ pane[codesPane]    = (*codesPane)(nil)
	_ pane[detailPane]   = (*detailPane)(nil)
	_ pane[requestPane]  = (*requestPane)(nil)
	_ pane[historyPane]  = (*historyPane)(nil)
	_ pane[deliveryPane] = (*deliveryPane)(nil)
	_ pane[webhooksPane] = (*webhooksPane)(nil)
)
