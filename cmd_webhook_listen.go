package main

import (
	"context"
	"fmt"
	"sync"

	"github.com/spf13/cobra"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/config"
	"codedesk/model/ru"
	"codedesk/model/webhook"
)

// WebhookListenOptions are one `codedesk webhook listen`.
type WebhookListenOptions struct {
	IO       *IOStreams
	Settings func() (config.Settings, string, error)
	History  func(context.Context) (History, error)
	Clock    model.Clock

	Addr    string
	Forward string
	JSON    bool
}

// NewCmdWebhookListen is `codedesk webhook listen`; runF replaces
// webhookListenRun in tests.
func NewCmdWebhookListen(f *Factory, runF func(context.Context, *WebhookListenOptions) error) *cobra.Command {
	var conn connFlags
	opts := &WebhookListenOptions{IO: f.IO, Settings: f.settingsFunc(&conn), History: f.History, Clock: f.Clock}
	cmd := &cobra.Command{
		Use:   "listen --addr HOST:PORT",
		Short: "Receive deliveries locally, verify each, mark retries",
		Long: `Listen for deliveries at HOST:PORT (port 0 picks a free one; the address is
printed on stderr) and answer each as a webhook endpoint should, at once:
200 when the sign is right (a retry too), 403 when it is wrong or missing,
400 when the body is no payload, 413 past 1 MiB, 405 for anything but POST.
A repeated eventId (a retry: same id, new attempt and sign) is marked as a
duplicate; the last 100,000 ids are remembered. Every request is recorded in
the history. One line per event for people, or with --json one JSON object
per line. --forward URL passes each verified event on to your own handler,
body untouched, and shows what it answered and how long it took. ctrl+c
stops it with a summary.`,
		Example: "  codedesk webhook listen --addr 127.0.0.1:8090\n" +
			"  codedesk webhook listen --addr 127.0.0.1:8090 --forward http://127.0.0.1:3000/hooks --json",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return webhookListenRun(cmd.Context(), opts)
		},
	}
	profileFlag(cmd, &conn)
	cmd.Flags().StringVar(&opts.Addr, "addr", "127.0.0.1:8090", "address to listen on, HOST:PORT (port 0: a free one)")
	cmd.Flags().StringVar(&opts.Forward, "forward", "", "pass each verified event on to this URL (your own handler)")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print one JSON object per event, one a line")
	return cmd
}

// listener is one run of `webhook listen`: its output, under a lock
// (events come from the server's goroutine), and its history.
type listener struct {
	opts  *WebhookListenOptions
	mu    sync.Mutex
	store History // nil: not kept, said once
	key   string
	where string
}

// webhookListenRun listens until ctrl+c (the command's context ends), then
// closes the server, which hands over every event it took, and sums up.
func webhookListenRun(ctx context.Context, opts *WebhookListenOptions) error {
	secret, settings, err := webhookSecret(opts.Settings)
	if err != nil {
		return err
	}
	l := &listener{opts: opts, key: settings.Key}
	store, err := opts.History(ctx)
	if err != nil {
		fmt.Fprintf(opts.IO.ErrOut, "codedesk: события не будут сохранены в истории: %v\n", err)
	} else {
		l.store = store
		defer store.Close()
	}
	srv, err := webhook.NewServer(webhook.ListenerOptions{Secret: secret, OnEvent: l.event, Forward: opts.Forward, Now: opts.Clock.Now})
	if err != nil {
		return webhookError(err)
	}
	if err := srv.Start(opts.Addr); err != nil {
		srv.Close()
		return &localError{err}
	}
	l.mu.Lock()
	l.where = srv.URL()
	fmt.Fprintf(opts.IO.ErrOut, "слушаю вебхуки: %s (%s)\n%s\n", srv.URL(), secretSourceWords(settings), webhook.DuplicateMemoryNote)
	if opts.Forward != "" {
		fmt.Fprintf(opts.IO.ErrOut, "проверенные события передаются дальше: %s\n", opts.Forward)
	}
	fmt.Fprintln(opts.IO.ErrOut, "ctrl+c — остановить")
	l.mu.Unlock()

	<-ctx.Done()
	srv.Close() // every event taken reaches l.event before it returns
	l.summary(srv.Handler().Stats())
	return nil
}

// event prints one event and keeps it in the history.
func (l *listener) event(ev webhook.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.opts.JSON {
		if err := l.opts.IO.JSONLine(ev); err != nil {
			fmt.Fprintf(l.opts.IO.ErrOut, "codedesk: %v\n", err)
		}
	} else {
		fmt.Fprintln(l.opts.IO.Out, ev.Line(statusTitle))
	}
	if l.store != nil {
		if _, err := l.store.Record(context.Background(), history.FromWebhook(ev, l.where), l.key); err != nil {
			fmt.Fprintf(l.opts.IO.ErrOut, "codedesk: %v\n", err)
		}
	}
}

// summary says what the listener received, when it stops.
func (l *listener) summary(s webhook.Stats) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.opts.IO.Out
	if l.opts.JSON {
		w = l.opts.IO.ErrOut
	}
	fmt.Fprintf(w, "остановлено: принято %s, подпись верна у %d, повторов %d, отклонено %d\n",
		ru.Requests.Count(int(s.Received)), s.Verified, s.Duplicates, s.Rejected)
}
