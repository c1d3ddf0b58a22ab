package history

import (
	"errors"
	"time"

	"codedesk/model"
)

// Who made or brought in a call (Call.Source).
const (
	SourceTUI     = "tui"
	SourceCLI     = "cli"
	SourceReplay  = "replay"
	SourceImport  = "import"
	SourceWebhook = "webhook"
)

// ErrorKindSignature marks a webhook delivery whose signature did not verify.
const ErrorKindSignature = "signature"

// Call is one recorded call, an imported request that was never sent, or a
// webhook delivery that was received.
//
// A call that got an answer has Code (and Message, Data); one that got no
// envelope has ErrorKind and Error instead; an import has neither.
//
// A webhook delivery is recorded as Source "webhook", Module "webhook",
// Method the event type, Data the payload (JSON), Server the address it
// came in on, no Code; when its signature did not verify, ErrorKind is
// "signature" and Error says why, which makes it Failed. It was received,
// not sent: Sent is false and Received true.
//
// Stars and notes belong to the team: Note carries its author and time.
type Call struct {
	ID         int64         `json:"id"`
	UID        string        `json:"uid"` // unique in every store: pushing twice copies once
	At         time.Time     `json:"at"`
	Agent      string        `json:"agent"` // the engineer who made the call
	Server     string        `json:"server"`
	Module     string        `json:"module"`
	Method     string        `json:"method"`
	HTTPMethod string        `json:"http_method"`
	Params     []model.Param `json:"params"`
	Code       *int          `json:"code,omitempty"` // nil: no envelope
	Message    string        `json:"message,omitempty"`
	Data       []byte        `json:"-"` // JSON; past MaxData a marked object, see CutData
	DataCut    bool          `json:"data_cut,omitempty"`
	ErrorKind  string        `json:"error_kind,omitempty"` // no envelope: why
	Error      string        `json:"error,omitempty"`
	Duration   time.Duration `json:"-"`
	ReplayOf   *int64        `json:"replay_of,omitempty"`
	Source     string        `json:"source"` // tui, cli, replay, import, webhook
	Starred    bool          `json:"starred"`
	Note       string        `json:"note"`
	NoteAuthor string        `json:"note_author"`
	NoteAt     *time.Time    `json:"note_at"` // nil: no note
	// Damaged names, in stable English, the columns of a stored call that
	// could not be read (a value of the wrong type, parameters or data that
	// are not JSON: written by another tool, or a damaged page). The call
	// is still listed, those fields empty; nil for a sound call. Never
	// stored.
	Damaged []string `json:"damaged,omitempty"`
	// dataFixed says Data was read as stored data that is not JSON, and
	// made valid JSON: a migration writes it back.
	dataFixed bool
	// ReplayedBy, filled by Delete, are the calls that replayed this one:
	// deleting it unlinks them, and Restore links them back.
	ReplayedBy []int64 `json:"-"`
}

// Name is module/method.
func (c Call) Name() string { return c.Module + "/" + c.Method }

// Failed reports a call whose answer did not do what was asked (see
// model.AnswerSucceeded: a code other than 0 and 100, or a followed task
// that was rejected), a call with no envelope at all, and a webhook whose
// signature did not verify. An imported request never sent is not failed.
func (c Call) Failed() bool {
	if c.ErrorKind != "" {
		return true
	}
	return c.Code != nil && !model.AnswerSucceeded(c.Name(), *c.Code, c.Data)
}

// Sent reports whether the call went to a server (imports and webhook
// deliveries did not).
func (c Call) Sent() bool {
	return !c.Received() && (c.Code != nil || c.ErrorKind != "")
}

// Received reports a webhook delivery.
func (c Call) Received() bool { return c.Source == SourceWebhook }

// Request is the call as a request to send again.
func (c Call) Request() (model.Request, error) {
	if c.Received() {
		return model.Request{}, errors.New("это вебхук, а не запрос к API: повторить его нельзя")
	}
	srv, err := model.ParseServer(c.Server)
	if err != nil {
		return model.Request{}, err
	}
	return model.Request{Server: srv, Module: c.Module, Method: c.Method, Params: c.Params}, nil
}

// FromResult builds a Call from a request and what came back, as the TUI
// and the CLI have them. source says who made the call.
func FromResult(req model.Request, resp model.Response, callErr error, source string) Call {
	c := Call{
		At: time.Now(), Server: req.Server.String(), Module: req.Module, Method: req.Method,
		HTTPMethod: req.HTTPMethod(), Params: req.Params, Duration: resp.Duration, Source: source,
	}
	if callErr != nil {
		c.ErrorKind = "network"
		if ce, ok := model.AsCallError(callErr); ok {
			c.ErrorKind = ce.Kind.String()
		}
		c.Error = callErr.Error()
		return c
	}
	code := resp.Code
	c.Code, c.Message, c.Data = &code, resp.Message, resp.Data
	return c
}
