package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/catalog"
	"codedesk/model/config"
	"codedesk/model/jsonx"
	"codedesk/model/safe"
	"codedesk/model/wire"
)

func newCallCmd() *cobra.Command {
	var (
		conn   connFlags
		wait   bool
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "call MODULE/METHOD [key=value ...]",
		Short: "Send one API call and explain the answer",
		Long: `Send one call to the Mobizon API, exactly as the official client would, and
print the code with its title and meaning for the method, the message and
the data. Parameters use the API's bracket names: params[validity]=1440,
ids[]=1. The key comes from MOBIZON_API_KEY or the profile, never a flag.

Exit status: 0 when the API answered 0 or 100 (with --wait: and the task
finished), 1 for any other code or a rejected task, 2 for bad usage, 3 when
no answer came back (network, TLS, timeout, not JSON).`,
		Example: "  codedesk call user/getOwnBalance\n" +
			"  codedesk call message/sendSmsMessage recipient=77001234567 text='Проверка'\n" +
			"  codedesk call campaign/addRecipients id=1 recipientGroups[]=7 --wait --json",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			module, method, err := model.ParseMethodName(args[0])
			if err != nil {
				return usageError("%v", err)
			}
			var params []model.Param
			for _, a := range args[1:] {
				p, err := model.ParseParam(a)
				if err != nil {
					return usageError("%v", err)
				}
				params = append(params, p)
			}
			settings, _, err := conn.resolve()
			if err != nil {
				return usageError("%v", err)
			}
			if settings.Key == "" {
				return &exitError{code: exitUsage, err: errNoKey}
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			store, storeErr := openHistory()
			if storeErr == nil {
				defer store.Close()
			}
			c := callRun{
				out: cmd.OutOrStdout(), errOut: cmd.ErrOrStderr(), settings: settings,
				client: newClient(settings), asJSON: asJSON, wait: wait,
				record: func(call history.Call) {
					recordOrWarn(store, storeErr, call, settings.Key, cmd.ErrOrStderr())
				},
			}
			return c.run(ctx, model.Request{Server: settings.Server, Module: module, Method: method, Params: params})
		},
	}
	conn.register(cmd)
	cmd.Flags().BoolVar(&wait, "wait", false, "follow a code-100 task through taskqueue/getStatus to its end")
	cmd.Flags().BoolVar(&asJSON, "json", false, `print {"code", "message", "data", "duration_ms"} (and "task" with --wait)`)
	return cmd
}

type callRun struct {
	out, errOut io.Writer
	settings    config.Settings
	client      *wire.Client
	asJSON      bool
	wait        bool
	// record keeps a call in the history, or warns that it could not.
	record func(history.Call)
}

// callJSON is what --json prints.
type callJSON struct {
	Code       *int            `json:"code,omitempty"`
	Message    string          `json:"message"`
	Data       json.RawMessage `json:"data,omitempty"`
	DurationMS int64           `json:"duration_ms"`
	Task       *taskJSON       `json:"task,omitempty"`
	Error      *errorJSON      `json:"error,omitempty"`
}

type taskJSON struct {
	ID         string `json:"id"`
	Status     int    `json:"status"`
	StatusName string `json:"status_name"`
	Progress   int    `json:"progress"`
	Code       int    `json:"code"` // the last getStatus code
	Outcome    string `json:"outcome"`
}

type errorJSON struct {
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

func (c callRun) run(ctx context.Context, req model.Request) error {
	resp, err := c.client.Do(ctx, req, c.settings.Key)
	c.record(history.FromResult(req, resp, err, "cli"))
	if err != nil {
		return c.noAnswer(err, resp)
	}
	book := catalog.MustDefaultMethods()
	var task *taskJSON
	status := exitOK
	if !model.IsSuccess(resp.Code) {
		status = exitAPIError
	}
	if resp.Code == 100 && c.wait {
		task, status, err = c.follow(ctx, resp, book)
		if err != nil {
			return err
		}
	}
	if c.asJSON {
		code := resp.Code
		if err := writeJSON(c.out, callJSON{Code: &code, Message: resp.Message, Data: resp.Data, DurationMS: resp.Duration.Milliseconds(), Task: task}); err != nil {
			return err
		}
	} else {
		c.printAnswer(req, resp, book, task)
	}
	if status != exitOK {
		return &exitError{code: status}
	}
	return nil
}

// noAnswer reports a call that brought back no envelope: exit status 3.
func (c callRun) noAnswer(err error, resp model.Response) error {
	kind := "network"
	if ce, ok := model.AsCallError(err); ok {
		kind = ce.Kind.String()
	}
	msg := safe.Scrub(err.Error(), c.settings.Key)
	if c.asJSON {
		_ = writeJSON(c.out, callJSON{Message: msg, DurationMS: resp.Duration.Milliseconds(), Error: &errorJSON{Kind: kind, Message: msg}})
		return &exitError{code: exitNoAnswer}
	}
	return &exitError{code: exitNoAnswer, err: fmt.Errorf("ответа API нет (%s): %s", kind, msg)}
}

// follow polls the task of a code-100 answer, printing progress to stderr
// so that stdout stays the answer.
func (c callRun) follow(ctx context.Context, resp model.Response, book *catalog.MethodBook) (*taskJSON, int, error) {
	id, err := model.TaskID(resp.Data)
	if err != nil {
		return nil, exitAPIError, &exitError{code: exitAPIError, err: fmt.Errorf("код 100, но %v", err)}
	}
	p := wire.Poller{Client: c.client, Server: c.settings.Server, Key: c.settings.Key}
	last, outcome, err := p.Follow(ctx, id, func(u wire.TaskUpdate) {
		switch {
		case u.Response.Code == 30:
			fmt.Fprintf(c.errOut, "задача %s: код 30, слишком часто — пауза длиннее\n", id)
		case u.Response.Code == 0:
			fmt.Fprintf(c.errOut, "задача %s: %s, %d%%\n", id, book.TaskStatusName(u.State.Status), u.State.Progress)
		}
	})
	// The task's last getStatus is kept, not every poll: the history is for
	// what a support engineer looks back at.
	statusReq := model.TaskStatusRequest(c.settings.Server, id)
	if outcome != wire.PollCanceled {
		c.record(history.FromResult(statusReq, last.Response, err, "cli"))
	}
	t := &taskJSON{ID: id, Status: last.State.Status, StatusName: book.TaskStatusName(last.State.Status), Progress: last.State.Progress, Code: last.Response.Code}
	switch outcome {
	case wire.PollFinished:
		t.Outcome = "finished"
		return t, exitOK, nil
	case wire.PollRejected:
		t.Outcome = "rejected"
		return t, exitAPIError, nil
	case wire.PollAPIError:
		t.Outcome = "api-error"
		t.StatusName = ""
		return t, exitAPIError, nil
	case wire.PollCanceled:
		t.Outcome = "canceled"
		return t, exitAPIError, nil
	}
	t.Outcome = "no-answer"
	if c.asJSON {
		return t, exitNoAnswer, nil
	}
	return t, exitNoAnswer, &exitError{code: exitNoAnswer, err: fmt.Errorf("задача %s: ответа API нет: %s", id, safe.Scrub(err.Error(), c.settings.Key))}
}

func (c callRun) printAnswer(req model.Request, resp model.Response, book *catalog.MethodBook, task *taskJSON) {
	w := c.out
	cat, err := catalog.DefaultCatalog()
	code := catalog.UnknownCode(resp.Code)
	if err == nil {
		code = cat.Describe(resp.Code)
	}
	fmt.Fprintf(w, "%d · %s — %s\n", code.Number, code.Title, catalog.ClassLabel(code.Class))
	if m, ok := book.Lookup(req.Name()); ok {
		if meaning, ok := m.CodeMeaning(resp.Code); ok {
			fmt.Fprintf(w, "%s: %s\n", m.Name, meaning)
		}
	}
	if resp.Message != "" {
		fmt.Fprintf(w, "message: %s\n", safe.Line(resp.Message))
	}
	switch resp.Code {
	case 1:
		if fields, ok := model.FieldErrors(resp.Data); ok {
			tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "поле\tошибка")
			for _, f := range fields {
				fmt.Fprintf(tw, "%s\t%s\n", f.Field, f.Message)
			}
			tw.Flush()
		}
	case 98, 99:
		if items, ok := model.BulkItems(resp.Data, book); ok {
			tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "получатель\tкод\tзначение")
			for _, it := range items {
				fmt.Fprintf(tw, "%s\t%d\t%s\n", it.Recipient, it.Code, it.Meaning)
			}
			tw.Flush()
		}
	case 13:
		if srv, ok := model.WrongServerDomain(resp.Data, req.Server); ok {
			fmt.Fprintf(w, "правильный сервер: %s — повторите с --server %s\n", srv, srv)
		}
	case 100:
		if task == nil {
			if id, err := model.TaskID(resp.Data); err == nil {
				fmt.Fprintf(w, "задача %s в фоне: добавьте --wait или вызовите taskqueue/getStatus id=%s\n", id, id)
			}
		}
	}
	if string(resp.Data) != "null" {
		fmt.Fprintf(w, "data:\n%s\n", jsonx.Pretty(resp.Data))
	}
	if task != nil {
		if task.Outcome == "api-error" {
			fmt.Fprintf(w, "задача %s: getStatus ответил кодом %d\n", task.ID, task.Code)
		} else {
			fmt.Fprintf(w, "задача %s: %s, %d%%\n", task.ID, task.StatusName, task.Progress)
		}
	}
	fmt.Fprintf(w, "%s · %s · %d мс · ключ %s\n", req.Server.BaseURL(), strings.ToLower(req.Name()), resp.Duration.Milliseconds(), safe.MaskKey(c.settings.Key))
	if c.settings.Insecure {
		fmt.Fprintln(w, "внимание: сертификат TLS не проверялся (--insecure)")
	}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
