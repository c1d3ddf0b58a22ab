package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"codedesk/model/config"
	"codedesk/model/delivery"
)

// SmsStatusOptions are one `codedesk sms status`.
type SmsStatusOptions struct {
	deps     // streams, clock, history opener, client factory
	Settings func() (config.Settings, string, error)

	IDs  []int64
	Wait bool
	JSON bool
}

// NewCmdSmsStatus is `codedesk sms status`; runF replaces smsStatusRun in
// tests.
func NewCmdSmsStatus(f *Factory, runF func(context.Context, *SmsStatusOptions) error) *cobra.Command {
	var conn connFlags
	opts := &SmsStatusOptions{deps: f.sendDeps(), Settings: f.settingsFunc(&conn)}
	cmd := &cobra.Command{
		Use:   "status ID...",
		Short: "The delivery status of messages by id",
		Long: `Ask message/getSMSStatus for the messages, at most 100 ids a call, one call
after another, and print each in the order asked: id, status with its title,
final or not, segments, send and update times. An id the API leaves out
(unknown, another account's, deleted) is named as not found. With --wait,
ask again for the ids that are not final, at most once a second, until every
one is final or not found (progress on stderr when it is a terminal).
Every call is recorded in the history.

Exit status: 0 when every id is known and none failed (UNDELIV, REJECTD,
EXPIRED, DELETED), 1 when one failed or was not found, 2 for bad usage, 3
when no answer came back (or it was interrupted), 4 for a local failure.`,
		Example: "  codedesk sms status 40012345\n  codedesk sms status 40012345,40012346 --wait\n  codedesk sms status 40012345 --json",
		Args:    minArgs(1, "ID сообщения"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ids, err := delivery.ParseIDs(args)
			if err != nil {
				return deliveryError(err)
			}
			opts.IDs = ids
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return smsStatusRun(cmd.Context(), opts)
		},
	}
	conn.register(cmd)
	cmd.Flags().BoolVar(&opts.Wait, "wait", false, "ask again, at most once a second, until every message is final or not found")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print a JSON array of {id, status, statusKnown, final, segNum, startSendTs, statusUpdateTs, title}")
	return cmd
}

// smsStatusRun looks the ids up (or watches them with --wait) and prints
// what is known, in the order asked, even when a later call failed.
func smsStatusRun(ctx context.Context, opts *SmsStatusOptions) error {
	settings, err := requireKey(opts.Settings)
	if err != nil {
		return err
	}
	rec := openRecorder(ctx, opts.deps, settings.Key, "cli")
	defer rec.Close()
	client := deliveryClient(ctx, opts.deps, settings, rec)
	said := map[string]bool{}
	var results []delivery.Result
	if opts.Wait {
		client.OnCall = delivery.OnlyChanges(client.OnCall) // a row per change, not one a second
		var last delivery.Round
		last, err = client.Watch(ctx, opts.IDs, func(r delivery.Round) {
			printNotes(opts.IO, r.Notes, said)
			if opts.IO.ErrTTY {
				printRound(opts.IO.ErrOut, r)
			}
		})
		results = last.Results
	} else {
		var rep delivery.Report
		rep, err = client.Lookup(ctx, opts.IDs)
		printNotes(opts.IO, rep.Notes, said)
		results = rep.Results
	}
	if opts.JSON {
		if results == nil {
			results = []delivery.Result{}
		}
		if jerr := opts.IO.JSON(results); jerr != nil {
			return jerr
		}
	} else if len(results) > 0 {
		printResults(opts.IO.Out, results, opts.Wait)
	}
	if err != nil {
		return unaskedError(deliveryError(err), len(opts.IDs)-len(results))
	}
	return summaryError(delivery.Summarize(results))
}

// summaryError is the verdict for scripts: a failure when a message
// failed or the API did not return it.
func summaryError(sum delivery.Summary) error {
	switch {
	case sum.OK():
		return nil
	case sum.Failed > 0 && sum.Missing > 0:
		return &failedError{fmt.Errorf("есть недоставленные и ненайденные сообщения: %s", sum)}
	case sum.Failed > 0:
		return &failedError{fmt.Errorf("есть недоставленные сообщения: %s", sum)}
	}
	return &failedError{fmt.Errorf("API вернул не все сообщения: %s", sum)}
}

// unaskedError adds to err how many ids the lookup never got to.
func unaskedError(err error, unasked int) error {
	if unasked <= 0 {
		return err
	}
	more := fmt.Sprintf("о %d ID API так и не спрошен", unasked)
	switch e := err.(type) {
	case *failedError:
		e.Err = fmt.Errorf("%w; %s", e.Err, more)
	case *noAnswerError:
		e.Err = fmt.Errorf("%w; %s", e.Err, more)
	}
	return err
}

// printRound is one round of a watch for a person at a terminal: the
// counts, and which messages changed status.
func printRound(w io.Writer, r delivery.Round) {
	fmt.Fprintf(w, "проверка %d: %s\n", r.N, r.Summary)
	if r.N == 1 {
		return
	}
	const shown = 5
	for i, pos := range r.Changed {
		if i == shown {
			fmt.Fprintf(w, "  и ещё %d\n", len(r.Changed)-shown)
			break
		}
		res := r.Results[pos]
		fmt.Fprintf(w, "  %d: %s\n", res.ID, statusCell(res))
	}
}

// printResults is the table of messages for people, with each one's
// timeline when they were watched, and the counts.
func printResults(w io.Writer, results []delivery.Result, watched bool) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tстатус\tокончательный\tсегменты\tотправлено\tобновлено")
	for _, r := range results {
		final, segs := "—", "—"
		if r.Seen() {
			final, segs = yesNo(r.Final()), strconv.Itoa(r.SegNum)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", r.ID, statusCell(r), final, segs, apiTime(r.StartSendTs), apiTime(r.StatusUpdateTs))
	}
	tw.Flush()
	if watched {
		printTimelines(w, results)
	}
	fmt.Fprintln(w, delivery.Summarize(results))
}

// maxTimelines bounds the timelines printed after a watch: past it the
// table says enough.
const maxTimelines = 20

// printTimelines prints how each message got where it is: NEW 10:00:00 →
// ENQUEUD 10:00:01 → DELIVRD 10:00:04.
func printTimelines(w io.Writer, results []delivery.Result) {
	if len(results) > maxTimelines {
		return
	}
	for _, r := range results {
		if len(r.Steps) < 2 {
			continue
		}
		steps := make([]string, len(r.Steps))
		for i, s := range r.Steps {
			steps[i] = s.Status + " " + s.At.Format("15:04:05")
		}
		fmt.Fprintf(w, "%d: %s\n", r.ID, strings.Join(steps, " → "))
	}
}

// statusCell is "DELIVRD · Доставлено", or what a missing id means.
func statusCell(r delivery.Result) string {
	if !r.Seen() {
		return r.Title()
	}
	return r.Status.Name + " · " + r.Title()
}

func yesNo(b bool) string {
	if b {
		return "да"
	}
	return "нет"
}

// apiTime is a time as the API writes it, or a dash for none.
func apiTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format(delivery.TimeLayout)
}
