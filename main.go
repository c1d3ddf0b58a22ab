// Command codedesk is a terminal tool for the people who support the Mobizon
// SMS API: it explains API response codes, sends and replays calls, follows
// background tasks and keeps a history of failing requests.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// Exit statuses, as DESIGN.md promises them to scripts.
const (
	exitOK       = 0 // the API answered 0 or 100, or a local command worked
	exitAPIError = 1 // the API answered another code, or a lookup failed
	exitUsage    = 2 // bad usage
	exitNoAnswer = 3 // no envelope came back
)

// exitError carries an exit status out of a command; its message, if any,
// has already been written or is written by main.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the command line and returns the exit status; tests call it
// with their own arguments and buffers.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "codedesk:", ee.err)
		}
		return ee.code
	}
	// cobra's own errors are all about the command line.
	fmt.Fprintln(stderr, "codedesk:", err)
	return exitUsage
}
