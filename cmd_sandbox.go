package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/spf13/cobra"

	"codedesk/model"
	"codedesk/model/config"
	"codedesk/model/ru"
	"codedesk/model/webhook"
	"codedesk/sandbox"
)

// SandboxOptions are one `codedesk sandbox`.
type SandboxOptions struct {
	IO       *IOStreams
	Settings func() (config.Settings, string, error)
	Clock    model.Clock

	Addr         string
	Webhook      string  // "": no webhooks
	WebhookSpeed float64 // 1: Mobizon's real minutes between retries

	// base is the sandbox's options before the webhook's are added;
	// tests set its clock and delivery time.
	base sandbox.Options
}

// sandboxWebhookHelp is the webhook part of `sandbox --help`.
const sandboxWebhookHelp = `Webhooks: with --webhook URL, each message the sandbox sent gets a signed
sms-delivery-report posted to URL when it reaches its final status, naming
the messageId and campaignId the send returned. It is signed with
MOBIZON_WEBHOOK_SECRET (or the profile's webhook_secret_env / _file), or
with the public sandbox secret "` + string(webhook.SandboxSecret) + `" when none is set.
A failed delivery (no 2xx within 5 s) is retried as Mobizon does: up to 10
attempts, the gap growing by a minute each time (1, 2, … 9 minutes);
--webhook-speed F divides those minutes by F (60: a minute becomes a
second). Each attempt's outcome is printed.`

// NewCmdSandbox is `codedesk sandbox`; runF replaces sandboxRun in tests.
func NewCmdSandbox(f *Factory, runF func(context.Context, *SandboxOptions) error) *cobra.Command {
	var conn connFlags
	opts := &SandboxOptions{IO: f.IO, Settings: f.settingsFunc(&conn), Clock: f.Clock}
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Run the local emulation of the API",
		Long: `Run the sandbox: the Mobizon API's wire format on loopback, with a trigger for
every response code. It serves two regions: kz at --addr, uz on a free port
beside it, so that code 13 points to a server that answers.

` + sandboxWebhookHelp + `

` + sandbox.Triggers,
		Example: "  codedesk sandbox --addr 127.0.0.1:8080\n" +
			"  MOBIZON_API_KEY=sandbox-kz-key codedesk call user/getOwnBalance --server http://127.0.0.1:8080\n" +
			"  codedesk sandbox --webhook http://127.0.0.1:8090/ --webhook-speed 60",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return sandboxRun(cmd.Context(), opts)
		},
	}
	profileFlag(cmd, &conn)
	cmd.Flags().StringVar(&opts.Addr, "addr", "127.0.0.1:8080", "address of the kz region (the uz region takes a free port)")
	cmd.Flags().StringVar(&opts.Webhook, "webhook", "", "post a signed sms-delivery-report to this URL when each message reaches its final status")
	cmd.Flags().Float64Var(&opts.WebhookSpeed, "webhook-speed", 1, "divide the minutes between webhook retries by this (60: a minute becomes a second)")
	return cmd
}

// sandboxRun serves until ctrl+c (the root context) or SIGTERM.
func sandboxRun(ctx context.Context, opts *SandboxOptions) error {
	var mu sync.Mutex // the dispatcher's reports and the banner share the output
	sbOpts := opts.base
	var hooks *webhook.Dispatcher
	if opts.Webhook != "" {
		var err error
		if hooks, err = sandboxDispatcher(opts, &mu); err != nil {
			return err
		}
		defer hooks.Close()
		sbOpts.OnFinal = func(d sandbox.Delivery) {
			if err := hooks.Deliver(webhook.DeliveryReport(d)); err != nil {
				mu.Lock()
				fmt.Fprintf(opts.IO.ErrOut, "codedesk: вебхук сообщения %d: %v\n", d.MessageID, err)
				mu.Unlock()
			}
		}
	}
	srv, err := sandbox.Start(sbOpts, opts.Addr)
	if err != nil {
		return &localError{err}
	}
	defer srv.Close() // before the dispatcher closes: no report after it
	mu.Lock()
	fmt.Fprintf(opts.IO.Out, "песочница kz: http://%s  (ключ %s)\nпесочница uz: http://%s  (ключ %s)\nctrl+c — остановить\n",
		srv.KZ, sandbox.KeyKZ, srv.UZ, sandbox.KeyUZ)
	mu.Unlock()
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return nil
}

// sandboxDispatcher signs with the user's secret or the sandbox's, says
// which, and prints every attempt.
func sandboxDispatcher(opts *SandboxOptions, mu *sync.Mutex) (*webhook.Dispatcher, error) {
	settings, _, err := opts.Settings()
	if err != nil {
		return nil, err
	}
	secret, which := webhook.Secret(settings.WebhookSecret), secretSourceWords(settings)
	if secret.IsZero() {
		secret = webhook.SandboxSecret
		which = fmt.Sprintf("секрет песочницы %q (MOBIZON_WEBHOOK_SECRET не задан)", string(webhook.SandboxSecret))
	}
	hooks, err := webhook.NewDispatcher(webhook.DispatcherOptions{
		URL: opts.Webhook, Secret: secret, Speed: opts.WebhookSpeed, Clock: opts.Clock,
		OnAttempt: func(a webhook.DispatchAttempt) {
			mu.Lock()
			defer mu.Unlock()
			printAttempt(opts.IO, a)
		},
	})
	if err != nil {
		return nil, webhookError(err)
	}
	mu.Lock()
	fmt.Fprintf(opts.IO.Out, "вебхуки: %s, подпись: %s\n", opts.Webhook, which)
	if opts.WebhookSpeed != 1 {
		fmt.Fprintf(opts.IO.Out, "повторы вебхуков ускорены в %s: первый — через %s после неудачи, не минуту\n",
			timesWord(opts.WebhookSpeed), ru.Duration(webhook.RetryGap(1, opts.WebhookSpeed)))
	}
	mu.Unlock()
	return hooks, nil
}

// printAttempt is one delivery attempt of the sandbox's webhook.
func printAttempt(io *IOStreams, a webhook.DispatchAttempt) {
	fmt.Fprintf(io.Out, "вебхук сообщения %d (eventId %s), попытка %d: %s", a.MessageID, a.EventID, a.Attempt, a.Message)
	switch {
	case a.GaveUp:
		fmt.Fprintf(io.Out, "; это была последняя из %d попыток\n", webhook.MaxAttempts)
	case a.NextIn > 0:
		fmt.Fprintf(io.Out, "; следующая через %s\n", ru.Duration(a.NextIn))
	default:
		fmt.Fprintln(io.Out)
	}
}

// timesWord is "2 раза", "60 раз", "1,5 раза".
func timesWord(f float64) string {
	n := strings.Replace(strconv.FormatFloat(f, 'f', -1, 64), ".", ",", 1)
	if f != math.Trunc(f) {
		return n + " раза"
	}
	return n + " " + ru.Times.Form(int(f))
}
