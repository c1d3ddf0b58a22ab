package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"codedesk/model/catalog"
)

func newCodesCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "codes [QUERY...]",
		Short: "List the codes matching a number or keywords, best first",
		Long: `List API response codes matching QUERY, best match first. QUERY is a code
number or words in Russian or English ("лимит", "rate limit", "домен").
Without QUERY every code is listed in table order.`,
		Example: "  codedesk codes лимит\n  codedesk codes 10\n  codedesk codes invalid api key --json",
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, err := catalog.DefaultCatalog()
			if err != nil {
				return &exitError{code: exitAPIError, err: err}
			}
			codes := cat.SearchCodes(strings.Join(args, " "))
			out := cmd.OutOrStdout()
			if asJSON {
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				if codes == nil {
					codes = []catalog.Code{}
				}
				return enc.Encode(codes)
			}
			if len(codes) == 0 {
				return &exitError{code: exitAPIError, err: fmt.Errorf("no code matches %q", strings.Join(args, " "))}
			}
			for _, c := range codes {
				fmt.Fprintf(out, "%4d  %-8s %s\n", c.Number, c.Class, c.Title)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of {code, title, class, description, hint, keywords}")
	return cmd
}
