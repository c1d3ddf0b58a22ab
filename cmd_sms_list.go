package main

import (
	"cmp"
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
	"codedesk/model/safe"
)

// SmsListOptions are one `codedesk sms list`.
type SmsListOptions struct {
	deps     // streams, clock, history opener, client factory
	Settings func() (config.Settings, string, error)

	To, Since, Until string // as typed: read against the clock at run time
	Query            delivery.ListQuery
	JSON             bool
}

// NewCmdSmsList is `codedesk sms list`; runF replaces smsListRun in tests.
func NewCmdSmsList(f *Factory, runF func(context.Context, *SmsListOptions) error) *cobra.Command {
	var conn connFlags
	var campaigns []string
	opts := &SmsListOptions{deps: f.sendDeps(), Settings: f.settingsFunc(&conn)}
	cmd := &cobra.Command{
		Use:   "list --to NUMBER",
		Short: "The messages sent to a number, newest first",
		Long: `Ask message/list for the messages sent to a number (a whole number or a part
of one), newest first, 100 a page up to --limit, and print each one's id,
campaign, sender, status with its meaning, times and the start of its text.
A number written with "+", spaces or dashes is sent as digits (and you are
told so on stderr). --since and --until take a date (2026-03-02), a date
and time (2026-03-02 10:00) or a span back from now (90m, 2h, 3d, 1w).

Exit status: 0 when messages were found, 1 when none were (or the API said
no), 2 for bad usage, 3 when no answer came back, 4 for a local failure.`,
		Example: "  codedesk sms list --to 77001234567\n" +
			"  codedesk sms list --to '+7 700 123-45-67' --since 2d --status UNDELIV\n" +
			"  codedesk sms list --to 77001234567 --campaign 2454551 --json",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if strings.TrimSpace(opts.To) == "" {
				return usagef("codedesk sms list: нужен номер: --to 77001234567")
			}
			for _, c := range campaigns {
				id, err := strconv.ParseInt(strings.TrimSpace(c), 10, 64)
				if err != nil || id <= 0 {
					return usagef("--campaign %s: нужен ID кампании, целое положительное число", safe.Quote(c))
				}
				opts.Query.CampaignIDs = append(opts.Query.CampaignIDs, id)
			}
			if err := positiveLimit(opts.Query.Limit); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return smsListRun(cmd.Context(), opts)
		},
	}
	conn.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&opts.To, "to", "", "the recipient's number, or a part of it (required)")
	fl.StringVar(&opts.Since, "since", "", "sent at or after: 2026-03-02, '2026-03-02 10:00', or 2h, 3d back")
	fl.StringVar(&opts.Until, "until", "", "sent at or before, as --since")
	fl.StringVar(&opts.Query.Status, "status", "", "only this status (DELIVRD, UNDELIV, …)")
	fl.StringSliceVar(&campaigns, "campaign", nil, "only these campaign ids (repeat or comma-separate)")
	fl.StringVar(&opts.Query.From, "from", "", "only this sender name")
	fl.IntVar(&opts.Query.Limit, "limit", delivery.DefaultListLimit, "at most this many messages (up to 10000)")
	fl.BoolVar(&opts.JSON, "json", false, "print a JSON array of {id, campaignId, from, to, status, statusKnown, title, final, segNum, startSendTs, statusUpdateTs, text}")
	return cmd
}

func smsListRun(ctx context.Context, opts *SmsListOptions) error {
	q, err := listQuery(opts)
	if err != nil {
		return err
	}
	settings, err := requireKey(opts.Settings)
	if err != nil {
		return err
	}
	rec := openRecorder(ctx, opts.deps, settings.Key, "cli")
	defer rec.Close()
	rep, err := deliveryClient(ctx, opts.deps, settings, rec).List(ctx, q)
	printNotes(opts.IO, rep.Notes, map[string]bool{})
	if opts.JSON {
		items := rep.Items
		if items == nil {
			items = []delivery.ListItem{}
		}
		if jerr := opts.IO.JSON(items); jerr != nil {
			return jerr
		}
		return deliveryError(err)
	}
	if len(rep.Items) > 0 {
		printListItems(opts.IO.Out, rep)
	}
	if err != nil {
		return deliveryError(err)
	}
	if len(rep.Items) == 0 {
		return &failedError{fmt.Errorf("сообщений на номер %s не найдено (с этими условиями)", safe.Line(opts.To))}
	}
	return nil
}

// listQuery reads the typed times against the clock.
func listQuery(opts *SmsListOptions) (delivery.ListQuery, error) {
	q := opts.Query
	q.To = opts.To
	var err error
	if q.Since, err = flagTime("since", opts.Since, opts.Clock.Now()); err != nil {
		return q, err
	}
	q.Until, err = flagTime("until", opts.Until, opts.Clock.Now())
	return q, err
}

// flagTime reads a time flag; an empty one is no bound.
func flagTime(flag, value string, now time.Time) (time.Time, error) {
	if strings.TrimSpace(value) == "" {
		return time.Time{}, nil
	}
	at, err := delivery.ParseTime(value, now)
	if err != nil {
		return at, usagef("--%s: %v", flag, err)
	}
	return at, nil
}

// printListItems is the list for people, newest first, and how many the
// API found in all.
func printListItems(w io.Writer, rep delivery.ListReport) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tкампания\tотправитель\tстатус\tотправлено\tобновлено\tтекст")
	for _, it := range rep.Items {
		status := "—"
		if it.Status.Name != "" {
			status = it.Status.Name + " · " + it.Status.Title
		}
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\t%s\n", it.ID, it.CampaignID, cmp.Or(safe.Line(it.From), "—"), status,
			apiTime(it.StartSendTs), apiTime(it.StatusUpdateTs), safe.Line(it.Text))
	}
	tw.Flush()
	fmt.Fprintf(w, "показано: %d, всего найдено: %d\n", len(rep.Items), max(rep.Total, len(rep.Items)))
}
