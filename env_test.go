package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codedesk/history"
	"codedesk/model/clocktest"
	"codedesk/sandbox"
)

// fakeClock is time the test owns: Sleep moves it on at once, so waits
// (the replay pacer, the task poller) are measured without being waited.
// The sandbox reads the same clock, so its tasks progress and its rate
// limits count in this time.
type fakeClock = clocktest.Jump

func newFakeClock() *fakeClock {
	return clocktest.New(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC))
}

// cliEnv is one test's world: its own environment (never the process's),
// config and history folders, clock, and the sandbox when it has one.
type cliEnv struct {
	t       *testing.T
	env     map[string]string
	clock   *fakeClock
	sandbox *sandbox.Servers
	// stdin is what the command reads; tty makes every stream a terminal.
	stdin string
	tty   bool
	width int
	// historyOpts are the history's time outs: generous, so that a team
	// server busy with parallel tests under -race is not taken for one
	// that is away.
	historyOpts history.Options
}

// newEnv is a world with no config, an empty history and no key.
func newEnv(t *testing.T) *cliEnv {
	t.Helper()
	dir := t.TempDir()
	return &cliEnv{t: t, clock: newFakeClock(), historyOpts: history.Options{RecordTimeout: time.Minute, Timeout: time.Minute}, env: map[string]string{
		"HOME":            dir,
		"XDG_CONFIG_HOME": filepath.Join(dir, "config"),
		"XDG_STATE_HOME":  filepath.Join(dir, "state"),
	}}
}

// newSandboxEnv runs the sandbox on loopback for one test, on the test's
// clock, and points the environment at it with its key. Unless the test
// says otherwise its rate limit is high: tests call faster than people.
func newSandboxEnv(t *testing.T, opts sandbox.Options) *cliEnv {
	t.Helper()
	e := newEnv(t)
	if opts.Now == nil {
		opts.Now = e.clock.Now
	}
	if opts.RateLimit == 0 {
		opts.RateLimit = 1000
	}
	srv, err := sandbox.Start(opts, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	e.sandbox = srv
	e.env["MOBIZON_API_SERVER"] = e.server()
	e.env["MOBIZON_API_KEY"] = sandbox.KeyKZ
	return e
}

// server is the sandbox's kz region as a --server value.
func (e *cliEnv) server() string { return "http://" + e.sandbox.KZ }

func (e *cliEnv) getenv(k string) string { return e.env[k] }

// factory is what a command run gets: these streams, this environment and
// clock, the real history file and wire client.
func (e *cliEnv) factory(out, errOut io.Writer) *Factory {
	ios := NewIOStreams(strings.NewReader(e.stdin), out, errOut)
	ios.InTTY, ios.OutTTY, ios.ErrTTY = e.tty, e.tty, e.tty
	ios.Width, ios.Columns = min(e.width, 100), e.width
	return &Factory{
		IO:          ios,
		Getenv:      e.getenv,
		Clock:       e.clock,
		OpenHistory: openHistoryStore(e.getenv, e.clock, e.historyOpts),
		NewClient:   newClient,
	}
}

// run runs codedesk in-process with args, as a script (or, with tty, a
// person) would.
func (e *cliEnv) run(args ...string) (stdout, stderr string, status int) {
	e.t.Helper()
	var out, errOut bytes.Buffer
	status = execute(context.Background(), e.factory(&out, &errOut), args)
	return out.String(), errOut.String(), status
}

// runTo runs codedesk in-process with its standard output going to out
// (a real file: /dev/full, say).
func (e *cliEnv) runTo(out io.Writer, args ...string) (stderr string, status int) {
	e.t.Helper()
	var errOut bytes.Buffer
	status = execute(context.Background(), e.factory(out, &errOut), args)
	return errOut.String(), status
}

// runCLI runs codedesk in a fresh world with no sandbox.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	return newEnv(t).run(args...)
}
