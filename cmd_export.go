package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"codedesk/history"
	"codedesk/model/curl"
)

func newExportCmd() *cobra.Command {
	var asCurl, asJSON bool
	cmd := &cobra.Command{
		Use:   "export ID",
		Short: "Print a recorded call as a curl command or JSON",
		Long: `Print a recorded call as a curl command (the default), with the key as
$MOBIZON_API_KEY for the shell to fill in, or as JSON with the answer.`,
		Example: "  codedesk export 42\n  codedesk export 42 --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if asCurl && asJSON {
				return usageError("--curl или --json, не оба")
			}
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return usageError("%q — не номер вызова", args[0])
			}
			store, err := openHistory()
			if err != nil {
				return &exitError{code: exitAPIError, err: err}
			}
			defer store.Close()
			c, err := store.Get(context.Background(), id)
			if errors.Is(err, history.ErrNotFound) {
				return &exitError{code: exitAPIError, err: err}
			}
			if err != nil {
				return &exitError{code: exitAPIError, err: err}
			}
			req, err := c.Request()
			if err != nil {
				return &exitError{code: exitAPIError, err: fmt.Errorf("вызов %d: %v", id, err)}
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), struct {
					callView
					Curl string `json:"curl"`
				}{toView(c), curl.Command(req)})
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), curl.Command(req))
			return err
		},
	}
	cmd.Flags().BoolVar(&asCurl, "curl", false, "a curl command (the default)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "JSON: the request, its answer and the curl command")
	return cmd
}
