// Package corrupt damages files for tests: what a failing disk or a
// careless copy does to a history. It imports nothing of codedesk, so the
// history's own tests can use it as well as the command line's and the
// TUI's.
package corrupt

import (
	"math/rand/v2"
	"os"
	"testing"
)

// Page writes a page (4 KiB) of random bytes, the same every run, into
// the middle of the file at path.
func Page(t testing.TB, path string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	mid := len(raw) / page / 2 * page
	rng := rand.New(rand.NewPCG(1, 2))
	for i := mid; i < min(mid+page, len(raw)); i++ {
		raw[i] = byte(rng.IntN(256))
	}
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}
