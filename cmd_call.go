package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"codedesk/model"
	"codedesk/model/catalog"
	"codedesk/model/config"
	"codedesk/model/jsonx"
	"codedesk/model/safe"
	"codedesk/model/wire"
)

// CallOptions are one `codedesk call`.
type CallOptions struct {
	deps     // streams, clock, history opener, client factory
	Settings func() (config.Settings, string, error)

	Request model.Request // module, method and parameters; the server comes from the settings
	Wait    bool
	JSON    bool
}

// NewCmdCall is `codedesk call`; runF replaces callRun in tests.
func NewCmdCall(f *Factory, runF func(context.Context, *CallOptions) error) *cobra.Command {
	var conn connFlags
	opts := &CallOptions{deps: f.sendDeps(), Settings: f.settingsFunc(&conn)}
	cmd := &cobra.Command{
		Use:   "call MODULE/METHOD [key=value ...]",
		Short: "Send one API call and explain the answer",
		Long: `Send one call to the Mobizon API, exactly as the official client would, and
print the code with its title and meaning for the method, the message and
the data; on a terminal also what to do. Parameters use the API's bracket
names: params[validity]=1440, ids[]=1. The key comes from MOBIZON_API_KEY or
the profile, never a flag.

Exit status: 0 when the API did what was asked (with --wait: and the task
finished), 1 for any other code or a rejected task, 2 for bad usage, 3 when
no answer came back (network, TLS, timeout, not JSON), 4 for a local failure.`,
		Example: "  codedesk call user/getOwnBalance\n" +
			"  codedesk call message/sendSmsMessage recipient=77001234567 text='Проверка'\n" +
			"  codedesk call campaign/addRecipients id=1 recipientGroups[]=7 --wait --json",
		Args: minArgs(1, "метод module/method"),
		RunE: func(cmd *cobra.Command, args []string) error {
			req, err := parseCallArgs(args)
			if err != nil {
				return err
			}
			opts.Request = req
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return callRun(cmd.Context(), opts)
		},
	}
	conn.register(cmd)
	cmd.Flags().BoolVar(&opts.Wait, "wait", false, "follow a code-100 task through taskqueue/getStatus to its end")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, `print {"code", "message", "data", "duration_ms"} (and "task" with --wait)`)
	return cmd
}

// parseCallArgs reads MODULE/METHOD and key=value parameters.
func parseCallArgs(args []string) (model.Request, error) {
	module, method, err := model.ParseMethodName(args[0])
	if err != nil {
		return model.Request{}, &usageError{err}
	}
	req := model.Request{Module: module, Method: method}
	for _, a := range args[1:] {
		p, err := model.ParseParam(a)
		if err != nil {
			return model.Request{}, &usageError{err}
		}
		req.Params = append(req.Params, p)
	}
	return req, nil
}

// callJSON is what --json prints.
type callJSON struct {
	Code       *int            `json:"code,omitempty"`
	Message    string          `json:"message"`
	Data       json.RawMessage `json:"data,omitempty"`
	DurationMS int64           `json:"duration_ms"`
	Task       *taskJSON       `json:"task,omitempty"`
	Error      *errorJSON      `json:"error,omitempty"`
	// TLSUnchecked: the answer came over https without a certificate check.
	TLSUnchecked bool `json:"tls_unchecked,omitempty"`
}

type taskJSON struct {
	ID         string `json:"id"`
	Status     int    `json:"status"`
	StatusName string `json:"status_name"`
	Progress   int    `json:"progress"`
	Code       int    `json:"code"`              // the last getStatus code
	Message    string `json:"message,omitempty"` // the last getStatus message: a rejection's reason
	Outcome    string `json:"outcome"`           // finished, rejected, api-error, no-answer, canceled
}

type errorJSON struct {
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

// callRun sends the call, records it, follows its task with --wait and
// prints the explanation of the answer (and of the task's last state).
func callRun(ctx context.Context, opts *CallOptions) error {
	settings, err := requireKey(opts.Settings)
	if err != nil {
		return err
	}
	req := opts.Request
	req.Server = settings.Server
	preSendNotes(opts.IO, req, opts.Clock)
	// The history and the code table get ready while the call is out.
	rec := openRecorder(ctx, opts.deps, settings.Key, "cli")
	defer rec.Close()
	explainer := make(chan model.Explainer, 1)
	go func() { explainer <- newExplainer(settings) }()
	client := opts.NewClient(settings)
	resp, callErr := client.Do(ctx, req, settings.Key)
	rec.Record(ctx, req, resp, callErr, 0)

	ex := <-explainer
	x := ex.Explain(model.Exchange{Request: req, Response: resp, Err: callErr})
	final := x
	var task *followed
	switch {
	case opts.Wait && x.Offers(model.ActionFollowTask):
		task = follow(ctx, opts, ex, wire.Poller{Client: client, Server: settings.Server, Key: settings.Key, Clock: opts.Clock}, x.TaskID, rec)
		final = task.final
	case opts.Wait && x.Code.Class == catalog.ClassAsync:
		// A background answer whose task cannot be followed: --wait
		// cannot keep its promise.
		task = &followed{unfollowable: true, final: x}
	}
	if opts.JSON {
		if err := opts.IO.JSON(callReport(x, task)); err != nil {
			return err
		}
		return callStatus(final, task, nil)
	}
	if x.NoAnswer != nil {
		return outcomeError(x.Outcome(), noAnswerReason(x))
	}
	printAnswer(opts.IO.Out, x, answerView{tty: opts.IO.OutTTY, waited: task != nil})
	if task != nil && !task.unfollowable {
		printTask(opts.IO.Out, task)
	}
	fmt.Fprintf(opts.IO.Out, "%s · %s · %d мс · ключ %s\n", req.Server.BaseURL(), spell(req.Name()),
		resp.Duration.Milliseconds(), safe.MaskKey(settings.Key))
	if resp.TLSUnchecked {
		fmt.Fprintln(opts.IO.Out, "внимание: сертификат TLS не проверялся (insecure для этого сервера)")
	}
	return callStatus(final, task, taskReason(task))
}

// callStatus is how the call ends for a script: the final answer's
// outcome, except that --wait on a task it cannot follow fails.
func callStatus(final model.Explanation, task *followed, why error) error {
	if task != nil && task.unfollowable {
		return &failedError{errors.New("--wait: в data ответа нет ID задачи, следить не за чем")}
	}
	return outcomeError(final.Outcome(), why)
}

// noAnswerReason says why no answer came, and what to do.
func noAnswerReason(x model.Explanation) error {
	msg := fmt.Sprintf("ответа API нет (%s): %s", x.NoAnswer.Kind.Label(), x.NoAnswer.Error())
	for _, a := range x.Advice {
		msg += "\n" + a
	}
	return fmt.Errorf("%s", msg)
}

// callReport is the --json form of an answer and its followed task.
func callReport(x model.Explanation, task *followed) callJSON {
	out := callJSON{DurationMS: x.Response.Duration.Milliseconds(), TLSUnchecked: x.Response.TLSUnchecked}
	if x.NoAnswer != nil {
		out.Message = x.NoAnswer.Error()
		out.Error = &errorJSON{Kind: x.NoAnswer.Kind.String(), Message: out.Message}
		return out
	}
	code := x.Response.Code
	out.Code, out.Message, out.Data = &code, x.Response.Message, jsonx.Shown(x.Response.Data)
	if task != nil && !task.unfollowable {
		out.Task = task.report()
	}
	return out
}

// followed is a code-100 task followed to its end with --wait.
type followed struct {
	id      string
	outcome wire.PollOutcome
	// final explains the last getStatus answer: a finished task succeeds,
	// a rejected one (status 3) fails with the API's message.
	final      model.Explanation
	statusName string
	// unfollowable: the answer names no task to follow.
	unfollowable bool
}

var pollOutcomeNames = map[wire.PollOutcome]string{
	wire.PollFinished: "finished", wire.PollRejected: "rejected", wire.PollAPIError: "api-error",
	wire.PollFailed: "no-answer", wire.PollCanceled: "canceled",
}

// follow polls task id through taskqueue/getStatus, saying how it goes on
// stderr so that stdout stays the answer, and records its last answer
// (the history is for looking back, not for every poll).
func follow(ctx context.Context, opts *CallOptions, ex model.Explainer, p wire.Poller, id string, rec *recorder) *followed {
	statusReq := model.TaskStatusRequest(p.Server, id)
	last, outcome, err := p.Follow(ctx, id, func(u wire.TaskUpdate) {
		ux := ex.Explain(model.Exchange{Request: statusReq, Response: u.Response})
		switch {
		case ux.Task != nil:
			fmt.Fprintf(opts.IO.ErrOut, "задача %s: %s, %d%%\n", id, ex.TaskStatusName(*ux.Task), ux.Task.Progress)
		case ux.Offers(model.ActionRetryLater):
			fmt.Fprintf(opts.IO.ErrOut, "задача %s: %s — пауза длиннее\n", id, codeHeader(ux.Code))
		}
	})
	if outcome != wire.PollCanceled {
		rec.Record(ctx, statusReq, last.Response, err, 0)
	}
	x := model.Exchange{Request: statusReq, Response: last.Response, Err: err}
	if outcome == wire.PollCanceled {
		x.Err = &model.CallError{Kind: model.KindCanceled, Msg: "ожидание задачи прервано", Err: err}
	}
	t := &followed{id: id, outcome: outcome, final: ex.Explain(x)}
	if t.final.Task != nil {
		t.statusName = ex.TaskStatusName(*t.final.Task)
	}
	return t
}

func (t *followed) report() *taskJSON {
	out := &taskJSON{ID: t.id, Outcome: pollOutcomeNames[t.outcome], Code: t.final.Response.Code, Message: t.final.Response.Message}
	if st := t.final.Task; st != nil {
		out.Status, out.Progress, out.StatusName = st.Status, st.Progress, t.statusName
	}
	return out
}

// taskReason is what to say on stderr when a followed task did not end
// well: the API's own reason for a rejection, or why no answer came.
func taskReason(t *followed) error {
	if t == nil || t.unfollowable || t.final.Succeeded() {
		return nil
	}
	switch {
	case t.final.NoAnswer != nil:
		return fmt.Errorf("задача %s: ответа API нет: %s", t.id, t.final.NoAnswer.Error())
	case t.final.TaskRejected():
		return fmt.Errorf("задача %s отклонена: %s", t.id, cmp.Or(t.final.Message, "причину API не сообщил"))
	}
	return fmt.Errorf("задача %s: getStatus ответил: %s", t.id, codeHeader(t.final.Code))
}
