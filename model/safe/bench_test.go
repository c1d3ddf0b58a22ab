package safe

import (
	"strings"
	"testing"
)

// The fast path: most text has nothing to neutralise, and the TUI calls
// Text on every answer it shows.
var (
	benchASCII    = strings.Repeat(`{"balance":"16.2000","currency":"KZT"} `, 100)
	benchCyrillic = strings.Repeat("Сообщение принято в обработку, номер 77001234567. ", 100)
	benchHostile  = strings.Repeat("a\u200bb\x1b[2J\u202eв ", 400)
)

func BenchmarkText(b *testing.B) {
	for _, bc := range []struct{ name, s string }{{"ascii", benchASCII}, {"cyrillic", benchCyrillic}, {"hostile", benchHostile}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.s)))
			b.ReportAllocs()
			for b.Loop() {
				Text(bc.s)
			}
		})
	}
}
