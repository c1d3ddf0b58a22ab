package history

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// A reader removes the -wal and -shm it made only when nobody else has the
// file open: a writer that opened it meanwhile keeps working on them, and
// the last one out leaves the folder as it was.
func TestAReaderNeverRemovesFilesAWriterUses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	w := openAt(t, path, Options{})
	record(t, w, sampleCall(0, ""), "")
	w.Close()
	if have(path+"-wal") || have(path+"-shm") {
		t.Fatal("the writer left its log")
	}
	r := openAt(t, path, Options{ReadOnly: true})
	list(t, r, Filter{})
	w = openAt(t, path, Options{})
	list(t, w, Filter{})
	r.Close()
	if !have(path+"-wal") || !have(path+"-shm") {
		t.Fatal("the reader removed the log and index a writer has open")
	}
	record(t, w, sampleCall(2, "второй"), "")
	r = openAt(t, path, Options{ReadOnly: true})
	if got := list(t, r, Filter{}); len(got) != 2 || got[0].Message != "второй" {
		t.Errorf("a reader after the writer's call sees %d calls", len(got))
	}
	r.Close()
	w.Close()
	if have(path+"-wal") || have(path+"-shm") {
		t.Error("the log and index stayed after everyone closed")
	}
}

// Opening for reading creates nothing: not the file, not its folder.
func TestReadOnlyOpenOfNothingCreatesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "typo")
	s, err := Open(ctx, filepath.Join(dir, "h.db"), Options{ReadOnly: true})
	if s != nil || !errors.Is(err, ErrNoHistory) {
		t.Fatalf("Open: %v, want ErrNoHistory", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the folder was created (%v)", err)
	}
}

func have(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
