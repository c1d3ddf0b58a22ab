package history

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// damagePageN writes n random bytes at the start of page number page (the
// first page is 1) of the file at path.
func damagePageN(t *testing.T, path string, page, n int) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const size = 4096
	start := (page - 1) * size
	if start+n > len(raw) {
		t.Fatalf("the file has %d pages, no page %d", len(raw)/size, page)
	}
	rng := rand.New(rand.NewPCG(7, 31))
	for i := start; i < start+n; i++ {
		raw[i] = byte(rng.IntN(256))
	}
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

// A repair from a relative path works (it failed on the file: URI), and
// its report is true: the calls it says it could not read are the calls
// the copy lacks, by number.
func TestRepairFromARelativePathReportsWhatIsReallyMissing(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	s := openAt(t, "dmg.db", Options{})
	var all []Call
	for i := range 300 {
		all = append(all, sampleCall(i%40, strings.Repeat("ответ сервера ", 30)))
	}
	if _, err := s.RecordBatch(ctx, all, ""); err != nil {
		t.Fatal(err)
	}
	s.Close()
	damagePageN(t, "dmg.db", 31, 3000)
	res, err := Repair(ctx, "dmg.db", "copy.db")
	if err != nil {
		t.Fatal(err)
	}
	copied := map[int64]bool{}
	for _, c := range list(t, openAt(t, filepath.Join(dir, "copy.db"), Options{ReadOnly: true}), Filter{Limit: 1000}) {
		copied[c.ID] = true
	}
	var missing []int64
	for id := int64(1); id <= 300; id++ {
		if !copied[id] {
			missing = append(missing, id)
		}
	}
	t.Logf("repair: %+v; missing %v", res, missing)
	if len(missing) == 0 {
		t.Fatal("the damage lost nothing: the test damages the wrong page")
	}
	if res.Copied != len(copied) || res.Lost() != len(missing) || res.LastID != 300 {
		t.Errorf("report %+v (lost %d), but %d copied and %d missing", res, res.Lost(), len(copied), len(missing))
	}
	var inRanges []int64
	for _, r := range res.Missing {
		for id := r.From; id <= r.To; id++ {
			inRanges = append(inRanges, id)
		}
	}
	if len(inRanges) != len(missing) {
		t.Errorf("ranges %v, missing %v", res.Missing, missing)
	}
}
