package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"codedesk/history"
	"codedesk/model/curl"
)

func newImportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import 'curl …' | URL | -",
		Short: "Keep a customer's curl command or URL in the history",
		Long: `Read a request from a curl command (as the API documentation writes them, or as
a customer pastes it) or from the URL of a call, and keep it in the history
without sending it; print its id, for replay and export. With - (or nothing)
the text is read from standard input. An API key in the text is removed, and
you are told: replays use your own profile's key.`,
		Example: "  codedesk import \"curl -X POST 'https://api.mobizon.kz/service/message/sendsmsmessage?apiKey=…' -d 'recipient=7700…&text=Hi'\"\n" +
			"  pbpaste | codedesk import -",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			text := ""
			if len(args) == 1 && args[0] != "-" {
				text = args[0]
			} else {
				b, err := io.ReadAll(io.LimitReader(cmd.InOrStdin(), 1<<20))
				if err != nil {
					return usageError("stdin: %v", err)
				}
				text = string(b)
			}
			im, err := curl.Parse(text)
			if err != nil {
				return usageError("%v", err)
			}
			errOut := cmd.ErrOrStderr()
			if im.KeyRemoved {
				fmt.Fprintln(errOut, "codedesk: ключ API из запроса удалён; повторы пойдут с ключом вашего профиля")
			}
			for _, n := range im.Notes {
				fmt.Fprintln(errOut, "codedesk:", n)
			}
			store, err := openHistory()
			if err != nil {
				return &exitError{code: exitAPIError, err: err}
			}
			defer store.Close()
			r := im.Request
			id, err := store.Record(context.Background(), history.Call{
				Server: r.Server.String(), Module: r.Module, Method: r.Method, HTTPMethod: r.HTTPMethod(),
				Params: r.Params, Source: "import",
			}, "")
			if err != nil {
				return &exitError{code: exitAPIError, err: err}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%d\n", id)
			fmt.Fprintf(errOut, "codedesk: %s %s, %d параметров → вызов %d (codedesk replay %d)\n",
				r.Server, strings.ToLower(r.Name()), len(r.Params), id, id)
			return nil
		},
	}
	return cmd
}
