package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"codedesk/model/catalog"
)

// CodesOptions are one `codedesk codes`.
type CodesOptions struct {
	IO    *IOStreams
	Query string
	JSON  bool
}

// NewCmdCodes is `codedesk codes`; runF replaces codesRun in tests.
func NewCmdCodes(f *Factory, runF func(context.Context, *CodesOptions) error) *cobra.Command {
	opts := &CodesOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "codes [QUERY...]",
		Short: "List the codes matching a number or keywords, best first",
		Long: `List API response codes matching QUERY, best match first. QUERY is a code
number or words in Russian or English ("лимит", "rate limit", "домен").
Without QUERY every code is listed in table order.`,
		Example: "  codedesk codes лимит\n  codedesk codes 10\n  codedesk codes invalid api key --json",
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Query = strings.Join(args, " ")
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return codesRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print a JSON array of {code, title, class, description, hint, keywords}")
	return cmd
}

func codesRun(_ context.Context, opts *CodesOptions) error {
	cat := catalog.MustDefaultCatalog()
	codes := cat.SearchCodes(opts.Query)
	if opts.JSON {
		if codes == nil {
			codes = []catalog.Code{}
		}
		return opts.IO.JSON(codes)
	}
	status := statusMeant(cat, opts.Query)
	if len(codes) == 0 {
		if status != "" {
			status = "; " + status
		}
		return &failedError{fmt.Errorf("ни один код не подходит к «%s»; все коды: codedesk codes%s", opts.Query, status)}
	}
	tw := tabwriter.NewWriter(opts.IO.Out, 0, 0, 2, ' ', 0)
	for _, c := range codes {
		fmt.Fprintf(tw, "%4d\t%s\t%s\n", c.Number, c.Title, catalog.ClassLabel(c.Class))
	}
	tw.Flush()
	if status != "" {
		fmt.Fprintf(opts.IO.ErrOut, "codedesk: %s\n", status)
	}
	return nil
}

// statusMeant points to the SMS status a query means most, when it is one
// rather than a code (codes and statuses ranked together: `codes expired`
// means EXPIRED): "EXPIRED — статус SMS, а не код ответа: codedesk sms
// statuses EXPIRED", or "".
func statusMeant(cat *catalog.Catalog, query string) string {
	if strings.TrimSpace(query) == "" {
		return ""
	}
	best, ok := cat.Best(query, cat.SearchAll(query))
	if !ok || best.Kind != catalog.KindStatus {
		return ""
	}
	name := cat.Statuses()[best.Index].Name
	return fmt.Sprintf("%s — статус SMS, а не код ответа: codedesk sms statuses %s", name, name)
}
