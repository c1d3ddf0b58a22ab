package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"codedesk/history"
	"codedesk/model/safe"
)

func newHistoryCmd() *cobra.Command {
	var (
		failed, starred, asJSON bool
		query                   string
		code, limit             int
	)
	cmd := &cobra.Command{
		Use:   "history",
		Short: "List recorded calls, newest first",
		Long: `List the calls codedesk has made and the requests it has imported, newest first.
--query finds words in the method, the parameters, the message and the note.`,
		Example: "  codedesk history --failed\n  codedesk history --query 'лимит' --limit 10 --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			store, err := openHistory()
			if err != nil {
				return &exitError{code: exitAPIError, err: err}
			}
			defer store.Close()
			f := history.Filter{Query: query, Failed: failed, Starred: starred, Limit: limit}
			if cmd.Flags().Changed("code") {
				f.Code = &code
			}
			calls, err := store.List(context.Background(), f)
			if err != nil {
				return &exitError{code: exitAPIError, err: err}
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), historyJSON(calls))
			}
			printHistory(cmd.OutOrStdout(), calls)
			return nil
		},
	}
	cmd.Flags().BoolVar(&failed, "failed", false, "only calls with a code other than 0/100, or no answer")
	cmd.Flags().BoolVar(&starred, "starred", false, "only starred calls")
	cmd.Flags().StringVar(&query, "query", "", "words to find in method, parameters, message and note")
	cmd.Flags().IntVar(&code, "code", 0, "only calls that got this code")
	cmd.Flags().IntVar(&limit, "limit", 20, "how many calls")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array")
	return cmd
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

func printHistory(w io.Writer, calls []history.Call) {
	if len(calls) == 0 {
		fmt.Fprintln(w, "история пуста (или ничего не найдено)")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tвремя\tметод\tкод\tсообщение")
	for _, c := range calls {
		star := ""
		if c.Starred {
			star = "★ "
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s%s\n", c.ID, c.At.Format("2006-01-02 15:04:05"), c.Name(), outcome(c), star,
			truncate(safe.Line(firstNonEmpty(c.Message, c.Error, c.Note)), 60))
	}
	tw.Flush()
}

// outcome is a call's code, or why none came, or that it was never sent,
// or that it is a webhook delivery (and whether its signature verified).
func outcome(c history.Call) string {
	switch {
	case c.Received() && c.Failed():
		return "вебхук: подпись не совпала"
	case c.Received():
		return "вебхук"
	case c.Code != nil:
		return fmt.Sprint(*c.Code)
	case c.ErrorKind != "":
		return "нет ответа: " + c.ErrorKind
	}
	return "не отправлялся"
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
