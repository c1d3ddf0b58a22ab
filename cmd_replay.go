package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/config"
	"codedesk/model/ru"
	"codedesk/model/safe"
	"codedesk/model/wire"
)

// ReplayOptions are one `codedesk replay`.
type ReplayOptions struct {
	deps     // streams, clock, history opener, client factory
	Settings func() (config.Settings, string, error)

	IDs    []int64
	Failed bool
	Limit  int
	// OtherServer says --server was given: every call goes there rather
	// than to its own server.
	OtherServer bool
	JSON        bool
	// Yes is consent to resend calls that spend money; SkipPaid resends
	// only the others; DryRun sends nothing and lists what would be sent.
	Yes, SkipPaid, DryRun bool
}

// NewCmdReplay is `codedesk replay`; runF replaces replayRun in tests.
func NewCmdReplay(f *Factory, runF func(context.Context, *ReplayOptions) error) *cobra.Command {
	var conn connFlags
	opts := &ReplayOptions{deps: f.sendDeps(), Settings: f.settingsFunc(&conn)}
	cmd := &cobra.Command{
		Use:   "replay ID... | --failed",
		Short: "Send recorded calls again and compare old code → new code",
		Long: `Send recorded calls again, one after another and politely (at most one call a
second per method), with the current profile's key, and print old code → new
code. --failed replays every distinct failed request of the history (newest
first, up to --limit): a regression check after a fix. Each replay is
recorded as a replay of its original.

Calls that send messages (message/sendSmsMessage, campaign/send,
campaign/addRecipients) spend the customer's money, and one that got no
answer may have been delivered: they are resent only with consent, asked on
a terminal, or given with --yes. Answering no, or --skip-paid, resends the
other calls and skips those (said, and marked in the table). --dry-run lists
what would be sent and sends nothing.

Exit status: 0 only when every replay now succeeds; 1 when one still fails;
2 for bad usage, no consent, or a server the key may not go to; 3 when one
got no answer at all; 4 for a local failure.`,
		Example: "  codedesk replay 42 43\n  codedesk replay --failed --dry-run\n  codedesk replay --failed --yes --json",
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Failed == (len(args) > 0) {
				return usagef("назовите вызовы (ID…) или --failed")
			}
			if opts.Yes && opts.SkipPaid {
				return usagef("--yes или --skip-paid: что-то одно")
			}
			if err := positiveLimit(opts.Limit); err != nil {
				return err
			}
			opts.IDs = opts.IDs[:0]
			for _, a := range args {
				id, err := parseCallID(a)
				if err != nil {
					return err
				}
				opts.IDs = append(opts.IDs, id)
			}
			opts.OtherServer = conn.server != ""
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return replayRun(cmd.Context(), opts)
		},
	}
	conn.register(cmd)
	fl := cmd.Flags()
	fl.BoolVar(&opts.Failed, "failed", false, "replay every distinct failed request of the history")
	fl.IntVar(&opts.Limit, "limit", 100, "with --failed: at most this many requests")
	fl.BoolVar(&opts.JSON, "json", false, "print a JSON array of {id, replay_id, method, old_code, new_code, …}")
	fl.BoolVar(&opts.Yes, "yes", false, "resend calls that send messages (and spend money) without asking")
	fl.BoolVar(&opts.SkipPaid, "skip-paid", false, "resend only the calls that send no messages; skip the paid ones")
	fl.BoolVar(&opts.DryRun, "dry-run", false, "list what would be sent, send nothing")
	return cmd
}

func replayRun(ctx context.Context, opts *ReplayOptions) error {
	settings, _, err := opts.Settings()
	if err != nil {
		return err
	}
	if settings.Key == "" && !opts.DryRun {
		return errNoKey
	}
	store, err := opts.History(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	calls, err := replayCalls(ctx, store, opts)
	if err != nil {
		return err
	}
	plan := planReplays(calls, settings, opts.OtherServer)
	if opts.DryRun {
		if !opts.OtherServer {
			sayOwnServers(opts.IO.ErrOut, plan, settings.Server)
		}
		return printPlan(opts.IO, plan, opts.JSON)
	}
	if err := consent(opts.IO, plan, opts.Yes, opts.SkipPaid); err != nil {
		return err
	}
	if !opts.OtherServer {
		sayOwnServers(opts.IO.ErrOut, plan, settings.Server)
	}
	r := replayer{
		rec:   storeRecorder(opts.deps, store, settings.Key, "replay"),
		ex:    newExplainer(settings),
		pacer: wire.NewPacer(opts.Clock), client: opts.NewClient(settings), key: settings.Key,
	}
	results := r.run(ctx, plan)
	if opts.JSON {
		if err := opts.IO.JSON(results); err != nil {
			return err
		}
	} else {
		printReplays(opts.IO.Out, results)
	}
	return replayStatus(results)
}

// replayCalls are the calls named, or the distinct failed ones.
func replayCalls(ctx context.Context, store History, opts *ReplayOptions) ([]history.Call, error) {
	if opts.Failed {
		return store.FailedOriginals(ctx, opts.Limit)
	}
	calls := make([]history.Call, 0, len(opts.IDs))
	for _, id := range opts.IDs {
		c, err := store.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		calls = append(calls, c)
	}
	return calls, nil
}

// replayItem is one call to resend: where it goes, whether it spends
// money, and why it may not be sent at all.
type replayItem struct {
	call history.Call
	req  model.Request
	// spends: the method sends messages; unknown: the last time it got
	// no answer, so it may have been delivered.
	spends, unknown bool
	// refused says why the call is not sent (the key may not go to its
	// server, or its server no longer parses).
	refused error
	// skipped: it spends money and consent was not given (a no, or
	// --skip-paid); it is listed, not sent.
	skipped bool
}

// planReplays works out each call's request under the trust rule: the key
// goes only to Mobizon's hosts and the servers the user named.
func planReplays(calls []history.Call, s config.Settings, otherServer bool) []replayItem {
	trust := model.NewTrust(s.Server)
	plan := make([]replayItem, 0, len(calls))
	for _, c := range calls {
		it := replayItem{call: c, spends: model.SpendsMoney(c.Name()), unknown: c.ErrorKind != ""}
		it.req, it.refused = c.Request()
		if it.refused == nil && otherServer {
			it.req.Server = s.Server
		}
		if it.refused == nil {
			it.refused = trust.Check(it.req.Server)
		}
		plan = append(plan, it)
	}
	return plan
}

// sayOwnServers says, once for each, the servers calls go to that are not
// the one the settings name: a replay goes to its call's own server
// (MOBIZON_API_SERVER or the profile do not move it), unless --server
// names another.
func sayOwnServers(w io.Writer, plan []replayItem, configured model.Server) {
	said := map[string]bool{configured.String(): true}
	for _, it := range plan {
		if it.refused != nil || it.skipped || said[it.req.Server.String()] {
			continue
		}
		said[it.req.Server.String()] = true
		fmt.Fprintf(w, "повтор идёт на сервер вызова %s; --server — чтобы отправить на другой\n", it.req.Server)
	}
}

// replayResult is one replayed call, old beside new.
type replayResult struct {
	ID         int64  `json:"id"`
	ReplayID   int64  `json:"replay_id,omitempty"`
	Method     string `json:"method"`
	Server     string `json:"server"`
	OldCode    *int   `json:"old_code"`
	OldMessage string `json:"old_message,omitempty"`
	NewCode    *int   `json:"new_code"`
	NewMessage string `json:"new_message,omitempty"`
	Error      string `json:"error,omitempty"`
	// Refused: the call was not sent (the trust rule, a broken record).
	Refused bool `json:"refused,omitempty"`
	// Skipped: a paid call not sent without consent.
	Skipped bool `json:"skipped,omitempty"`
	OK      bool `json:"ok"`
	// TLSUnchecked: the answer came over https without a certificate check.
	TLSUnchecked bool `json:"tls_unchecked,omitempty"`

	old, now outcome // for the table
}

// outcome is one side of a replay, as the table shows it.
type outcome struct {
	cell, message string
}

// replayer sends planned calls one by one, paced per method, and records
// each as a replay of its original.
type replayer struct {
	rec    *recorder
	ex     model.Explainer
	pacer  *wire.Pacer
	client *wire.Client
	key    string
}

func (r replayer) run(ctx context.Context, plan []replayItem) []replayResult {
	out := make([]replayResult, 0, len(plan))
	for _, it := range plan {
		c := it.call
		oldX, sent := explainRecorded(r.ex, c)
		res := replayResult{ID: c.ID, Method: safe.Line(spell(c.Name())), OldCode: c.Code, OldMessage: cmp.Or(c.Message, c.Error),
			old: outcome{outcomeCell(oldX, sent), outcomeMessage(oldX, "")}}
		switch {
		case it.refused != nil:
			res.Error, res.Refused = it.refused.Error(), true
			res.now = outcome{"не отправлен", res.Error}
			out = append(out, res)
			continue
		case it.skipped:
			res.Server, res.Skipped = it.req.Server.String(), true
			res.now = outcome{"пропущен", "платный: без согласия не отправлен"}
			out = append(out, res)
			continue
		}
		res.Server = it.req.Server.String()
		if err := r.pacer.Wait(ctx, it.req.Name()); err != nil {
			res.Error, res.now = "отменено", outcome{"отменено", ""}
			out = append(out, res)
			break
		}
		resp, callErr := r.client.Do(ctx, it.req, r.key)
		res.ReplayID = r.rec.Record(ctx, it.req, resp, callErr, c.ID)
		x := r.ex.Explain(model.Exchange{Request: it.req, Response: resp, Err: callErr})
		res.now, res.TLSUnchecked = outcome{outcomeCell(x, true), outcomeMessage(x, "")}, resp.TLSUnchecked
		if x.NoAnswer != nil {
			res.Error = x.NoAnswer.Error()
		} else {
			code := resp.Code
			res.NewCode, res.NewMessage, res.OK = &code, resp.Message, x.Succeeded()
		}
		out = append(out, res)
	}
	return out
}

func printReplays(w io.Writer, results []replayResult) {
	if len(results) == 0 {
		fmt.Fprintln(w, "нечего повторять")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tметод\tбыло\t→\tстало\tсообщение")
	okCount, skipped := 0, 0
	for _, r := range results {
		if r.OK {
			okCount++
		}
		if r.Skipped {
			skipped++
		}
		unchecked := ""
		if r.TLSUnchecked {
			unchecked = " (TLS не проверялся)"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t→\t%s\t%s%s\n", r.ID, r.Method, r.old.cell, r.now.cell, truncate(r.now.message, 60), unchecked)
	}
	tw.Flush()
	fmt.Fprintf(w, "успешно %d из %d", okCount, len(results)-skipped)
	if skipped > 0 {
		fmt.Fprintf(w, "; платных пропущено: %s", ru.Calls.Count(skipped))
	}
	fmt.Fprintln(w)
}

// replayStatus: 2 when the key could not go where one had to; otherwise
// the worst outcome: no answer (3), then the API said no (1).
func replayStatus(results []replayResult) error {
	var refused []string
	worst := model.OutcomeSucceeded
	for _, r := range results {
		switch {
		case r.Skipped:
		case r.Refused:
			refused = append(refused, fmt.Sprintf("вызов %d не отправлен: %s", r.ID, r.Error))
		case r.NewCode == nil:
			worst = model.OutcomeNoAnswer
		case !r.OK && worst == model.OutcomeSucceeded:
			worst = model.OutcomeFailed
		}
	}
	if len(refused) > 0 {
		return &usageError{errors.New(strings.Join(refused, "\n"))}
	}
	return outcomeError(worst, nil)
}
