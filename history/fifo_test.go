//go:build unix

package history

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A FIFO, a directory or a FIFO beside the file (its -wal) is refused
// before it is opened: Open, Check, Repair and PushFrom all answer at once.
func TestNonRegularFilesAreRefusedBeforeOpening(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "f.db")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	good := filepath.Join(dir, "good.db")
	s := openAt(t, good, Options{})
	record(t, s, sampleCall(0, ""), "")
	withWAL := filepath.Join(dir, "wal.db")
	if err := syscall.Mkfifo(withWAL+"-wal", 0o600); err != nil {
		t.Fatal(err)
	}
	for _, where := range []string{fifo, dir, withWAL} {
		for _, readOnly := range []bool{false, true} {
			_, err := Open(ctx, where, Options{ReadOnly: readOnly})
			if !errors.Is(err, ErrNotHistory) || !strings.Contains(err.Error(), "не обычный файл") {
				t.Errorf("Open(%s, read-only %v): %v", where, readOnly, err)
			}
		}
		if err := Check(ctx, where); !errors.Is(err, ErrNotHistory) {
			t.Errorf("Check(%s): %v", where, err)
		}
		if _, err := s.PushFrom(ctx, where); !errors.Is(err, ErrNotHistory) {
			t.Errorf("PushFrom(%s): %v", where, err)
		}
	}
	if _, err := Repair(ctx, good, fifo); err == nil || !strings.Contains(err.Error(), "не обычный файл") {
		t.Errorf("Repair into a FIFO: %v", err)
	}
	if _, err := Repair(ctx, fifo, filepath.Join(dir, "copy.db")); err == nil || !strings.Contains(err.Error(), "не обычный файл") {
		t.Errorf("Repair from a FIFO: %v", err)
	}
}
