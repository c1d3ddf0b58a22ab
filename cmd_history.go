package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/config"
	"codedesk/model/jsonx"
	"codedesk/model/ru"
	"codedesk/model/safe"
)

// HistoryOptions are one `codedesk history`.
type HistoryOptions struct {
	IO      *IOStreams
	History func(context.Context) (History, error)
	Clock   model.Clock
	Filter  history.Filter
	// Mine narrows to the calls of who is working (the store's agent).
	Mine bool
	// Since and Until are as typed: read against the clock at run time.
	Since, Until string
	JSON         bool
}

// NewCmdHistory is `codedesk history` and its subcommands; runF replaces
// historyRun in tests.
func NewCmdHistory(f *Factory, runF func(context.Context, *HistoryOptions) error) *cobra.Command {
	opts := &HistoryOptions{IO: f.IO, Clock: f.Clock}
	var code int
	cmd := &cobra.Command{
		Use:   "history",
		Short: "List recorded calls, newest first; star them, push them to the team, check the file",
		Long: `List the calls codedesk has made and the requests it has imported, newest first,
with who made each (the agent: agent = "…" in config.toml, else $USER, else
$LOGNAME, else the account codedesk runs as, else the machine's name).
--query finds words in the method, the parameters, the message, the note and
the code's title, by stem, in Russian and English.

The history is the --history flag, else CODEDESK_HISTORY, else history = "…"
in config.toml (of the profile, or at the top), else
$XDG_STATE_HOME/codedesk/history.db: a file, or a team's postgres:// URL.
Reading commands (history, export) only read it: a read-only file works.

--since and --until take a date (2026-11-20: --until includes that day), a
date and time (2026-11-20 15:04) or a span back from now (90m, 2h, 3d, 1w).

Exit status: 0 when listed (also when nothing matched), 2 for bad usage, 4 when
the history cannot be read (none there yet: nothing is created; a damaged
file: see codedesk history check; a team's server that does not answer).`,
		Example: "  codedesk history --failed\n  codedesk history --mine --since 3d\n" +
			"  codedesk history --query 'лимит' --limit 10 --json",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cmd.Flags().Changed("code") {
				opts.Filter.Code = &code
			}
			if opts.Mine && opts.Filter.Agent != "" {
				return usagef("--mine или --agent: что-то одно")
			}
			if err := positiveLimit(opts.Filter.Limit); err != nil {
				return err
			}
			opts.History = f.ReadHistory(opts.Mine)
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return historyRun(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&opts.Filter.Failed, "failed", false, "only calls with a code other than 0/100, or no answer")
	fl.BoolVar(&opts.Filter.Starred, "starred", false, "only starred calls")
	fl.StringVar(&opts.Filter.Query, "query", "", "words to find in method, parameters, message, note and code title")
	fl.IntVar(&code, "code", 0, "only calls that got this code")
	fl.StringVar(&opts.Filter.Agent, "agent", "", "only calls this engineer made")
	fl.BoolVar(&opts.Mine, "mine", false, "only my calls (the agent of config.toml, or $USER)")
	fl.StringVar(&opts.Since, "since", "", "only calls at or after: 2026-11-20, '2026-11-20 15:04', 2h, 3d")
	fl.StringVar(&opts.Until, "until", "", "only calls before this time (a bare date: through that day)")
	fl.IntVar(&opts.Filter.Limit, "limit", 20, "how many calls")
	fl.BoolVar(&opts.JSON, "json", false, "print a JSON array")
	cmd.PersistentFlags().StringVar(&f.Profile, "profile", "", "the profile whose history and agent to use")
	cmd.AddCommand(NewCmdHistoryStar(f, nil), NewCmdHistoryUnstar(f, nil), NewCmdHistoryPush(f, nil), NewCmdHistoryCheck(f, nil))
	return cmd
}

func historyRun(ctx context.Context, opts *HistoryOptions) error {
	filter, err := historyFilter(opts)
	if err != nil {
		return err
	}
	store, err := opts.History(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if opts.Mine {
		filter.Agent = store.Agent()
	}
	// One more than shown says whether there is more, without counting
	// every match of the filter.
	shown := filter.Limit
	filter.Limit++
	calls, err := store.List(ctx, filter)
	if err != nil {
		return err
	}
	more := len(calls) > shown
	calls = calls[:min(len(calls), shown)]
	sayDamaged(opts.IO.ErrOut, calls)
	if opts.JSON {
		err = opts.IO.JSON(historyJSON(calls))
	} else {
		printHistory(opts.IO.Out, calls, opts.IO.Columns)
	}
	if more && opts.IO.ErrTTY {
		n := int64(shown)
		fmt.Fprintf(opts.IO.ErrOut, "%s %s %s; есть ещё — --limit %d для большего\n", ru.Form(n, "показан", "показаны", "показаны"),
			ru.Form(n, "последний", "последние", "последние"), ru.Calls.Count(shown), shown*2)
	}
	return err
}

// positiveLimit refuses a --limit that would show nothing, or everything
// by accident.
func positiveLimit(n int) error {
	if n <= 0 {
		return usagef("--limit «%d»: нужно число больше нуля", n)
	}
	return nil
}

// historyFilter is the filter with the typed times read against the clock.
func historyFilter(opts *HistoryOptions) (history.Filter, error) {
	f := opts.Filter
	now := opts.Clock.Now()
	var err error
	if f.Since, err = flagTime("since", opts.Since, now); err != nil {
		return f, err
	}
	if f.Until, err = flagTime("until", opts.Until, now); err != nil {
		return f, err
	}
	if bareDate.MatchString(strings.TrimSpace(opts.Until)) {
		// "--until 2026-11-20" means that day too, not up to its first moment.
		f.Until = f.Until.AddDate(0, 0, 1)
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until) {
		return f, usagef("--since (%s) не раньше --until (%s): таких вызовов не бывает",
			f.Since.Format("2006-01-02 15:04:05"), f.Until.Format("2006-01-02 15:04:05"))
	}
	return f, nil
}

// bareDate is a date without a time: 2026-11-20.
var bareDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// callView is a recorded call as --json prints it: the same keys on every
// row, always present (callKeys), null where there is no value: code when
// no answer came, data, error_kind and error when one did, replay_of, and
// note_author and note_at without a note; message and note are "" when
// empty, params [] when none.
type callView struct {
	ID         int64           `json:"id"`
	UID        string          `json:"uid"`
	At         string          `json:"at"`
	Agent      string          `json:"agent"`
	Server     string          `json:"server"`
	Module     string          `json:"module"`
	Method     string          `json:"method"`
	HTTPMethod string          `json:"http_method"`
	Params     []model.Param   `json:"params"`
	Code       *int            `json:"code"`
	Message    string          `json:"message"`
	Data       json.RawMessage `json:"data"`
	DataCut    bool            `json:"data_cut"`
	ErrorKind  *string         `json:"error_kind"`
	Error      *string         `json:"error"`
	DurationMS int64           `json:"duration_ms"`
	ReplayOf   *int64          `json:"replay_of"`
	Source     string          `json:"source"`
	Starred    bool            `json:"starred"`
	Note       string          `json:"note"`
	NoteAuthor *string         `json:"note_author"`
	NoteAt     *string         `json:"note_at"`
	// Damaged names the stored fields that could not be read, [] when none.
	Damaged []string `json:"damaged"`
}

// jsonTime is how --json writes a time.
const jsonTime = "2006-01-02T15:04:05.000Z07:00"

func historyJSON(calls []history.Call) []callView {
	out := make([]callView, 0, len(calls))
	for _, c := range calls {
		out = append(out, toView(c))
	}
	return out
}

func toView(c history.Call) callView {
	c.Note = safe.MaskSecrets(c.Note) // an older codedesk kept keys in notes
	v := callView{
		ID: c.ID, UID: c.UID, At: c.At.Format(jsonTime), Agent: c.Agent, Server: c.Server, Module: c.Module,
		Method: c.Method, HTTPMethod: c.HTTPMethod, Params: c.Params, Code: c.Code, Message: c.Message,
		DataCut: c.DataCut, DurationMS: c.Duration.Milliseconds(), ReplayOf: c.ReplayOf, Source: c.Source,
		Starred: c.Starred, Note: c.Note, Damaged: c.Damaged,
	}
	if v.Params == nil {
		v.Params = []model.Param{}
	}
	if v.Damaged == nil {
		v.Damaged = []string{}
	}
	// A row an older codedesk kept too deep prints marked, not quadratic.
	v.Data = jsonx.Shown(c.Data)
	if c.ErrorKind != "" || c.Error != "" {
		v.ErrorKind, v.Error = &c.ErrorKind, &c.Error
	}
	if c.Note != "" {
		v.NoteAuthor = &c.NoteAuthor
	}
	if c.NoteAt != nil {
		at := c.NoteAt.Format(jsonTime)
		v.NoteAt = &at
	}
	return v
}

// explainRecorded explains a recorded call as the domain would have when
// it came; sent is false for an import never sent.
func explainRecorded(ex model.Explainer, c history.Call) (model.Explanation, bool) {
	x, sent := recordedExchange(c)
	return ex.Explain(x), sent
}

// recordedCell is outcomeCell for a recorded call, which may also be a
// webhook delivery that was received rather than sent.
func recordedCell(c history.Call, x model.Explanation, sent bool) string {
	switch {
	case c.Received() && c.Failed():
		return "вебхук ✗"
	case c.Received():
		return "вебхук ✓"
	}
	return outcomeCell(x, sent)
}

// printHistory lists calls as a table; on a terminal (columns > 0) each
// row is cut to its width, so rows never wrap into each other.
func printHistory(w io.Writer, calls []history.Call, columns int) {
	if len(calls) == 0 {
		fmt.Fprintln(w, "история пуста (или ничего не найдено)")
		return
	}
	ex := newExplainer(config.Settings{})
	var table bytes.Buffer
	tw := tabwriter.NewWriter(&table, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tвремя\tкто\tметод\tкод\tсообщение")
	for _, c := range calls {
		x, sent := explainRecorded(ex, c)
		star := ""
		if c.Starred {
			star = "★ "
		}
		message := truncate(cmp.Or(safe.Line(c.Error), outcomeMessage(x, "")), 60)
		if len(c.Damaged) > 0 {
			message = "⚠ " + c.DamageText() + "; " + message
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s%s\n", c.ID, c.At.Local().Format("2006-01-02 15:04:05"),
			truncate(safe.Line(cmp.Or(c.Agent, "—")), 16), truncate(safe.Line(spell(c.Name())), 40), recordedCell(c, x, sent), star,
			strings.TrimSpace(message+noteCell(c)))
	}
	tw.Flush()
	for line := range strings.Lines(table.String()) {
		fmt.Fprintln(w, fitLine(strings.TrimSuffix(line, "\n"), columns))
	}
}

// fitLine cuts a table row to width cells (0: as it is), at a space when
// one is near the end, marking the cut.
func fitLine(line string, width int) string {
	if width <= 0 || ansi.StringWidth(line) <= width {
		return line
	}
	cut := ansi.Truncate(line, width-1, "")
	if i := strings.LastIndexByte(cut, ' '); i > 0 && ansi.StringWidth(cut[i:]) <= 12 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ") + "…"
}

// sayDamaged says on stderr which listed calls have fields that could not
// be read: they are listed, marked, and the rest of the history is fine.
func sayDamaged(w io.Writer, calls []history.Call) {
	var ids []string
	for _, c := range calls {
		if len(c.Damaged) > 0 {
			ids = append(ids, strconv.FormatInt(c.ID, 10))
		}
	}
	if len(ids) == 0 {
		return
	}
	shown := ids[:min(len(ids), 10)]
	more := ""
	if len(ids) > len(shown) {
		more = ", …"
	}
	fmt.Fprintf(w, "codedesk: внимание: %s с повреждёнными полями (%s%s): их поля не прочитать, остальное показано; "+
		"подробнее: codedesk history check\n", ru.Calls.Count(len(ids)), strings.Join(shown, ", "), more)
}

// noteCell is a call's note for the table, with its author: a colleague's
// note reads as theirs.
func noteCell(c history.Call) string {
	if c.Note == "" {
		return ""
	}
	note := "  ✎ " + truncate(safe.Line(safe.MaskSecrets(c.Note)), 50)
	if c.NoteAuthor != "" {
		note += " (" + truncate(safe.Line(c.NoteAuthor), 16) + ")"
	}
	return note
}

// timeLayoutCLI is how a person reads a time in a CLI message.
const timeLayoutCLI = "2006-01-02 15:04"

// noteLine says a note with its author and time, for a message.
func noteLine(c history.Call) string {
	var at string
	if c.NoteAt != nil {
		at = ", " + c.NoteAt.Local().Format(timeLayoutCLI)
	}
	return fmt.Sprintf("«%s» (%s%s)", safe.Line(safe.MaskSecrets(c.Note)), safe.Line(cmp.Or(c.NoteAuthor, "—")), at)
}
