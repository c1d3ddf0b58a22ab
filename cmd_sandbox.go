package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"codedesk/sandbox"
)

// SandboxOptions are one `codedesk sandbox`.
type SandboxOptions struct {
	IO   *IOStreams
	Addr string
}

// NewCmdSandbox is `codedesk sandbox`; runF replaces sandboxRun in tests.
func NewCmdSandbox(f *Factory, runF func(context.Context, *SandboxOptions) error) *cobra.Command {
	opts := &SandboxOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Run the local emulation of the API",
		Long: `Run the sandbox: the Mobizon API's wire format on loopback, with a trigger for
every response code. It serves two regions: kz at --addr, uz on a free port
beside it, so that code 13 points to a server that answers.

` + sandbox.Triggers,
		Example: "  codedesk sandbox --addr 127.0.0.1:8080\n" +
			"  MOBIZON_API_KEY=sandbox-kz-key codedesk call user/getOwnBalance --server http://127.0.0.1:8080",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return sandboxRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Addr, "addr", "127.0.0.1:8080", "address of the kz region (the uz region takes a free port)")
	return cmd
}

// sandboxRun serves until ctrl+c (the root context) or SIGTERM.
func sandboxRun(ctx context.Context, opts *SandboxOptions) error {
	srv, err := sandbox.Start(sandbox.Options{}, opts.Addr)
	if err != nil {
		return &localError{err}
	}
	defer srv.Close()
	fmt.Fprintf(opts.IO.Out, "sandbox kz: http://%s  (key %s)\nsandbox uz: http://%s  (key %s)\nctrl+c stops it\n",
		srv.KZ, sandbox.KeyKZ, srv.UZ, sandbox.KeyUZ)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return nil
}
