package main

import (
	"context"
	"fmt"

	"codedesk/model/safe"

	"github.com/spf13/cobra"
)

// StarOptions are one `codedesk history star` or `unstar`.
type StarOptions struct {
	IO      *IOStreams
	History func(context.Context) (History, error)
	ID      int64
	Star    bool
	// Note, when SetNote, replaces the call's note ("" removes it); its
	// author is who is working.
	Note    string
	SetNote bool
}

// NewCmdHistoryStar is `codedesk history star`; runF replaces starRun in tests.
func NewCmdHistoryStar(f *Factory, runF func(context.Context, *StarOptions) error) *cobra.Command {
	opts := &StarOptions{IO: f.IO, History: f.History, Star: true}
	cmd := &cobra.Command{
		Use:   "star ID [--note TEXT]",
		Short: "Star a recorded call, with a note for the team",
		Long: `Star a recorded call, and with --note write its note (an empty --note removes
it). The note's author is who is working (agent = "…" in config.toml, $USER by
default) and its time now; in a team's history everyone sees both.

Exit status: 0 when done, 1 when there is no call with that id, 2 for bad
usage, 4 when the history cannot be written.`,
		Example: "  codedesk history star 42\n  codedesk history star 42 --note 'клиент из Ташкента: помог сервер uz'",
		Args:    exactArgs(1, "номер вызова из codedesk history"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseCallID(args[0])
			if err != nil {
				return err
			}
			opts.ID, opts.SetNote = id, cmd.Flags().Changed("note")
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return starRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Note, "note", "", "the call's note (its author: you); empty removes it")
	return cmd
}

// NewCmdHistoryUnstar is `codedesk history unstar`; runF replaces starRun in tests.
func NewCmdHistoryUnstar(f *Factory, runF func(context.Context, *StarOptions) error) *cobra.Command {
	opts := &StarOptions{IO: f.IO, History: f.History}
	return &cobra.Command{
		Use:   "unstar ID",
		Short: "Take the star off a recorded call (its note stays)",
		Long: `Take the star off a recorded call. Its note stays: remove it with
codedesk history star ID --note ''.

Exit status: 0 when done, 1 when there is no call with that id, 2 for bad
usage, 4 when the history cannot be written.`,
		Example: "  codedesk history unstar 42",
		Args:    exactArgs(1, "номер вызова из codedesk history"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseCallID(args[0])
			if err != nil {
				return err
			}
			opts.ID = id
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return starRun(cmd.Context(), opts)
		},
	}
}

// starRun stars or unstars the call, sets its note when asked, and says
// what the call now carries.
func starRun(ctx context.Context, opts *StarOptions) error {
	store, err := opts.History(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.Star(ctx, opts.ID, opts.Star); err != nil {
		return err
	}
	if opts.SetNote {
		if err := store.SetNote(ctx, opts.ID, opts.Note, ""); err != nil {
			return err
		}
	}
	c, err := store.Get(ctx, opts.ID)
	if err != nil {
		return err
	}
	what := "отмечен звёздочкой"
	if !c.Starred {
		what = "без звёздочки"
	}
	fmt.Fprintf(opts.IO.Out, "вызов %d (%s) %s\n", c.ID, safe.Line(spell(c.Name())), what)
	switch {
	case c.Note != "":
		fmt.Fprintf(opts.IO.Out, "заметка: %s\n", noteLine(c))
	case opts.SetNote:
		fmt.Fprintln(opts.IO.Out, "заметка убрана")
	}
	return nil
}
