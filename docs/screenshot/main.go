// Command screenshot captures the README's screen: it builds codedesk, runs
// `codedesk --demo` in a 100×30 pseudo-terminal, presses ctrl+s, and writes
// what a terminal then shows (colours included) as ANSI text for freeze.
// docs/screenshot.sh runs it.
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

const cols, rows = 100, 30

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./docs/screenshot OUT.ansi")
		os.Exit(2)
	}
	if err := capture(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "screenshot:", err)
		os.Exit(1)
	}
}

func capture(out string) error {
	dir, err := os.MkdirTemp("", "codedesk-shot-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "codedesk")
	if b, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, b)
	}
	cmd := exec.Command(bin, "--demo")
	cmd.Env = []string{"HOME=" + dir, "TERM=xterm-256color", "COLORTERM=truecolor", "PATH=" + os.Getenv("PATH")}
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: cols, Rows: rows})
	if err != nil {
		return err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait(); tty.Close() }()
	var mu sync.Mutex
	var buf bytes.Buffer
	go func() {
		b := make([]byte, 32*1024)
		for {
			n, err := tty.Read(b)
			mu.Lock()
			buf.Write(b[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	wait := func(s string) error {
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			mu.Lock()
			ok := bytes.Contains(buf.Bytes(), []byte(s))
			mu.Unlock()
			if ok {
				return nil
			}
		}
		return fmt.Errorf("the screen never showed %q", s)
	}
	if err := wait("ctrl+s — отправить"); err != nil {
		return err
	}
	time.Sleep(200 * time.Millisecond) // the glamour card replaces the plain one
	tty.Write([]byte{0x13})            // ctrl+s
	if err := wait("Сообщение принято"); err != nil {
		return err
	}
	time.Sleep(300 * time.Millisecond)
	emu := vt.NewSafeEmulator(cols, rows)
	go io.Copy(io.Discard, emu) // its answers to terminal queries
	mu.Lock()
	_, err = emu.Write(buf.Bytes())
	mu.Unlock()
	if err != nil {
		return err
	}
	return os.WriteFile(out, []byte(emu.Render()), 0o644)
}
