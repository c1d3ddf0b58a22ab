package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"codedesk/model"
	"codedesk/model/catalog"
	"codedesk/model/config"
	"codedesk/model/delivery"
)

// NewCmdSms is `codedesk sms`: "where is my SMS?" — the delivery statuses,
// lookups by message id and by number, and what a text will cost.
func NewCmdSms(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sms",
		Short: "Where is my SMS: delivery statuses, lookups, segment checks",
		Long: `Answer "my SMS did not arrive": the nine delivery statuses and what each
means, the status of messages by id (message/getSMSStatus, --wait to follow
them to their final status), the messages sent to a number (message/list),
and the encoding and segments of a text before it is sent.`,
		Example: "  codedesk sms statuses недоставлено\n" +
			"  codedesk sms status 40012345 40012346 --wait\n" +
			"  codedesk sms list --to 77001234567 --since 2d\n" +
			"  codedesk sms check 'Ваш код: 1234'",
		Args: noArgs,
		// Runnable, so that a mistyped subcommand is a usage error, not help.
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(NewCmdSmsStatuses(f, nil), NewCmdSmsStatus(f, nil), NewCmdSmsList(f, nil), NewCmdSmsCheck(f, nil))
	return cmd
}

// deliveryClient asks the API about messages with the settings' server
// and key, and records every wire call it makes in the history, like any
// call.
func deliveryClient(ctx context.Context, d deps, s config.Settings, rec *recorder) *delivery.Client {
	return &delivery.Client{
		Caller: d.NewClient(s),
		Server: s.Server,
		Key:    s.Key,
		Clock:  d.Clock,
		OnCall: func(req model.Request, resp model.Response, err error) {
			if interrupted(err) {
				return // the user stopped it: not an outcome worth keeping
			}
			// A call that came back is kept even when ctrl+c follows.
			rec.Record(context.WithoutCancel(ctx), req, resp, err, 0)
		},
	}
}

// deliveryError is what a lookup's error means for the exit status: bad
// input is usage (nothing was sent), a code other than 0 a failure, no
// answer, an unreadable one or an interruption no answer.
func deliveryError(err error) error {
	var (
		input *delivery.InputError
		api   *delivery.APIError
		data  *delivery.DataError
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &input):
		return &usageError{input}
	case errors.As(err, &api):
		title := catalog.MustDefaultCatalog().Describe(api.Response.Code).Title
		return &failedError{fmt.Errorf("%s (%s)", api.Error(), title)}
	case errors.As(err, &data):
		return &noAnswerError{fmt.Errorf("ответ API не прочитан: %w", data)}
	case interrupted(err):
		return &noAnswerError{errors.New("прервано: ответ API не дождались")}
	}
	if ce, ok := model.AsCallError(err); ok {
		return &noAnswerError{fmt.Errorf("ответа API нет (%s): %s", ce.Kind.Label(), ce.Error())}
	}
	return &noAnswerError{err}
}

// printNotes says on stderr what was odd in the answers, once each.
func printNotes(io *IOStreams, notes []string, said map[string]bool) {
	for _, n := range notes {
		if !said[n] {
			said[n] = true
			fmt.Fprintln(io.ErrOut, "codedesk:", n)
		}
	}
}

// interrupted reports that the user stopped the lookup (ctrl+c), between
// calls or during one.
func interrupted(err error) bool {
	if errors.Is(err, context.Canceled) {
		return true
	}
	ce, ok := model.AsCallError(err)
	return ok && ce.Kind == model.KindCanceled
}
