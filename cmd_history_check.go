package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"codedesk/history"
	"codedesk/model/ru"
)

// CheckOptions are one `codedesk history check`.
type CheckOptions struct {
	IO *IOStreams
	// Place finds the history to check.
	Place func() (HistoryPlace, error)
	// Repair, when not "", is the new file every readable call is copied to.
	Repair string
}

// NewCmdHistoryCheck is `codedesk history check`; runF replaces checkRun in tests.
func NewCmdHistoryCheck(f *Factory, runF func(context.Context, *CheckOptions) error) *cobra.Command {
	opts := &CheckOptions{IO: f.IO, Place: func() (HistoryPlace, error) { return f.historyPlace(true, false) }}
	cmd := &cobra.Command{
		Use:   "check [--repair NEW-FILE]",
		Short: "Check the history file's integrity; copy what can be read into a new file",
		Long: `Check the integrity of the history file (SQLite's full integrity check; the
file is only read). A damaged file is never written to by codedesk; --repair
NEW-FILE copies every call that can still be read into a new file, under the
same ids (ids the damaged file used are never given again), and says how many
could not be read. Then use the new file with --history NEW-FILE, or move it
into the old one's place.

Exit status: 0 when the file is sound (with --repair: when the copy is made,
damaged or not), 2 for bad usage (a team's history on PostgreSQL is checked
by its server), 4 when the file is damaged, is not a history, or cannot be
read or copied.`,
		Example: "  codedesk history check\n  codedesk history check --repair ~/history-repaired.db",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cmd.Flags().Changed("repair") && opts.Repair == "" {
				return usagef("--repair: нужен путь к новому файлу")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return checkRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Repair, "repair", "", "copy every readable call into this new file")
	return cmd
}

func checkRun(ctx context.Context, opts *CheckOptions) error {
	place, err := opts.Place()
	if err != nil {
		return err
	}
	path := place.Where
	if history.IsPostgresURL(path) {
		return usagef("история %s — база PostgreSQL: её целостность проверяет сам сервер; "+
			"check проверяет файл SQLite (--history ФАЙЛ)", history.RedactURL(path))
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return &localError{fmt.Errorf("файла истории %s нет: проверять нечего", path)}
	}
	checkErr := history.Check(ctx, path)
	if checkErr == nil {
		checkErr = checkRows(ctx, opts, path)
	}
	switch {
	case checkErr == nil:
		fmt.Fprintf(opts.IO.Out, "история %s цела: проверка целостности прошла\n", path)
	case errors.Is(checkErr, history.ErrDamaged):
		fmt.Fprintf(opts.IO.ErrOut, "codedesk: %v\n", checkErr)
	case errors.Is(checkErr, errDamagedRows):
		if opts.Repair == "" {
			return &localError{errDamagedRows}
		}
	default:
		return &localError{fmt.Errorf("история %s не проверена: %w", path, checkErr)}
	}
	if opts.Repair == "" {
		if checkErr != nil {
			return &localError{errors.New("скопируйте всё, что читается, в новый файл: " + history.RepairCommand(path))}
		}
		return nil
	}
	return repair(ctx, opts, path)
}

// errDamagedRows is a sound file with calls whose fields cannot be read.
var errDamagedRows = errors.New("в истории есть вызовы с повреждёнными полями")

// checkRows reads every call of a file whose pages are sound and says
// which have fields that cannot be read (written by another tool): they
// are listed marked, the file is otherwise fine; the check fails (4).
func checkRows(ctx context.Context, opts *CheckOptions, path string) error {
	n, ranges, err := history.DamagedCalls(ctx, path)
	if err != nil {
		return err
	}
	if n == 0 {
		return nil
	}
	fmt.Fprintf(opts.IO.ErrOut, "codedesk: история %s: страницы целы, но у %s поля не читаются (%s): "+
		"такие вызовы показываются с пометкой «повреждено», остальные — как есть\n",
		path, fmt.Sprintf("%d %s", n, ru.Form(int64(n), "вызова", "вызовов", "вызовов")), idRanges(ranges))
	return errDamagedRows
}

// repair copies what can be read of the history at path into the new file
// and says how to use it.
func repair(ctx context.Context, opts *CheckOptions, path string) error {
	res, err := history.Repair(ctx, path, opts.Repair)
	if err != nil {
		return &localError{fmt.Errorf("копия не сделана: %w", err)}
	}
	out := opts.IO.Out
	fmt.Fprintf(out, "в %s скопировано %s под прежними номерами", opts.Repair, ru.Calls.Count(res.Copied))
	if lost := res.Lost(); lost > 0 {
		fmt.Fprintf(out, "; нет в копии: %s (%s: не прочитаны или удалены раньше)", ru.Calls.Count(lost), idRanges(res.Missing))
	}
	fmt.Fprintf(out, "\nстарый файл не тронут. Дальше работайте с копией: codedesk --history %s … "+
		"(или history = %q в config.toml),\n", history.ShellWord(opts.Repair), opts.Repair)
	// The old file's -wal and -shm must go with it: SQLite would read a
	// stale log into the copy.
	fmt.Fprintf(out, "или, пока codedesk не запущен, поставьте её на место старой: "+
		"mv %[1]s %[2]s && rm -f %[3]s %[4]s && mv %[5]s %[1]s\n",
		history.ShellWord(path), history.ShellWord(path+".damaged"), history.ShellWord(path+"-wal"), history.ShellWord(path+"-shm"), history.ShellWord(opts.Repair))
	return nil
}

// idRanges names ranges of call ids as people write them: «номера 64–68,
// 100»; past ten ranges, how many more.
func idRanges(rs []history.IDRange) string {
	const shown = 10
	parts := make([]string, 0, min(len(rs), shown))
	for _, r := range rs[:min(len(rs), shown)] {
		if r.From == r.To {
			parts = append(parts, fmt.Sprint(r.From))
		} else {
			parts = append(parts, fmt.Sprintf("%d–%d", r.From, r.To))
		}
	}
	word := "номер"
	if len(rs) > 1 || rs[0].From != rs[0].To {
		word = "номера"
	}
	text := word + " " + strings.Join(parts, ", ")
	if len(rs) > shown {
		text += fmt.Sprintf(" и ещё %d %s", len(rs)-shown, ru.Form(int64(len(rs)-shown), "диапазон", "диапазона", "диапазонов"))
	}
	return text
}
