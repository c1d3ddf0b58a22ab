package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"codedesk/sandbox"
)

func newSandboxCmd() *cobra.Command {
	var addr string
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Run the local emulation of the API",
		Long: `Run the sandbox: the Mobizon API's wire format on loopback, with a trigger for
every response code. It serves two regions: kz at --addr, uz on a free port
beside it, so that code 13 points to a server that answers.

` + sandbox.Triggers,
		Example: "  codedesk sandbox --addr 127.0.0.1:8080\n" +
			"  MOBIZON_API_KEY=sandbox-kz-key codedesk call user/getOwnBalance --server http://127.0.0.1:8080",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			srv, err := sandbox.Start(sandbox.Options{}, addr)
			if err != nil {
				return &exitError{code: exitAPIError, err: err}
			}
			defer srv.Close()
			fmt.Fprintf(cmd.OutOrStdout(), "sandbox kz: http://%s  (key %s)\nsandbox uz: http://%s  (key %s)\nctrl+c stops it\n",
				srv.KZ, sandbox.KeyKZ, srv.UZ, sandbox.KeyUZ)
			stop := make(chan os.Signal, 1)
			signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
			select {
			case <-stop:
			case <-cmd.Context().Done():
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address of the kz region (the uz region takes a free port)")
	return cmd
}
