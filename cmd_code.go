package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"codedesk/model/catalog"
	"codedesk/model/ru"
	"codedesk/model/safe"
	"codedesk/ui/markdown"
)

// CodeOptions are one `codedesk code N`.
type CodeOptions struct {
	IO     *IOStreams
	Getenv func(string) string
	Number int
	Plain  bool
}

// NewCmdCode is `codedesk code`; runF replaces codeRun in tests.
func NewCmdCode(f *Factory, runF func(context.Context, *CodeOptions) error) *cobra.Command {
	opts := &CodeOptions{IO: f.IO, Getenv: f.Getenv}
	cmd := &cobra.Command{
		Use:   "code N",
		Short: "Print one code's card",
		Long: `Print the card of API response code N: its title, class, the description
from the code table and what to do. On a terminal the card is rendered with
glamour; piped or with --plain it is plain text.`,
		Example: "  codedesk code 30\n  codedesk code 13 --plain",
		Args:    exactArgs(1, "номер кода"),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := strconv.Atoi(strings.TrimSpace(args[0]))
			if err != nil {
				return usagef("«%s» — не номер кода; коды ищет codedesk codes %s", args[0], args[0])
			}
			opts.Number = n
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return codeRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Plain, "plain", false, "plain text even on a terminal")
	return cmd
}

func codeRun(_ context.Context, opts *CodeOptions) error {
	c, ok := catalog.MustDefaultCatalog().Lookup(opts.Number)
	if !ok {
		return &failedError{fmt.Errorf("кода %d нет в таблице кодов; все коды: codedesk codes", opts.Number)}
	}
	if opts.IO.OutTTY && !opts.Plain {
		// The card is the code table's own text: codedesk's, not a
		// server's, so glamour's escapes may go out as they are.
		rendered, err := markdown.Render(catalog.CardMarkdown(c), cliGlamourStyle(opts.Getenv), max(opts.IO.Width, 20))
		if err == nil {
			_, err = fmt.Fprintln(opts.IO.Raw(), rendered)
			return writeErr(err)
		}
	}
	_, err := fmt.Fprint(opts.IO.Out, catalog.CardText(c))
	return writeErr(err)
}

// writeErr is a failed write to the output: a local failure.
func writeErr(err error) error {
	if err == nil {
		return nil
	}
	return &localError{fmt.Errorf("вывод не записан: %s", safe.Line(ru.Explain(err)))}
}

// cliGlamourStyle picks a glamour style without asking the terminal, which
// may never answer: NO_COLOR gets the colourless style, a COLORFGBG that
// names a light background gets the light one, anything else dark.
func cliGlamourStyle(getenv func(string) string) string {
	if noColor(getenv) {
		return "ascii"
	}
	if fgbg := getenv("COLORFGBG"); fgbg != "" {
		parts := strings.Split(fgbg, ";")
		if bg := parts[len(parts)-1]; bg == "7" || bg == "15" {
			return "light"
		}
	}
	return "dark"
}
