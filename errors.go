package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/safe"
	"codedesk/model/syserr"
)

// Exit statuses, as DESIGN.md promises them to scripts. exitStatus is the
// one place that picks one.
const (
	exitOK       = 0 // the API did what was asked, or a local command worked
	exitAPIError = 1 // the API said no, or a lookup found nothing
	exitUsage    = 2 // bad usage, or consent to spend money not given
	exitNoAnswer = 3 // no envelope came back (network, TLS, timeout, not JSON, cancelled)
	exitLocal    = 4 // this machine's problem: history, config, a file that cannot be written
)

// The errors a command returns, one type per exit status. Err nil means
// the command has already said everything (its output shows the answer).
type (
	// usageError: the command line is wrong; nothing was sent.
	usageError struct{ Err error }
	// failedError: the API said no, or a lookup found nothing.
	failedError struct{ Err error }
	// noAnswerError: no envelope came back, or the user cancelled.
	noAnswerError struct{ Err error }
	// localError: the history, the config or a file here failed.
	localError struct{ Err error }
)

func (e *usageError) Error() string    { return errText(e.Err) }
func (e *failedError) Error() string   { return errText(e.Err) }
func (e *noAnswerError) Error() string { return errText(e.Err) }
func (e *localError) Error() string    { return errText(e.Err) }
func (e *usageError) Unwrap() error    { return e.Err }
func (e *failedError) Unwrap() error   { return e.Err }
func (e *noAnswerError) Unwrap() error { return e.Err }
func (e *localError) Unwrap() error    { return e.Err }

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// usagef is a usageError with a message.
func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// outcomeError turns what an exchange meant into what the command
// returns: nil for success, or the error whose status says what happened.
// why, if not nil, is what to tell the user.
func outcomeError(o model.Outcome, why error) error {
	switch o {
	case model.OutcomeSucceeded:
		return nil
	case model.OutcomeFailed:
		return &failedError{why}
	}
	return &noAnswerError{why}
}

// withWriteFailure adds output that could not be written (lost, from
// IOStreams.WriteFailure) to what the command returned, unless the command
// said so itself: a local failure (4), whatever the command thought of
// its work, since what it printed did not arrive.
func withWriteFailure(err, lost error) error {
	var said *outputError
	if lost == nil || errors.As(err, &said) {
		return err
	}
	if err == nil {
		return lost
	}
	return errors.Join(err, lost)
}

// exitStatus maps what a command returned to the exit status and says
// why on errOut, once. Every status comes from here.
func exitStatus(err error, errOut io.Writer) int {
	if err == nil {
		return exitOK
	}
	status := statusOf(err)
	if status < 0 {
		// Only cobra's own commands (help, completion) return untyped
		// errors, all about the command line, in English.
		err, status = fmt.Errorf("командная строка не разобрана: %w", err), exitUsage
	}
	if msg := strings.TrimSpace(syserr.Say(err)); msg != "" {
		fmt.Fprintln(errOut, "codedesk:", msg)
	}
	return status
}

// statusOf is the status of a typed error, or -1 for an untyped one.
func statusOf(err error) int {
	var (
		usage    *usageError
		failed   *failedError
		noAnswer *noAnswerError
		local    *localError
	)
	switch {
	case errors.As(err, &usage):
		return exitUsage
	case errors.As(err, &local):
		return exitLocal
	case errors.As(err, &failed), errors.Is(err, history.ErrNotFound):
		return exitAPIError
	case errors.As(err, &noAnswer):
		return exitNoAnswer
	}
	if _, ok := model.AsCallError(err); ok {
		return exitNoAnswer
	}
	return -1
}

// flagError says in Russian what is wrong with a flag (pflag's own words
// are English); it is a usage error.
func flagError(_ *cobra.Command, err error) error {
	var (
		notExist *pflag.NotExistError
		noValue  *pflag.ValueRequiredError
		invalid  *pflag.InvalidValueError
		syntax   *pflag.InvalidSyntaxError
	)
	switch {
	case errors.As(err, &notExist):
		name := "--" + notExist.GetSpecifiedName()
		if short := notExist.GetSpecifiedShortnames(); short != "" {
			name = "-" + notExist.GetSpecifiedName()
		}
		return usagef("нет такого флага: %s (список флагов: --help)", name)
	case errors.As(err, &noValue):
		return usagef("флагу --%s нужно значение", noValue.GetFlag().Name)
	case errors.As(err, &invalid):
		return usagef("флаг --%s: %s — не %s", invalid.GetFlag().Name, safe.Quote(invalid.GetValue()), typeName(invalid.GetFlag().Value.Type()))
	case errors.As(err, &syntax):
		return usagef("флаг %s не разобрать", syntax.GetSpecifiedFlag())
	}
	return usagef("%v", err)
}

// typeName names a flag's type in Russian, for the error above.
func typeName(t string) string {
	switch t {
	case "int", "int64":
		return "целое число"
	case "duration":
		return "длительность вида 30s"
	case "bool":
		return "true или false"
	}
	return t
}

// Argument checks in Russian, in place of cobra's English ones.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if cmd.HasSubCommands() {
		return usagef("нет такой команды: %s (список команд: codedesk --help)", safe.Quote(args[0]))
	}
	return usagef("%s не принимает аргументов, а получено: %s", cmd.CommandPath(), strings.Join(args, " "))
}

func exactArgs(n int, what string) cobra.PositionalArgs {
	return needArgs(func(k int) bool { return k == n }, what)
}

func minArgs(n int, what string) cobra.PositionalArgs {
	return needArgs(func(k int) bool { return k >= n }, what)
}

// needArgs says what is missing, with the command's first example.
func needArgs(ok func(int) bool, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if !ok(len(args)) {
			return usagef("%s: нужен %s (пример: %s)", cmd.CommandPath(), what, firstExample(cmd))
		}
		return nil
	}
}

func maxArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return usagef("%s: лишние аргументы: %s", cmd.CommandPath(), strings.Join(args[n:], " "))
		}
		return nil
	}
}

// firstExample is the first line of a command's examples, trimmed.
func firstExample(cmd *cobra.Command) string {
	line, _, _ := strings.Cut(strings.TrimSpace(cmd.Example), "\n")
	if line == "" {
		return cmd.UseLine()
	}
	return strings.TrimSpace(line)
}
