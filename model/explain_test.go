package model

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"codedesk/model/catalog"
)

func explainer(t *testing.T, trusted ...Server) Explainer {
	t.Helper()
	return Explainer{Catalog: catalog.MustDefaultCatalog(), Methods: catalog.MustDefaultMethods(), Trust: NewTrust(trusted...)}
}

var kz = MustParseServer("api.mobizon.kz")

func answer(method string, code int, data string) Exchange {
	module, name, _ := strings.Cut(method, "/")
	return Exchange{
		Request:  Request{Server: kz, Module: module, Method: name},
		Response: Response{Envelope: Envelope{Code: code, Data: json.RawMessage(data)}, Status: 200},
	}
}

func TestExplainEveryCodeOfTheTable(t *testing.T) {
	e := explainer(t)
	for _, c := range e.Catalog.Codes() {
		x := e.Explain(answer("user/getOwnBalance", c.Number, "null"))
		if x.Code.Number != c.Number || !x.Code.Known() {
			t.Errorf("code %d explained as %+v", c.Number, x.Code)
		}
		wantOK := c.Number == 0 || c.Number == 100
		if x.Succeeded() != wantOK {
			t.Errorf("code %d: Succeeded() = %v", c.Number, x.Succeeded())
		}
		wantOutcome := OutcomeFailed
		if wantOK {
			wantOutcome = OutcomeSucceeded
		}
		if x.Outcome() != wantOutcome {
			t.Errorf("code %d: Outcome() = %v, want %v", c.Number, x.Outcome(), wantOutcome)
		}
		if wantOK && x.Severity() != SeverityOK || !wantOK && x.Severity() == SeverityOK {
			t.Errorf("code %d: Severity() = %v", c.Number, x.Severity())
		}
	}
	if x := e.Explain(answer("user/getOwnBalance", 777, "null")); x.Code.Known() || x.Code.Number != 777 || x.Succeeded() {
		t.Errorf("an unknown code: %+v", x.Code)
	}
}

func TestExplainEveryDocumentedMethodMeaning(t *testing.T) {
	e := explainer(t)
	n := 0
	for _, m := range e.Methods.Methods {
		for codeText, want := range m.Codes {
			var code int
			if err := json.Unmarshal([]byte(codeText), &code); err != nil {
				t.Fatal(err)
			}
			x := e.Explain(answer(strings.ToLower(m.Name), code, "null"))
			if x.Meaning != want || x.Method == nil || x.Method.Name != m.Name {
				t.Errorf("%s code %d: meaning %q, want %q", m.Name, code, x.Meaning, want)
			}
			n++
		}
	}
	if n < 20 {
		t.Fatalf("only %d method meanings: the methods book did not load", n)
	}
}

func TestExplainCode13FollowsTheTrustRule(t *testing.T) {
	sandboxUZ := MustParseServer("http://127.0.0.1:18082")
	cases := []struct {
		name     string
		answered Server
		data     string
		trusted  []Server
		want     string // the server offered, "" when refused
	}{
		{"a Mobizon host", kz, `"api.mobizon.uz"`, nil, "api.mobizon.uz"},
		{"an object naming one", kz, `{"domain":"api.mobizon.com.br"}`, nil, "api.mobizon.com.br"},
		{"any other host", kz, `"evil.example"`, nil, ""},
		{"loopback", kz, `"127.0.0.1:9"`, nil, ""},
		{"metadata service", kz, `"http://169.254.169.254"`, nil, ""},
		{"https to http downgrade", kz, `"http://api.mobizon.uz"`, []Server{MustParseServer("http://api.mobizon.uz")}, ""},
		{"the sandbox's other region", MustParseServer("http://127.0.0.1:18081"), `"127.0.0.1:18082"`, []Server{sandboxUZ}, "http://127.0.0.1:18082"},
		{"a server the user named", kz, `"api.example.test"`, []Server{MustParseServer("api.example.test")}, "api.example.test"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ex := answer("user/getOwnBalance", 13, c.data)
			ex.Request.Server = c.answered
			x := explainer(t, c.trusted...).Explain(ex)
			if c.want == "" {
				if x.WrongServer != nil || x.Offers(ActionResend) || x.WrongServerRefused == "" || x.WrongServerNamed == "" {
					t.Fatalf("offered %v (refused %q, named %q)", x.WrongServer, x.WrongServerRefused, x.WrongServerNamed)
				}
				if strings.Contains(x.WrongServerRefused, "--server") {
					t.Fatalf("advises trusting a host a server named: %q", x.WrongServerRefused)
				}
				return
			}
			if x.WrongServer == nil || x.WrongServer.String() != c.want || !x.Offers(ActionResend) {
				t.Fatalf("want %s offered, got %v (refused %q)", c.want, x.WrongServer, x.WrongServerRefused)
			}
		})
	}
}

func TestExplainActions(t *testing.T) {
	e := explainer(t)
	if x := e.Explain(answer("campaign/addRecipients", 100, `"42"`)); x.TaskID != "42" || !x.Offers(ActionFollowTask) {
		t.Errorf("100: task %q, actions %v", x.TaskID, x.Actions)
	}
	if x := e.Explain(answer("campaign/addRecipients", 100, `"\u001b]8;;http://x\u0007id\u202e"`)); strings.ContainsAny(x.TaskID, "\x1b\x07\u202e") {
		t.Errorf("a hostile task id reaches the screen raw: %q", x.TaskID)
	}
	if x := e.Explain(answer("user/getOwnBalance", 30, "null")); !x.Offers(ActionRetryLater) || x.Severity() != SeverityWarn {
		t.Errorf("30: actions %v severity %v", x.Actions, x.Severity())
	}
	x := e.Explain(answer("message/sendSmsMessage", 0, `{"campaignId":"7","messageId":"4001","status":2}`))
	if len(x.MessageIDs) != 1 || x.MessageIDs[0] != "4001" || !x.Offers(ActionWatchDelivery) {
		t.Errorf("sendSmsMessage: ids %v actions %v", x.MessageIDs, x.Actions)
	}
	resent := answer("user/getOwnBalance", 0, `{}`)
	resent.ResentAfter13 = true
	if x := e.Explain(resent); !x.Offers(ActionKeepServer) {
		t.Errorf("a successful resend after 13 does not offer to keep the server: %v", x.Actions)
	}
	if x := e.Explain(answer("user/getOwnBalance", 0, `{}`)); len(x.Actions) != 0 {
		t.Errorf("a plain success offers %v", x.Actions)
	}
}

func TestExplainDataTables(t *testing.T) {
	e := explainer(t)
	x := e.Explain(answer("message/sendSmsMessage", 1, `{"recipient":"неверный номер","params":{"validity":["мало","много"]}}`))
	if len(x.Fields) != 2 || x.Fields[0].Field != "params.validity" || x.Fields[1].Field != "recipient" {
		t.Errorf("fields %+v", x.Fields)
	}
	x = e.Explain(answer("campaign/addRecipients", 98, `[{"recipient":"77001234567","code":0},{"recipient":"77001110005","code":"5"}]`))
	if len(x.Items) != 2 || x.ItemsFailed != 1 || x.Items[1].Code != 5 || x.Items[1].Meaning == "" {
		t.Errorf("items %+v failed %d", x.Items, x.ItemsFailed)
	}
}

func TestExplainTaskEnds(t *testing.T) {
	e := explainer(t)
	done := e.Explain(Exchange{Request: TaskStatusRequest(kz, "7"), Response: Response{Envelope: Envelope{Code: 0, Data: json.RawMessage(`{"status":"2","progress":"100"}`)}}})
	if done.Task == nil || done.Task.Status != TaskFinished || !done.Succeeded() || done.TaskRejected() {
		t.Errorf("finished task: %+v succeeded %v", done.Task, done.Succeeded())
	}
	rejected := e.Explain(Exchange{Request: TaskStatusRequest(kz, "7"), Response: Response{Envelope: Envelope{Code: 0, Message: "файл пуст", Data: json.RawMessage(`{"status":3,"progress":40}`)}}})
	if rejected.Succeeded() || !rejected.TaskRejected() || rejected.Outcome() != OutcomeFailed || rejected.Message != "файл пуст" || e.TaskStatusName(*rejected.Task) != "отклонена" {
		t.Errorf("rejected task: succeeded %v outcome %v message %q", rejected.Succeeded(), rejected.Outcome(), rejected.Message)
	}
}

func TestExplainNoAnswer(t *testing.T) {
	e := explainer(t)
	ex := answer("user/getOwnBalance", 0, "null")
	ex.Err = &CallError{Kind: KindRefused, Msg: "127.0.0.1:9 отказал в соединении"}
	x := e.Explain(ex)
	if x.Outcome() != OutcomeNoAnswer || x.Succeeded() || x.Severity() != SeverityError || len(x.Advice) == 0 {
		t.Errorf("refused: %+v", x)
	}
	ex.Err = &CallError{Kind: KindCanceled, Err: context.Canceled}
	if x := e.Explain(ex); x.Outcome() != OutcomeCanceled {
		t.Errorf("canceled: outcome %v", x.Outcome())
	}
	ex.Err = errors.New("something odd")
	if x := e.Explain(ex); x.NoAnswer == nil || x.NoAnswer.Kind != KindNetwork {
		t.Errorf("an untyped error: %+v", x.NoAnswer)
	}
}

func TestTrust(t *testing.T) {
	named := MustParseServer("http://127.0.0.1:8080")
	tr := NewTrust(named)
	for _, ok := range []string{"api.mobizon.kz", "API.MOBIZON.UZ", "api.mobizon.com.br:443", "api.mobizon.ua", "api.mobizon.com", "http://127.0.0.1:8080"} {
		if !tr.Allows(MustParseServer(ok)) {
			t.Errorf("%s refused", ok)
		}
	}
	for _, bad := range []string{"evil.example", "http://api.mobizon.kz", "api.mobizon.kz:8443", "api.mobizon.kz.evil.example", "http://127.0.0.1:8081", "127.0.0.1:8080"} {
		err := tr.Check(MustParseServer(bad))
		var ue *UntrustedError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "--server") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}
