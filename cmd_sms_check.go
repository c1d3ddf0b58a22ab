package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"codedesk/model"
	"codedesk/model/delivery"
	"codedesk/model/ru"
)

// SmsCheckOptions are one `codedesk sms check`.
type SmsCheckOptions struct {
	IO    *IOStreams
	Clock model.Clock

	Text       string
	To         string // "": no recipient to check
	Validity   string // params[validity], as typed; "": not given
	DeferredTo string // params[deferredToTs], as typed; "": not given
	JSON       bool
}

// NewCmdSmsCheck is `codedesk sms check`; runF replaces smsCheckRun in
// tests.
func NewCmdSmsCheck(f *Factory, runF func(context.Context, *SmsCheckOptions) error) *cobra.Command {
	opts := &SmsCheckOptions{IO: f.IO, Clock: f.Clock}
	cmd := &cobra.Command{
		Use:   "check TEXT",
		Short: "Encoding and segments of a text, and its recipient, before sending",
		Long: `Say what message/sendSmsMessage would make of TEXT: its encoding (GSM-7, or
UCS-2 when any character is outside the GSM alphabet), how many segments it
takes (160 characters in one, or 153 a segment when split; UCS-2 70 and 67;
^{}\[~]|€ count twice) and which characters made it UCS-2. With --to the
recipient is checked (digits, international format, the country), with
--validity and --deferred-to those parameters (60–1440 minutes; an hour to
14 days ahead). Nothing is sent.

--json prints {encoding, segments, characters, notes, recipient}: encoding is
"GSM-7" or "UCS-2"; notes is an array of {param, severity, text} (severity
info, warning or problem); recipient ({number, country}) only with --to.

Exit status: 0 when nothing stops the message, 1 when a finding would make
the API refuse it or keep it from arriving, 2 for bad usage.`,
		Example: "  codedesk sms check 'Ваш код: 1234'\n" +
			"  codedesk sms check 'Hello — world' --to +77001234567\n" +
			"  codedesk sms check \"$(cat text.txt)\" --validity 30 --json",
		Args: exactArgs(1, "текст сообщения"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Text = args[0]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return smsCheckRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.To, "to", "", "the recipient's number, to check it too")
	fl.StringVar(&opts.Validity, "validity", "", "params[validity] in minutes, to check it (60–1440)")
	fl.StringVar(&opts.DeferredTo, "deferred-to", "", "params[deferredToTs], 'YYYY-MM-DD HH:MM:SS', to check it (1 h–14 d ahead)")
	fl.BoolVar(&opts.JSON, "json", false, `print {"encoding", "segments", "characters", "notes", "recipient"}`)
	return cmd
}

// smsCheckJSON is what `sms check --json` prints: the segments' own
// fields, then the findings.
type smsCheckJSON struct {
	delivery.Segments
	Notes     []delivery.Note `json:"notes"`
	Recipient *recipientJSON  `json:"recipient,omitempty"`
}

type recipientJSON struct {
	Number  string `json:"number"`  // digits as they should be sent; "" when unreadable
	Country string `json:"country"` // in Russian; "" when not recognised
}

func smsCheckRun(_ context.Context, opts *SmsCheckOptions) error {
	check := delivery.CheckSend(opts.params(), opts.Clock.Now())
	notes := check.Notes
	if opts.To == "" {
		// CheckSend wants a recipient; this command checks one only when
		// asked to.
		notes = withoutParam(notes, "recipient")
	}
	if opts.JSON {
		out := smsCheckJSON{Segments: check.Segments, Notes: notes}
		if out.Notes == nil {
			out.Notes = []delivery.Note{}
		}
		if opts.To != "" {
			out.Recipient = &recipientJSON{Number: check.Recipient.Number, Country: check.Recipient.Country}
		}
		if err := opts.IO.JSON(out); err != nil {
			return err
		}
	} else {
		printSendNotes(opts.IO.Out, notes)
	}
	if n := problems(notes); n > 0 {
		return &failedError{fmt.Errorf("сообщение в таком виде не уйдёт или не дойдёт: %s (выше)", mistakes.Count(n))}
	}
	return nil
}

// params are the message/sendSmsMessage parameters the flags describe.
func (o *SmsCheckOptions) params() []model.Param {
	ps := []model.Param{{Key: "text", Value: o.Text}}
	if o.To != "" {
		ps = append(ps, model.Param{Key: "recipient", Value: o.To})
	}
	if o.Validity != "" {
		ps = append(ps, model.Param{Key: "params[validity]", Value: o.Validity})
	}
	if o.DeferredTo != "" {
		ps = append(ps, model.Param{Key: "params[deferredToTs]", Value: o.DeferredTo})
	}
	return ps
}

func withoutParam(notes []delivery.Note, param string) []delivery.Note {
	var out []delivery.Note
	for _, n := range notes {
		if n.Param != param {
			out = append(out, n)
		}
	}
	return out
}

func problems(notes []delivery.Note) int {
	n := 0
	for _, note := range notes {
		if note.Severity == delivery.Problem {
			n++
		}
	}
	return n
}

// mistakes counts findings that stop a message: 1 ошибка, 2 ошибки, 5 ошибок.
var mistakes = ru.Nouns{One: "ошибка", Few: "ошибки", Many: "ошибок"}

// printSendNotes prints the findings one a line, the serious ones marked.
func printSendNotes(w io.Writer, notes []delivery.Note) {
	for _, n := range notes {
		mark := ""
		switch n.Severity {
		case delivery.Warning:
			mark = "внимание: "
		case delivery.Problem:
			mark = "ошибка: "
		}
		fmt.Fprintf(w, "%s: %s%s\n", n.Param, mark, n.Text)
	}
}

// preSendNotes is what `call message/sendSmsMessage` says on a terminal
// before it sends: the same findings as `sms check`, as a warning only
// (support staff send odd messages on purpose, to reproduce a ticket).
func preSendNotes(io *IOStreams, req model.Request, now model.Clock) {
	if !io.ErrTTY || !strings.EqualFold(req.Name(), "message/sendSmsMessage") {
		return
	}
	check := delivery.CheckSend(req.Params, now.Now())
	if len(check.Notes) == 0 {
		return
	}
	fmt.Fprintln(io.ErrOut, "перед отправкой:")
	printSendNotes(io.ErrOut, check.Notes)
}
