package main

import (
	"flag"
	"io"
	"os"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
)

var screenshot = flag.String("screenshot", "", "write the README's screen capture (ANSI) to this file")

// TestScreenshot captures the real screen of `codedesk --demo` after the
// first ctrl+s, colours and all, for docs/screenshot.sh to turn into the
// README's picture. It runs only when asked: go test -run TestScreenshot
// -screenshot docs/screen.ansi
func TestScreenshot(t *testing.T) {
	if *screenshot == "" {
		t.Skip("run with -screenshot FILE to capture the README's screen")
	}
	const cols, rows = 100, 30
	p := startPTY(t, []string{"COLORTERM=truecolor"}, cols, rows, "--demo")
	p.waitOutput(t, "ctrl+s — отправить", 10*time.Second)
	time.Sleep(200 * time.Millisecond) // the glamour card replaces the plain one
	p.tty.Write([]byte{0x13})          // ctrl+s
	p.waitOutput(t, "Сообщение принято", 10*time.Second)
	time.Sleep(300 * time.Millisecond)
	emu := vt.NewSafeEmulator(cols, rows)
	go io.Copy(io.Discard, emu) // its answers to terminal queries
	if _, err := emu.Write([]byte(p.output())); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(*screenshot, []byte(emu.Render()), 0o644); err != nil {
		t.Fatal(err)
	}
}
