// Package ui is codedesk's terminal interface: Bubble Tea models for the root
// app and its panes. It shows what model and history compute and never builds
// URLs, SQL or search rankings itself.
package ui

import (
	"codedesk/model/catalog"
	"codedesk/model/config"
)

// Context is what every pane shares: the catalog and the styles. The root owns it and rebuilds its styles when the
// terminal reports its background; panes read it, never replace it.
type Context struct {
	Catalog *catalog.Catalog
	// methods is parsed on first use: the first frame does not need it.
	methods *catalog.MethodBook
	Styles  Styles
	// Settings are what calls run with: server, key (shown masked only),
	// profile, TLS checks.
	Settings config.Settings
	// Demo says calls go to the built-in sandbox.
	Demo bool
}

// Methods is what we know of each API method, parsed on first use.
func (c *Context) Methods() *catalog.MethodBook {
	if c.methods == nil {
		c.methods = catalog.MustDefaultMethods()
	}
	return c.methods
}
