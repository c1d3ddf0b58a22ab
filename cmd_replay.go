package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/config"
	"codedesk/model/safe"
	"codedesk/model/wire"
)

func newReplayCmd() *cobra.Command {
	var (
		conn   connFlags
		failed bool
		asJSON bool
		limit  int
	)
	cmd := &cobra.Command{
		Use:   "replay ID... | --failed",
		Short: "Send recorded calls again and compare old code → new code",
		Long: `Send recorded calls again, one after another and politely (at most one call a
second per method), with the current profile's key, and print old code → new
code. --failed replays every distinct failed request of the history (newest
first, up to --limit): a regression check after a fix. Each replay is
recorded as a replay of its original.

Exit status: 0 only when every replay now gets 0 or 100; 3 when one got no
answer at all; 1 otherwise.`,
		Example: "  codedesk replay 42 43\n  codedesk replay --failed --json",
		RunE: func(cmd *cobra.Command, args []string) error {
			if failed == (len(args) > 0) {
				return usageError("назовите вызовы (ID…) или --failed")
			}
			settings, _, err := conn.resolve()
			if err != nil {
				return usageError("%v", err)
			}
			if settings.Key == "" {
				return &exitError{code: exitUsage, err: errNoKey}
			}
			store, err := openHistory()
			if err != nil {
				return &exitError{code: exitAPIError, err: err}
			}
			defer store.Close()
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			var calls []history.Call
			if failed {
				if calls, err = store.FailedOriginals(ctx, limit); err != nil {
					return &exitError{code: exitAPIError, err: err}
				}
			} else {
				for _, a := range args {
					id, err := strconv.ParseInt(a, 10, 64)
					if err != nil {
						return usageError("%q — не номер вызова", a)
					}
					c, err := store.Get(ctx, id)
					if err != nil {
						return &exitError{code: exitAPIError, err: err}
					}
					calls = append(calls, c)
				}
			}
			r := replayer{store: store, client: newClient(settings), settings: settings, server: conn.server, pacer: wire.NewPacer(nil)}
			results := r.run(ctx, calls, cmd.ErrOrStderr())
			if asJSON {
				if err := writeJSON(cmd.OutOrStdout(), results); err != nil {
					return err
				}
			} else {
				printReplays(cmd.OutOrStdout(), results)
			}
			return replayStatus(results)
		},
	}
	conn.register(cmd)
	cmd.Flags().BoolVar(&failed, "failed", false, "replay every distinct failed request of the history")
	cmd.Flags().IntVar(&limit, "limit", 100, "with --failed: at most this many requests")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of {id, replay_id, method, old_code, new_code, …}")
	return cmd
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
	OK         bool   `json:"ok"`
}

type replayer struct {
	store    history.Store
	client   *wire.Client
	settings config.Settings
	server   string // --server: replay somewhere else than the original
	pacer    *wire.Pacer
}

func (r replayer) run(ctx context.Context, calls []history.Call, errOut io.Writer) []replayResult {
	out := make([]replayResult, 0, len(calls))
	for _, c := range calls {
		res := replayResult{ID: c.ID, Method: c.Name(), OldCode: c.Code, OldMessage: firstNonEmpty(c.Message, c.Error)}
		req, err := c.Request()
		if err == nil && r.server != "" {
			req.Server, err = model.ParseServer(r.server)
		}
		if err != nil {
			res.Error = err.Error()
			out = append(out, res)
			continue
		}
		res.Server = req.Server.String()
		if err := r.pacer.Wait(ctx, req.Name()); err != nil {
			res.Error = "отменено"
			out = append(out, res)
			break
		}
		resp, callErr := r.client.Do(ctx, req, r.settings.Key)
		rec := history.FromResult(req, resp, callErr, "replay")
		rec.ReplayOf = &c.ID
		if id, err := r.store.Record(ctx, rec, r.settings.Key); err == nil {
			res.ReplayID = id
		} else {
			fmt.Fprintf(errOut, "codedesk: %v\n", err)
		}
		if callErr != nil {
			res.Error = callErr.Error()
		} else {
			code := resp.Code
			res.NewCode, res.NewMessage, res.OK = &code, safe.Line(resp.Message), model.IsSuccess(code)
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
	okCount := 0
	for _, r := range results {
		now := codeText(r.NewCode)
		msg := r.NewMessage
		if r.Error != "" {
			now, msg = "нет ответа", r.Error
		}
		mark := "✗"
		if r.OK {
			mark, okCount = "✓", okCount+1
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t→\t%s %s\t%s\n", r.ID, r.Method, codeText(r.OldCode), now, mark, truncate(msg, 60))
	}
	tw.Flush()
	fmt.Fprintf(w, "успешно %d из %d\n", okCount, len(results))
}

func codeText(c *int) string {
	if c == nil {
		return "—"
	}
	return strconv.Itoa(*c)
}

// replayStatus: 0 when every replay succeeded, 3 when one got no answer,
// 1 otherwise.
func replayStatus(results []replayResult) error {
	status := exitOK
	for _, r := range results {
		switch {
		case r.Error != "" && r.NewCode == nil:
			return &exitError{code: exitNoAnswer}
		case !r.OK:
			status = exitAPIError
		}
	}
	if status != exitOK {
		return &exitError{code: status}
	}
	return nil
}
