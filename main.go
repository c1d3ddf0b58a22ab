// Command codedesk is a terminal tool for the people who support the Mobizon
// SMS API: it explains API response codes, sends and replays calls, follows
// background tasks and keeps a history of failing requests.
//
// The command line is cli/cli's shape: each command has an options struct
// filled from flags and from a Factory of injected dependencies, does its
// work in one run function and returns a typed error; exitStatus alone
// turns errors into exit statuses. Nothing here writes to the terminal
// except through IOStreams, which makes foreign text inert.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/charmbracelet/x/term"
)

func main() {
	boostStartupGC()
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// startupGCPercent lets the heap grow during start-up instead of collecting
// it two or three times on the way: measured here it takes ~4 ms off the
// TUI's first frame and 3–5 ms off a whole `codedesk call` (about a fifth).
// A command that is done by then never collects; one that runs on (the
// TUI, listen, the sandbox) gets the default back after startupWindow.
const (
	startupGCPercent = 400
	startupWindow    = 300 * time.Millisecond
)

func boostStartupGC() {
	defaultGC := debug.SetGCPercent(startupGCPercent)
	time.AfterFunc(startupWindow, func() { debug.SetGCPercent(defaultGC) })
}

// run executes the command line with the process's environment and
// returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ios := NewIOStreams(stdin, stdout, stderr)
	ios.InTTY, ios.OutTTY, ios.ErrTTY = isTerminal(stdin), isTerminal(stdout), isTerminal(stderr)
	if ios.OutTTY {
		ios.Columns = terminalColumns(stdout.(*os.File))
		ios.Width = min(ios.Columns, 100)
	}
	// A closed terminal (SIGHUP) or a kill (SIGTERM) ends a command as
	// ctrl+c does: the history closed, the terminal given back.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGHUP, syscall.SIGTERM)
	defer stop()
	return execute(ctx, newFactory(ios), args)
}

// execute runs one command line with f's dependencies; tests call it with
// their own.
func execute(ctx context.Context, f *Factory, args []string) int {
	root := newRootCmd(f)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	f.IO.Flush()
	status := exitStatus(withWriteFailure(err, f.IO.WriteFailure()), f.IO.ErrOut)
	f.IO.Flush()
	return status
}

func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// terminalColumns is the terminal's width, 80 when it cannot be read.
func terminalColumns(f *os.File) int {
	width, _, err := term.GetSize(f.Fd())
	if err != nil || width < 20 {
		width = 80
	}
	return width
}
