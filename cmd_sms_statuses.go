package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"codedesk/model/catalog"
	"codedesk/ui/markdown"
)

// SmsStatusesOptions are one `codedesk sms statuses`.
type SmsStatusesOptions struct {
	IO     *IOStreams
	Getenv func(string) string
	Query  string
	JSON   bool
	Plain  bool
}

// NewCmdSmsStatuses is `codedesk sms statuses`; runF replaces
// smsStatusesRun in tests.
func NewCmdSmsStatuses(f *Factory, runF func(context.Context, *SmsStatusesOptions) error) *cobra.Command {
	opts := &SmsStatusesOptions{IO: f.IO, Getenv: f.Getenv}
	cmd := &cobra.Command{
		Use:   "statuses [STATUS|WORDS...]",
		Short: "The nine SMS delivery statuses, or one status's card",
		Long: `Without an argument, list the nine SMS delivery statuses in the API's order:
name, title, and whether the status is final. With a status name (any case)
or words ("недоставлено", "истёк срок", "expired"), print the card of the
best match (glamour on a terminal, plain text otherwise) and name the other
matches. --json prints an array of {status, final, title, description,
hint, keywords}: every status in table order, or the matches best first.`,
		Example: "  codedesk sms statuses\n  codedesk sms statuses undeliv\n  codedesk sms statuses истёк срок\n  codedesk sms statuses --json",
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Query = strings.TrimSpace(strings.Join(args, " "))
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return smsStatusesRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print a JSON array of {status, final, title, description, hint, keywords}")
	cmd.Flags().BoolVar(&opts.Plain, "plain", false, "plain text card even on a terminal")
	return cmd
}

func smsStatusesRun(_ context.Context, opts *SmsStatusesOptions) error {
	cat := catalog.MustDefaultCatalog()
	matches := findStatuses(cat, opts.Query)
	if opts.JSON {
		if matches == nil {
			matches = []catalog.Status{}
		}
		return opts.IO.JSON(matches)
	}
	if len(matches) == 0 {
		return &failedError{fmt.Errorf("ни один статус SMS не подходит к «%s»; все статусы: codedesk sms statuses", opts.Query)}
	}
	if opts.Query == "" {
		return printStatusTable(opts.IO, matches)
	}
	if err := printStatusCard(opts, matches[0]); err != nil {
		return err
	}
	if len(matches) > 1 {
		fmt.Fprintln(opts.IO.Out, "\nТакже подходят:")
		if err := printStatusTable(opts.IO, matches[1:]); err != nil {
			return err
		}
	}
	return nil
}

// findStatuses is every status in table order for no query; for a status
// name (any case) that status alone; otherwise the search's matches, best
// first.
func findStatuses(cat *catalog.Catalog, query string) []catalog.Status {
	if query == "" {
		return cat.Statuses()
	}
	if s, ok := cat.LookupStatus(query); ok {
		return []catalog.Status{s}
	}
	return cat.SearchStatuses(query)
}

// printStatusTable lists statuses one a line: name, title, where it stands.
func printStatusTable(io *IOStreams, statuses []catalog.Status) error {
	tw := tabwriter.NewWriter(io.Out, 0, 0, 2, ' ', 0)
	for _, s := range statuses {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Name, s.Title, finalWord(s))
	}
	tw.Flush()
	return nil
}

// finalWord says whether a status is final, for a table cell.
func finalWord(s catalog.Status) string {
	switch {
	case !s.Known():
		return "неизвестный статус"
	case s.Final && s.Failed:
		return "окончательный, не доставлено"
	case s.Final:
		return "окончательный"
	}
	return "промежуточный"
}

// printStatusCard prints one status's card: glamour on a terminal (the
// card is codedesk's own text, so its escapes go out raw), plain otherwise.
func printStatusCard(opts *SmsStatusesOptions, s catalog.Status) error {
	if opts.IO.OutTTY && !opts.Plain {
		rendered, err := markdown.Render(catalog.StatusCardMarkdown(s), cliGlamourStyle(opts.Getenv), max(opts.IO.Width, 20))
		if err == nil {
			fmt.Fprintln(opts.IO.Raw(), rendered)
			return nil
		}
	}
	fmt.Fprint(opts.IO.Out, catalog.StatusCardText(s))
	return nil
}
