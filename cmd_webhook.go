package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"codedesk/model/catalog"
	"codedesk/model/config"
	"codedesk/model/jsonx"
	"codedesk/model/webhook"
)

// NewCmdWebhook is `codedesk webhook`: verify a delivery's sign, receive
// deliveries locally, fire a signed test delivery at an endpoint.
func NewCmdWebhook(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "webhook",
		Short: "Verify, receive and send Mobizon webhooks",
		Long: `Settle the webhook tickets: "the signature never matches" (verify),
"my webhook never arrives" (listen, send), "I get the same event ten times"
(listen marks retries, send --repeat sends one).

The signing secret comes from MOBIZON_WEBHOOK_SECRET, or the profile's
webhook_secret_env or webhook_secret_file in config.toml: never a flag,
never stored, never printed.`,
		Example: "  codedesk webhook verify payload.json\n" +
			"  codedesk webhook listen --addr 127.0.0.1:8090\n" +
			"  codedesk webhook send https://example.com/hooks/mobizon --status UNDELIV",
		Args: noArgs,
		// Runnable, so that a mistyped subcommand is a usage error, not help.
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(NewCmdWebhookVerify(f, nil), NewCmdWebhookListen(f, nil), NewCmdWebhookSend(f, nil))
	return cmd
}

// profileFlag registers --profile alone: the webhook commands need a
// profile's secret, not a server.
func profileFlag(cmd *cobra.Command, c *connFlags) {
	cmd.Flags().StringVar(&c.profile, "profile", "", "profile of the config file whose webhook secret to use")
}

// errNoWebhookSecret says how to set a secret.
var errNoWebhookSecret = &usageError{errors.New(webhook.ErrNoSecret.Error() +
	" (секрет задаётся при создании вебхука в панели Mobizon; флага для него нет, чтобы он не попал в историю команд)")}

// webhookSecret is the signing secret of the settings, or a usage error
// saying how to set one. The settings have already told the streams to
// mask it.
func webhookSecret(resolve func() (config.Settings, string, error)) (webhook.Secret, config.Settings, error) {
	s, _, err := resolve()
	if err != nil {
		return "", s, err
	}
	if s.WebhookSecret == "" {
		return "", s, errNoWebhookSecret
	}
	return webhook.Secret(s.WebhookSecret), s, nil
}

// webhookError is what the webhook package's errors mean for the exit
// status: every one it returns is about what the user gave (2).
func webhookError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, webhook.ErrNoSecret) {
		return errNoWebhookSecret
	}
	return &usageError{err}
}

// statusTitle is an SMS status's title from the catalog, for an event's
// line; "" for a status the table lacks.
func statusTitle(name string) string {
	if s, ok := catalog.MustDefaultCatalog().LookupStatus(name); ok {
		return s.Title
	}
	return ""
}

// printEvent prints what a delivery says: its type, id, attempt, time,
// format, notes and data, with a delivery report's status explained.
func printEvent(w io.Writer, ev webhook.Event) {
	field := func(name, value string) {
		if value != "" {
			fmt.Fprintf(w, "%-14s %s\n", name+":", value)
		}
	}
	field("событие", ev.EventType)
	field("eventId", ev.EventID)
	if ev.Attempt > 0 {
		field("попытка", fmt.Sprint(ev.Attempt))
	}
	field("создано", ev.EventCreateTs)
	field("webhookId", ev.WebhookID)
	if ev.Format != "" && ev.Format != webhook.FormatJSON {
		field("формат", ev.Format.Title())
	}
	if ev.Status != "" {
		st := catalog.MustDefaultCatalog().DescribeStatus(ev.Status)
		field("статус SMS", fmt.Sprintf("%s · %s (%s)", st.Name, st.Title, catalog.StatusLabel(st)))
		if st.Description != "" {
			fmt.Fprintf(w, "%-14s %s\n", "", st.Description)
		}
	}
	if data := string(ev.Data); data != "" && data != "null" {
		fmt.Fprintf(w, "data:\n%s\n", jsonx.Pretty(ev.Data))
	}
	for _, n := range ev.Notes {
		fmt.Fprintf(w, "заметка: %s\n", n.Text)
	}
}

// printVerification prints the verdict and, on a mismatch, what to check.
func printVerification(w io.Writer, v *webhook.Verification) {
	if v == nil {
		return
	}
	if v.Verified {
		fmt.Fprintf(w, "✓ %s\n", v.Message)
		return
	}
	fmt.Fprintf(w, "✗ %s\n", v.Message)
	if v.Cause != "" {
		fmt.Fprintf(w, "причина: %s\n", v.Cause.Title())
	}
	if v.MatchedWith != "" {
		fmt.Fprintf(w, "совпадает, если подписать: %s\n", v.MatchedWith)
	}
	if v.ReceivedSign != "" {
		fmt.Fprintf(w, "подписано:  %s\nпришёл sign: %s\nожидался:   %s\n", v.Signed, v.ReceivedSign, v.ExpectedSign)
	}
	if len(v.Advice) > 0 {
		fmt.Fprintln(w, "Что проверить:")
		for _, a := range v.Advice {
			fmt.Fprintf(w, "  • %s\n", a)
		}
	}
}

// secretSourceWords says where the secret came from, never what it is.
func secretSourceWords(s config.Settings) string {
	return strings.TrimSpace("секрет из " + s.WebhookSecretSource)
}
