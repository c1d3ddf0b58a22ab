package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"codedesk/model/config"
	"codedesk/model/safe"
	"codedesk/model/syserr"
	"codedesk/model/webhook"
)

// WebhookVerifyOptions are one `codedesk webhook verify`.
type WebhookVerifyOptions struct {
	IO       *IOStreams
	Settings func() (config.Settings, string, error)
	Path     string // a file, or "-" (and "") for stdin
	JSON     bool
}

// NewCmdWebhookVerify is `codedesk webhook verify`; runF replaces
// webhookVerifyRun in tests.
func NewCmdWebhookVerify(f *Factory, runF func(context.Context, *WebhookVerifyOptions) error) *cobra.Command {
	var conn connFlags
	opts := &WebhookVerifyOptions{IO: f.IO, Settings: f.settingsFunc(&conn)}
	cmd := &cobra.Command{
		Use:   "verify [FILE|-]",
		Short: "Check one delivery's sign and say what it carries",
		Long: `Read one delivery's body (JSON as Mobizon sends it; XML and the form-encoded
"raw" format are read too, and named) from FILE or stdin, and check its sign:
the lower-case hex SHA-1 of eventId|attempt|eventCreateTs|secret, compared in
constant time. Print the event (type, id, attempt, time, the data, a delivery
report's SMS status explained) and the verdict; on a mismatch, which of the
typical mistakes explains it and what to check. --json prints the event with
its verification.

Exit status: 0 when the sign is right, 1 when it is wrong or missing, 2 for
bad usage (no secret, not a payload), 4 when the file cannot be read.`,
		Example: "  codedesk webhook verify payload.json\n  pbpaste | codedesk webhook verify -\n  codedesk webhook verify payload.xml --json",
		Args:    maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Path = args[0]
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return webhookVerifyRun(cmd.Context(), opts)
		},
	}
	profileFlag(cmd, &conn)
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the event with its verification as JSON")
	return cmd
}

func webhookVerifyRun(_ context.Context, opts *WebhookVerifyOptions) error {
	secret, _, err := webhookSecret(opts.Settings)
	if err != nil {
		return err
	}
	body, err := readPayload(opts)
	if err != nil {
		return err
	}
	ev, err := webhook.Check(body, "", secret)
	if err != nil {
		return webhookError(err)
	}
	if opts.JSON {
		if err := opts.IO.JSON(ev); err != nil {
			return err
		}
	} else {
		printEvent(opts.IO.Out, ev)
		printVerification(opts.IO.Out, ev.Verification)
	}
	if ev.Verification.ExitCode() != exitOK {
		return &failedError{} // the verdict is already printed
	}
	return nil
}

// readPayload reads the body from the file or stdin, at most
// webhook.MaxBody: a bigger one is no delivery (usage).
func readPayload(opts *WebhookVerifyOptions) ([]byte, error) {
	in := opts.IO.In
	if opts.Path == "" || opts.Path == "-" {
		if opts.Path == "" && opts.IO.InTTY {
			return nil, usagef("codedesk webhook verify: нужен файл с телом вебхука, или - и тело на stdin (пример: codedesk webhook verify payload.json)")
		}
	} else {
		f, err := openRegular(opts.Path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		in = f
	}
	body, err := webhook.ReadBody(in)
	switch {
	case webhook.IsTooLarge(err):
		return nil, &usageError{err}
	case err != nil:
		return nil, &localError{fmt.Errorf("тело вебхука не прочитано: %s", safe.Line(syserr.Say(err)))}
	}
	return body, nil
}

// openRegular opens a file to read only when it is a regular one, checked
// before it is opened (opening a FIFO waits for a writer forever) and again
// through the open file. Anything else is a local failure (4), said in
// Russian.
func openRegular(path string) (*os.File, error) {
	notRegular := func(st fs.FileInfo) error {
		return &localError{fmt.Errorf("%s — %s, а не обычный файл: нужен файл с телом вебхука", safe.Quote(path), syserr.FileKind(st.Mode()))}
	}
	st, err := os.Stat(path)
	if err == nil && !st.Mode().IsRegular() {
		return nil, notRegular(st)
	}
	f, err := os.Open(path)
	if err == nil {
		st, err = f.Stat()
		if err == nil && !st.Mode().IsRegular() {
			f.Close()
			return nil, notRegular(st)
		}
	}
	if err != nil {
		return nil, &localError{fmt.Errorf("файл %s не открыт: %s", safe.Quote(path), safe.Line(unwrapPath(err)))}
	}
	return f, nil
}

// unwrapPath says in Russian what went wrong with a file, without the path
// an *os.PathError repeats: the message names it already.
func unwrapPath(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return syserr.Sentence(pe.Err)
	}
	return syserr.Sentence(err)
}
