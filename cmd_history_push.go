package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"codedesk/history"
	"codedesk/model/ru"
)

// PushOptions are one `codedesk history push`.
type PushOptions struct {
	IO      *IOStreams
	History func(context.Context) (History, error)
	// From is a SQLite history to copy into the team's; "" sends what was
	// kept locally while the team's server was away.
	From string
}

// NewCmdHistoryPush is `codedesk history push`; runF replaces pushRun in tests.
func NewCmdHistoryPush(f *Factory, runF func(context.Context, *PushOptions) error) *cobra.Command {
	opts := &PushOptions{IO: f.IO, History: f.History}
	cmd := &cobra.Command{
		Use:   "push [--from PATH]",
		Short: "Send a team history the calls kept locally, or copy a local history into it",
		Long: `For a team's history on PostgreSQL (history = "postgres://…"). While its server
is away, calls are kept in a local file and sent with the next call the server
takes; push sends them now. Each call is sent exactly once, however often a
push is repeated or cut short.

--from PATH copies a SQLite history (your own, from before the team's) into the
team's, keeping times, who made each call, stars and notes; running it twice
copies nothing twice.

Either way push first makes sure the server answers and its tables are there:
run once with the database owner's URL, it creates them.

Exit status: 0 when done, 2 for bad usage or a history that is a file (there
is nowhere to push to), 4 when the server or a file failed.`,
		Example: "  codedesk history push\n  codedesk history push --from ~/.local/state/codedesk/history.db",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cmd.Flags().Changed("from") && opts.From == "" {
				return usagef("--from: нужен путь к файлу истории")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return pushRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.From, "from", "", "copy this SQLite history into the team's (idempotent)")
	return cmd
}

// errNowhereToPush: the history is a file, not a team's server.
var errNowhereToPush = errors.New("отправлять некуда")

func pushRun(ctx context.Context, opts *PushOptions) error {
	store, err := opts.History(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	where := store.Where()
	if !history.IsPostgresURL(where) {
		return usagef("%w: история — файл %s, а push нужен общей истории команды на PostgreSQL: "+
			"history = \"postgres://…\" в config.toml, CODEDESK_HISTORY или --history (README, «Team history on PostgreSQL»)",
			errNowhereToPush, where)
	}
	// Reading the team's count first makes sure its server answers and its
	// tables are there (created or upgraded, when the role may): run once
	// with the owner's URL, push sets a team's history up.
	if _, err := store.Count(ctx); err != nil {
		return err
	}
	var res history.PushResult
	if opts.From != "" {
		res, err = store.PushFrom(ctx, opts.From)
	} else {
		res, err = store.Push(ctx)
	}
	if err != nil {
		return err
	}
	total, err := store.Count(ctx)
	if err != nil {
		return err
	}
	switch {
	case opts.From != "":
		fmt.Fprintf(opts.IO.Out, "из %s: скопировано %s, пропущено %s (уже были там)", opts.From,
			ru.Calls.Count(res.Sent), ru.Calls.Count(res.Skipped))
	case res.Sent == 0 && res.Skipped == 0:
		fmt.Fprint(opts.IO.Out, "отправлять нечего: локально ничего не ждёт")
	default:
		fmt.Fprintf(opts.IO.Out, "отправлено %s, пропущено %s (уже были там)", ru.Calls.Count(res.Sent), ru.Calls.Count(res.Skipped))
	}
	fmt.Fprintf(opts.IO.Out, "; в истории команды %s: %s\n", where, ru.Calls.Count(int(total)))
	return nil
}
