package reply

import (
	"encoding/json"
	"strings"
	"testing"

	"codedesk/model"
	"codedesk/model/catalog"
)

func TestReplyNamesCodeMeaningHintAndRequestWithoutKey(t *testing.T) {
	e := model.Explainer{Catalog: catalog.MustDefaultCatalog(), Methods: catalog.MustDefaultMethods(), Trust: model.NewTrust()}
	req := model.Request{Server: model.MustParseServer("api.mobizon.kz"), Module: "message", Method: "getSMSStatus",
		Params: []model.Param{{Key: "ids", Value: strings.Repeat("1,", 100) + "1"}}}
	x := e.Explain(model.Exchange{Request: req, Response: model.Response{Envelope: model.Envelope{Code: 12, Message: "too many", Data: json.RawMessage("null")}}})
	got := Text(x)
	code := e.Catalog.Describe(12)
	meaning, _ := x.Method.CodeMeaning(12)
	for _, want := range []string{"кодом 12", code.Title, meaning, code.Hint, "too many", "curl ", "$MOBIZON_API_KEY", "/service/message/getsmsstatus"} {
		if !strings.Contains(got, want) {
			t.Errorf("reply lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(strings.ToLower(got), "apikey=sand") {
		t.Errorf("reply carries a key:\n%s", got)
	}
}

func TestReplyWhenNoAnswerCame(t *testing.T) {
	e := model.Explainer{Catalog: catalog.MustDefaultCatalog(), Methods: catalog.MustDefaultMethods()}
	req := model.Request{Server: model.MustParseServer("api.mobizon.kz"), Module: "user", Method: "getOwnBalance"}
	x := e.Explain(model.Exchange{Request: req, Err: &model.CallError{Kind: model.KindTimeout, Msg: "api.mobizon.kz не ответил за 60 с"}})
	got := Text(x)
	if !strings.Contains(got, "не получил ответа API") || !strings.Contains(got, "не ответил за 60 с") || !strings.Contains(got, "curl ") {
		t.Errorf("reply:\n%s", got)
	}
}

// A key typed into the parameters (under any spelling) never reaches the
// reply; a foreign server gets the placeholder, not the variable.
func TestReplyNeverCarriesAKeyParameter(t *testing.T) {
	const key = "Zq9XvB2mT7pL4kR8sN1wY6cH3jF5dA0eG2uI9oPx"
	e := model.Explainer{Catalog: catalog.MustDefaultCatalog(), Methods: catalog.MustDefaultMethods()}
	own := model.MustParseServer("http://127.0.0.1:8080")
	req := model.Request{Server: own, Module: "hostile", Method: "x",
		Params: []model.Param{{Key: "apiKey", Value: key}, {Key: "api_key", Value: key}, {Key: "note", Value: "a"}}}
	x := e.Explain(model.Exchange{Request: req, Response: model.Response{Envelope: model.Envelope{Code: 5}}})
	for name, got := range map[string]string{"Text": Text(x), "TextFor": TextFor(x, model.NewTrust(own))} {
		if strings.Contains(got, key) || !strings.HasSuffix(strings.TrimSpace(got), "-d 'note=a'") || !strings.Contains(got, "$MOBIZON_API_KEY") {
			t.Errorf("%s carries the key or lost the rest:\n%s", name, got)
		}
	}
	if got := TextFor(x, model.NewTrust()); !strings.Contains(got, "apiKey=KEY") || strings.Contains(got, "$MOBIZON_API_KEY") {
		t.Errorf("a server outside the trust rule gets the placeholder:\n%s", got)
	}
}
