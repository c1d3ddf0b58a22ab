package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/config"
	"codedesk/model/safe"
)

// HistoryOptions are one `codedesk history`.
type HistoryOptions struct {
	IO      *IOStreams
	History func(context.Context) (History, error)
	Filter  history.Filter
	JSON    bool
}

// NewCmdHistory is `codedesk history`; runF replaces historyRun in tests.
func NewCmdHistory(f *Factory, runF func(context.Context, *HistoryOptions) error) *cobra.Command {
	opts := &HistoryOptions{IO: f.IO, History: f.History}
	var code int
	cmd := &cobra.Command{
		Use:   "history",
		Short: "List recorded calls, newest first",
		Long: `List the calls codedesk has made and the requests it has imported, newest first.
--query finds words in the method, the parameters, the message and the note.`,
		Example: "  codedesk history --failed\n  codedesk history --query 'лимит' --limit 10 --json",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cmd.Flags().Changed("code") {
				opts.Filter.Code = &code
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return historyRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&opts.Filter.Failed, "failed", false, "only calls with a code other than 0/100, or no answer")
	fl.BoolVar(&opts.Filter.Starred, "starred", false, "only starred calls")
	fl.StringVar(&opts.Filter.Query, "query", "", "words to find in method, parameters, message and note")
	fl.IntVar(&code, "code", 0, "only calls that got this code")
	fl.IntVar(&opts.Filter.Limit, "limit", 20, "how many calls")
	fl.BoolVar(&opts.JSON, "json", false, "print a JSON array")
	return cmd
}

func historyRun(ctx context.Context, opts *HistoryOptions) error {
	store, err := opts.History(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	calls, err := store.List(ctx, opts.Filter)
	if err != nil {
		return err
	}
	if opts.JSON {
		return opts.IO.JSON(historyJSON(calls))
	}
	printHistory(opts.IO.Out, calls)
	return nil
}

// callView is a recorded call as --json prints it: the stored fields, and
// data as JSON rather than bytes.
type callView struct {
	history.Call
	At         string          `json:"at"`
	Data       json.RawMessage `json:"data,omitempty"`
	DurationMS int64           `json:"duration_ms"`
}

func historyJSON(calls []history.Call) []callView {
	out := make([]callView, 0, len(calls))
	for _, c := range calls {
		out = append(out, toView(c))
	}
	return out
}

func toView(c history.Call) callView {
	v := callView{Call: c, At: c.At.Format("2006-01-02T15:04:05.000Z07:00"), DurationMS: c.Duration.Milliseconds()}
	if len(c.Data) > 0 {
		v.Data = json.RawMessage(c.Data)
	}
	return v
}

// explainRecorded explains a recorded call as the domain would have when
// it came; sent is false for an import never sent.
func explainRecorded(ex model.Explainer, c history.Call) (model.Explanation, bool) {
	x, sent := recordedExchange(c)
	return ex.Explain(x), sent
}

// recordedCell is outcomeCell for a recorded call, which may also be a
// webhook delivery that was received rather than sent.
func recordedCell(c history.Call, x model.Explanation, sent bool) string {
	switch {
	case c.Received() && c.Failed():
		return "вебхук ✗"
	case c.Received():
		return "вебхук ✓"
	}
	return outcomeCell(x, sent)
}

func printHistory(w io.Writer, calls []history.Call) {
	if len(calls) == 0 {
		fmt.Fprintln(w, "история пуста (или ничего не найдено)")
		return
	}
	ex := newExplainer(config.Settings{})
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tвремя\tметод\tкод\tсообщение")
	for _, c := range calls {
		x, sent := explainRecorded(ex, c)
		star := ""
		if c.Starred {
			star = "★ "
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s%s\n", c.ID, c.At.Format("2006-01-02 15:04:05"), safe.Line(c.Name()),
			recordedCell(c, x, sent), star, truncate(cmp.Or(safe.Line(c.Error), outcomeMessage(x, c.Note)), 60))
	}
	tw.Flush()
}
