package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"codedesk/model"
	"codedesk/model/config"
	"codedesk/model/webhook"
)

// WebhookSendOptions are one `codedesk webhook send`.
type WebhookSendOptions struct {
	IO       *IOStreams
	Settings func() (config.Settings, string, error)
	Clock    model.Clock

	URL     string
	Event   string
	Status  string
	Attempt int
	Repeat  bool
	JSON    bool

	// limit and patience are Mobizon's 5 s and how long codedesk waits to
	// say how late an answer was (10 s); tests shorten them.
	limit, patience time.Duration
}

// NewCmdWebhookSend is `codedesk webhook send`; runF replaces
// webhookSendRun in tests.
func NewCmdWebhookSend(f *Factory, runF func(context.Context, *WebhookSendOptions) error) *cobra.Command {
	var conn connFlags
	opts := &WebhookSendOptions{IO: f.IO, Settings: f.settingsFunc(&conn), Clock: f.Clock}
	cmd := &cobra.Command{
		Use:   "send URL",
		Short: "Post a signed sample delivery and judge the answer as Mobizon would",
		Long: `Post a correctly signed sample event to URL exactly as Mobizon would (POST,
JSON, the documented fields, signed with the webhook secret) and judge the
answer as Mobizon does: delivered only when 2xx comes within 5 seconds, at
most one redirect followed. A late answer is waited for up to 10 seconds to
say how late it was. Prints the HTTP status, the time taken, the redirects,
TLS problems and what the endpoint's owner must fix. --attempt N sends that
attempt; --repeat sends the next attempt of the same event too (same eventId,
new attempt and sign), to test de-duplication. URL may be any host: only the
webhook secret's sign goes there, never the API key.

Exit status: 0 when delivered, 1 when Mobizon would count it as failed (an
error status, too many redirects, too late), 2 for bad usage (no secret, a
bad URL), 3 when no connection could be made.`,
		Example: "  codedesk webhook send https://example.com/hooks/mobizon\n" +
			"  codedesk webhook send http://127.0.0.1:3000/hooks --status UNDELIV --repeat\n" +
			"  codedesk webhook send https://example.com/hooks --event form-submission --json",
		Args: exactArgs(1, "адрес обработчика вебхуков"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.URL = args[0]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return webhookSendRun(cmd.Context(), opts)
		},
	}
	profileFlag(cmd, &conn)
	fl := cmd.Flags()
	fl.StringVar(&opts.Event, "event", webhook.EventDeliveryReport, "event type: sms-delivery-report, form-submission, …")
	fl.StringVar(&opts.Status, "status", "DELIVRD", "the SMS status a delivery report carries")
	fl.IntVar(&opts.Attempt, "attempt", 1, "the attempt number to send (1–10)")
	fl.BoolVar(&opts.Repeat, "repeat", false, "then send the next attempt of the same event (a retry)")
	fl.BoolVar(&opts.JSON, "json", false, "print the report as JSON: {url, outcome, deliveries}")
	return cmd
}

func webhookSendRun(ctx context.Context, opts *WebhookSendOptions) error {
	secret, _, err := webhookSecret(opts.Settings)
	if err != nil {
		return err
	}
	rep, err := webhook.Send(ctx, webhook.SendOptions{
		URL: opts.URL, Secret: secret, EventType: opts.Event, Status: opts.Status,
		Attempt: opts.Attempt, Repeat: opts.Repeat, Now: opts.Clock.Now,
		Limit: opts.limit, Patience: opts.patience,
	})
	if err != nil {
		return webhookError(err)
	}
	if opts.JSON {
		if err := opts.IO.JSON(rep); err != nil {
			return err
		}
	} else {
		for _, d := range rep.Deliveries {
			printDelivery(opts.IO.Out, d)
		}
	}
	switch rep.ExitCode() {
	case exitOK:
		return nil
	case exitNoAnswer:
		return &noAnswerError{errors.New("соединиться с обработчиком не удалось")}
	}
	return &failedError{errors.New("эту доставку Mobizon счёл бы неудачной и повторил бы")}
}

// printDelivery is one attempt for people: what was sent where, what came
// back and how fast, the redirects, and what to fix.
func printDelivery(w io.Writer, d webhook.Delivery) {
	fmt.Fprintf(w, "%s · eventId %s · попытка %d → %s\n", d.EventType, d.EventID, d.Attempt, d.URL)
	mark := "✗"
	if d.Outcome == webhook.OutcomeDelivered {
		mark = "✓"
	}
	fmt.Fprintf(w, "%s %s\n", mark, d.Message)
	for _, r := range d.Redirects {
		followed := "Mobizon за ним не пойдёт"
		if r.Followed {
			followed = "Mobizon за ним пойдёт"
		}
		fmt.Fprintf(w, "  перенаправление %d → %s (%s)\n", r.Status, r.Location, followed)
	}
	if d.Response != "" {
		fmt.Fprintf(w, "  ответ: %s\n", d.Response)
	}
	if len(d.Advice) > 0 {
		fmt.Fprintln(w, "Что исправить:")
		for _, a := range d.Advice {
			fmt.Fprintf(w, "  • %s\n", a)
		}
	}
}
