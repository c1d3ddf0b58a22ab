package history

import (
	"bufio"
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
	before := sidecarFiles(t, path)
	r.Close()
	if !sameFiles(before, path) {
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

// The same with another process that has the history open and has not
// written (an empty log): SQLite's file locks, not this process's
// bookkeeping, must keep the reader from removing what that process uses;
// the last one out removes them.
func TestAReaderNeverRemovesFilesAnotherProcessUses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	w := openAt(t, path, Options{})
	record(t, w, sampleCall(0, ""), "")
	w.Close()
	r := openAt(t, path, Options{ReadOnly: true})
	list(t, r, Filter{})
	holder := recorder(path, -1)
	stdin, _ := holder.StdinPipe()
	stdout, _ := holder.StdoutPipe()
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	if line, _ := bufio.NewReader(stdout).ReadString('\n'); line != "open\n" {
		t.Fatalf("the other process: %q", line)
	}
	if st, err := os.Stat(path + "-wal"); err != nil || st.Size() != 0 {
		t.Fatalf("the log should be there and empty: %v", err)
	}
	before := sidecarFiles(t, path)
	r.Close()
	if !sameFiles(before, path) {
		t.Error("the reader removed the log and index another process has open")
	}
	stdin.Close()
	if err := holder.Wait(); err != nil {
		t.Fatal(err)
	}
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

// sidecarFiles are the -wal and -shm beside path, which must be there.
func sidecarFiles(t *testing.T, path string) []os.FileInfo {
	t.Helper()
	var out []os.FileInfo
	for _, suffix := range []string{"-wal", "-shm"} {
		st, err := os.Stat(path + suffix)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, st)
	}
	return out
}

// sameFiles reports the -wal and -shm beside path are still those files,
// not removed (and made again).
func sameFiles(before []os.FileInfo, path string) bool {
	for i, suffix := range []string{"-wal", "-shm"} {
		st, err := os.Stat(path + suffix)
		if err != nil || !os.SameFile(st, before[i]) {
			return false
		}
	}
	return true
}
