package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"codedesk/model"
	"codedesk/model/safe"
	"codedesk/model/wire"
)

// replayResult is one replayed call, old beside new.
type replayResult struct {
	ID         int64  `json:"id"`
	ReplayID   int64  `json:"replay_id,omitempty"`
	Method     string `json:"method"`
	Server     string `json:"server"`
	OldCode    *int   `json:"old_code"`
	OldMessage string `json:"old_message,omitempty"`
	NewCode    *int   `json:"new_code"`
	NewMessage string `json:"new_message,omitempty"`
	Error      string `json:"error,omitempty"`
	// Refused: the call was not sent (the trust rule, a broken record).
	Refused bool `json:"refused,omitempty"`
	OK      bool `json:"ok"`

	old, now outcome // for the table
}

// outcome is one side of a replay, as the table shows it.
type outcome struct {
	cell, message string
}

// replayer sends planned calls one by one, paced per method, and records
// each as a replay of its original.
type replayer struct {
	rec    *recorder
	ex     model.Explainer
	pacer  *wire.Pacer
	client *wire.Client
	key    string
}

func (r replayer) run(ctx context.Context, plan []replayItem) []replayResult {
	out := make([]replayResult, 0, len(plan))
	for _, it := range plan {
		c := it.call
		oldX, sent := explainRecorded(r.ex, c)
		res := replayResult{ID: c.ID, Method: safe.Line(c.Name()), OldCode: c.Code, OldMessage: outcomeMessage(oldX, ""),
			old: outcome{outcomeCell(oldX, sent), outcomeMessage(oldX, "")}}
		if it.refused != nil {
			res.Error, res.Refused = it.refused.Error(), true
			res.now = outcome{"не отправлен", res.Error}
			out = append(out, res)
			continue
		}
		res.Server = it.req.Server.String()
		if err := r.pacer.Wait(ctx, it.req.Name()); err != nil {
			res.Error, res.now = "отменено", outcome{"отменено", ""}
			out = append(out, res)
			break
		}
		resp, callErr := r.client.Do(ctx, it.req, r.key)
		res.ReplayID = r.rec.Record(ctx, it.req, resp, callErr, c.ID)
		x := r.ex.Explain(model.Exchange{Request: it.req, Response: resp, Err: callErr})
		res.now = outcome{outcomeCell(x, true), outcomeMessage(x, "")}
		if x.NoAnswer != nil {
			res.Error = x.NoAnswer.Error()
		} else {
			code := resp.Code
			res.NewCode, res.NewMessage, res.OK = &code, x.Message, x.Succeeded()
		}
		out = append(out, res)
	}
	return out
}

func printReplays(w io.Writer, results []replayResult) {
	if len(results) == 0 {
		fmt.Fprintln(w, "нечего повторять")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tметод\tбыло\t→\tстало\tсообщение")
	okCount := 0
	for _, r := range results {
		if r.OK {
			okCount++
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t→\t%s\t%s\n", r.ID, r.Method, r.old.cell, r.now.cell, truncate(r.now.message, 60))
	}
	tw.Flush()
	fmt.Fprintf(w, "успешно %d из %d\n", okCount, len(results))
}

// replayStatus: 0 when every replay succeeded; 2 when the key could not
// go where one had to; 3 when one got no answer; 1 otherwise.
func replayStatus(results []replayResult) error {
	var refused []string
	var noAnswer, failed int
	for _, r := range results {
		switch {
		case r.Refused:
			refused = append(refused, fmt.Sprintf("вызов %d не отправлен: %s", r.ID, r.Error))
		case r.NewCode == nil:
			noAnswer++
		case !r.OK:
			failed++
		}
	}
	switch {
	case len(refused) > 0:
		return &usageError{errors.New(strings.Join(refused, "\n"))}
	case noAnswer > 0:
		return &noAnswerError{}
	case failed > 0:
		return &failedError{}
	}
	return nil
}
