package ui

import (
	"testing"

	"codedesk/model/catalog"
)

// BenchmarkStartup is the work between main and the first frame: loading
// the catalog, building the app and rendering its first view.
func BenchmarkStartup(b *testing.B) {
	b.Run("catalog", func(b *testing.B) {
		for b.Loop() {
			if _, err := catalog.DefaultCatalog(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("new", func(b *testing.B) {
		for b.Loop() {
			New(Options{Catalog: testCatalog, Width: 100, Height: 30})
		}
	})
	b.Run("view", func(b *testing.B) {
		a := New(Options{Catalog: testCatalog, Width: 100, Height: 30})
		for b.Loop() {
			a.View()
		}
	})
}
