package ui

import (
	"fmt"
	"strings"

	"codedesk/model"
)

// DemoRegion is one region of the built-in sandbox: its address and the
// real API host it stands in for.
type DemoRegion struct {
	Name   string       // "kz", "uz"
	Server model.Server // where the sandbox serves it
	Stands string       // the real host it plays: api.mobizon.kz
}

// demo is the sandbox the demo talks to. Every request of the demo goes to
// one of its regions, whatever server a paste or the history names: the
// demo's key is the sandbox's, and the real API must never see it.
type demo struct {
	regions []DemoRegion
}

func newDemo(regions []DemoRegion) *demo {
	if len(regions) == 0 {
		return nil
	}
	return &demo{regions: regions}
}

func (d *demo) servers() []model.Server {
	out := make([]model.Server, len(d.regions))
	for i, r := range d.regions {
		out[i] = r.Server
	}
	return out
}

// route is the sandbox region a request for srv goes to: the region itself,
// the region standing for that real host, or else the first (kz). moved
// says the server was replaced.
func (d *demo) route(srv model.Server) (r DemoRegion, moved bool) {
	host := strings.ToLower(strings.TrimSuffix(srv.Host, ":443"))
	for _, r := range d.regions {
		if r.Server == srv {
			return r, false
		}
	}
	for _, r := range d.regions {
		if host == r.Stands {
			return r, true
		}
	}
	return d.regions[0], true
}

// region names the region of srv, if it is one.
func (d *demo) region(srv model.Server) (DemoRegion, bool) {
	for _, r := range d.regions {
		if r.Server == srv {
			return r, true
		}
	}
	return DemoRegion{}, false
}

// next is the region after the one at srv, for the server field's ↑↓.
func (d *demo) next(srv model.Server, step int) DemoRegion {
	i := 0
	for j, r := range d.regions {
		if r.Server == srv {
			i = j + step
		}
	}
	n := len(d.regions)
	return d.regions[((i%n)+n)%n]
}

// movedNote tells the user a request was sent to the sandbox instead of
// the server it named.
func (d *demo) movedNote(from model.Server, to DemoRegion) string {
	return fmt.Sprintf("демо: вместо %s запрос идёт в песочницу, регион %s", from, to.Name)
}
