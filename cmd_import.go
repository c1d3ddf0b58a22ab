package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/curl"
	"codedesk/model/ru"
)

// ImportOptions are one `codedesk import`.
type ImportOptions struct {
	IO      *IOStreams
	History func(context.Context) (History, error)
	Clock   model.Clock
	Text    string // the curl command or URL; "" reads IO.In
}

// maxImport is how much of standard input an import reads.
const maxImport = 1 << 20

// NewCmdImport is `codedesk import`; runF replaces importRun in tests.
func NewCmdImport(f *Factory, runF func(context.Context, *ImportOptions) error) *cobra.Command {
	opts := &ImportOptions{IO: f.IO, History: f.History, Clock: f.Clock}
	cmd := &cobra.Command{
		Use:   "import 'curl …' | URL | -",
		Short: "Keep a customer's curl command or URL in the history",
		Long: `Read a request from a curl command (as the API documentation writes them, or as
a customer pastes it) or from the URL of a call, and keep it in the history
without sending it; print its id, for replay and export. With - (or nothing)
the text is read from standard input. When a team's history server is away
the request is kept locally and there is no id yet: nothing is printed on
standard output, and stderr says so. An API key in the text is removed, and
you are told: replays use your own profile's key.`,
		Example: "  codedesk import \"curl -X POST 'https://api.mobizon.kz/service/message/sendsmsmessage?apiKey=…' -d 'recipient=7700…&text=Hi'\"\n" +
			"  pbpaste | codedesk import -",
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 && args[0] != "-" {
				opts.Text = args[0]
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return importRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&f.Profile, "profile", "", "the profile whose history and agent to use")
	return cmd
}

func importRun(ctx context.Context, opts *ImportOptions) error {
	text := opts.Text
	if text == "" {
		b, err := io.ReadAll(io.LimitReader(opts.IO.In, maxImport))
		if err != nil {
			return &localError{fmt.Errorf("стандартный ввод не прочитан: %w", err)}
		}
		text = string(b)
	}
	im, err := curl.Parse(text)
	if err != nil {
		// The parser quotes the customer's text; the streams make it inert
		// and mask a key in it.
		return usagef("запрос не разобран: %v", err)
	}
	errOut := opts.IO.ErrOut
	if im.KeyRemoved {
		fmt.Fprintln(errOut, "codedesk: ключ API из запроса удалён; повторы пойдут с ключом вашего профиля")
	}
	for _, n := range im.Notes {
		fmt.Fprintln(errOut, "codedesk:", n)
	}
	store, err := opts.History(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	r := im.Request
	id, err := store.Record(ctx, history.Call{
		At: opts.Clock.Now(), Server: r.Server.String(), Module: r.Module, Method: r.Method, HTTPMethod: r.HTTPMethod(),
		Params: r.Params, Source: "import",
	}, "")
	if err != nil {
		return err
	}
	if id == 0 {
		// The team's server did not take it: there is no id to print yet.
		fmt.Fprintf(errOut, "codedesk: %s %s, %s: сохранён локально, номера пока нет; он появится в истории команды, "+
			"когда сервер вернётся (отправить сразу: codedesk history push)\n", r.Server, spell(r.Name()), ru.Params.Count(len(r.Params)))
		return nil
	}
	fmt.Fprintf(opts.IO.Out, "%d\n", id)
	fmt.Fprintf(errOut, "codedesk: %s %s, %s → вызов %d (codedesk replay %d)\n",
		r.Server, spell(r.Name()), ru.Params.Count(len(r.Params)), id, id)
	return nil
}
