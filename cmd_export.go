package main

import (
	"context"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/config"
	"codedesk/model/curl"
	"codedesk/model/reply"
	"codedesk/model/safe"
)

// ExportOptions are one `codedesk export ID`.
type ExportOptions struct {
	IO      *IOStreams
	History func(context.Context) (History, error)
	ID      int64
	As      string // curl, json or reply
	// Trust is where the key may go: a curl for any other server carries a
	// placeholder, not $MOBIZON_API_KEY.
	Trust func() model.Trust
}

// NewCmdExport is `codedesk export`; runF replaces exportRun in tests.
func NewCmdExport(f *Factory, runF func(context.Context, *ExportOptions) error) *cobra.Command {
	opts := &ExportOptions{IO: f.IO, History: f.ReadHistory(false), Trust: f.namedTrust}
	var asCurl, asJSON, asReply bool
	cmd := &cobra.Command{
		Use:   "export ID",
		Short: "Print a recorded call as a curl command, JSON, or a reply to the customer",
		Long: `Print a recorded call as a curl command (the default), with the key as
$MOBIZON_API_KEY for the shell to fill in (for a server that is neither
Mobizon's nor one of your settings, a literal KEY instead, and a warning on
stderr: the shell must not send your key there); as JSON with the answer; or, with
--reply, as a reply to the customer in Russian: the code and its title, what
it means for that method, what to do, and the request as sent, without the key.`,
		Example: "  codedesk export 42\n  codedesk export 42 --json\n  codedesk export 42 --reply",
		Args:    exactArgs(1, "номер вызова из codedesk history"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseCallID(args[0])
			if err != nil {
				return err
			}
			opts.ID, opts.As = id, "curl"
			switch {
			case countTrue(asCurl, asJSON, asReply) > 1:
				return usagef("--curl, --json или --reply: что-то одно")
			case asJSON:
				opts.As = "json"
			case asReply:
				opts.As = "reply"
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return exportRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&asCurl, "curl", false, "a curl command (the default)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "JSON: the request, its answer and the curl command")
	cmd.Flags().BoolVar(&asReply, "reply", false, "a reply to the customer about the answer, in Russian")
	cmd.Flags().StringVar(&f.Profile, "profile", "", "the profile whose history to read")
	return cmd
}

func countTrue(flags ...bool) int {
	n := 0
	for _, f := range flags {
		if f {
			n++
		}
	}
	return n
}

func exportRun(ctx context.Context, opts *ExportOptions) error {
	store, err := opts.History(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	c, err := store.Get(ctx, opts.ID)
	if err != nil {
		return err
	}
	if len(c.Damaged) > 0 {
		if opts.As != "json" && damagesExport(c, opts.As == "reply") {
			return &localError{fmt.Errorf("вызов %d в истории повреждён (%s): запрос из него не собрать; "+
				"что читается: codedesk export %d --json", opts.ID, c.DamageText(), opts.ID)}
		}
		fmt.Fprintf(opts.IO.ErrOut, "codedesk: внимание: вызов %d в истории повреждён (%s)\n", opts.ID, c.DamageText())
	}
	if c.Received() {
		return exportWebhook(opts, c)
	}
	req, err := c.Request()
	if err != nil {
		return &localError{fmt.Errorf("вызов %d в истории повреждён: %w", opts.ID, err)}
	}
	export := curl.CommandFor(req, opts.Trust())
	if export.Warning != "" && opts.As != "reply" {
		fmt.Fprintf(opts.IO.ErrOut, "codedesk: внимание: %s\n", export.Warning)
	}
	switch opts.As {
	case "json":
		return opts.IO.JSON(struct {
			callView
			Curl string `json:"curl"`
		}{toView(c), export.Command})
	case "reply":
		x, sent := explainRecorded(newExplainer(config.Settings{}), c)
		if !sent {
			return &failedError{fmt.Errorf("вызов %d не отправлялся: ответа для клиента нет; отправьте его: codedesk replay %d", opts.ID, opts.ID)}
		}
		fmt.Fprint(opts.IO.Out, reply.Text(x))
		return nil
	}
	fmt.Fprintln(opts.IO.Out, export.Command)
	return nil
}

// exportWebhook exports a recorded webhook delivery: --json prints it as
// stored (its payload and verdict); a curl or a reply to the customer is
// for calls to the API, which a delivery is not (exit 2, naming --json).
func exportWebhook(opts *ExportOptions, c history.Call) error {
	if opts.As == "json" {
		return opts.IO.JSON(toView(c))
	}
	return usagef("вызов %d — вебхук %s, который codedesk принял, а не запрос к API: curl и ответ клиенту строятся только для запросов; "+
		"вебхук целиком: codedesk export %d --json", c.ID, safe.Quote(c.Method), c.ID)
}

// damagesExport reports damage to what a curl is built from (and, for a
// reply, to the answer): the export would say something else.
func damagesExport(c history.Call, reply bool) bool {
	for _, d := range c.Damaged {
		switch d {
		case "server", "module", "method", "http_method", "params":
			return true
		case "code", "message", "data", "error_kind", "error":
			if reply {
				return true
			}
		}
	}
	return false
}

// namedTrust is where the key may go by the config file and the
// environment: a broken config file trusts only Mobizon's hosts (the
// command that reads it for real says what is wrong with it).
func (f *Factory) namedTrust() model.Trust {
	cfg, err := config.LoadConfig(config.ConfigPath(f.Getenv))
	if err != nil {
		cfg = config.Config{}
	}
	return cfg.Trust(f.Getenv)
}

// parseCallID reads the id of a recorded call from the command line.
func parseCallID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, usagef("«%s» — не номер вызова (номера показывает codedesk history)", s)
	}
	return id, nil
}
