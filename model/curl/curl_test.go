package curl

import (
	"fmt"
	"strings"
	"testing"

	"codedesk/model"
)

func paramsString(ps []model.Param) string {
	var parts []string
	for _, p := range ps {
		parts = append(parts, p.Key+"="+p.Value)
	}
	return strings.Join(parts, " & ")
}

func TestImportTheDocumentationsExample(t *testing.T) {
	// As API.md quotes the docs: what customers paste into tickets.
	in := `curl -X POST \
  'https://api.mobizon.kz/service/message/sendsmsmessage?output=json&api=v1&apiKey=KEY1234567890abcdef' \
  -H 'cache-control: no-cache' \
  -H 'content-type: application/x-www-form-urlencoded' \
  -d 'recipient=77001234567&text=Test+sms+message&from=YourAlpha&params%5Bvalidity%5D=1440'`
	im, err := Parse(in)
	if err != nil {
		t.Fatal(err)
	}
	r := im.Request
	if r.Server.String() != "api.mobizon.kz" || r.Server.Scheme != "https" || r.Module != "message" || r.Method != "sendsmsmessage" {
		t.Errorf("request %+v", r)
	}
	if got := paramsString(r.Params); got != "recipient=77001234567 & text=Test sms message & from=YourAlpha & params[validity]=1440" {
		t.Errorf("params %s", got)
	}
	if !im.KeyRemoved {
		t.Error("the key in the URL must be removed and reported")
	}
	if strings.Contains(fmt.Sprint(im), "KEY1234567890abcdef") {
		t.Error("the key survived the import")
	}
}

func TestImportForms(t *testing.T) {
	cases := []struct {
		name, in, server, method, params string
	}{
		{"double quotes and --data", `curl "https://api.mobizon.uz/service/user/getOwnBalance?apiKey=abc" --data "x=1"`,
			"api.mobizon.uz", "user/getOwnBalance", "x=1"},
		{"data-urlencode", `curl https://api.mobizon.kz/service/message/sendSmsMessage --data-urlencode 'text=Привет & пока' --data-urlencode recipient=+77001234567`,
			"api.mobizon.kz", "message/sendSmsMessage", "text=Привет & пока & recipient=+77001234567"},
		{"-G puts data in the query", `curl -G 'https://api.mobizon.kz/service/message/getSMSStatus' -d 'ids[]=1' -d 'ids[]=2'`,
			"api.mobizon.kz", "message/getSMSStatus", "ids[]=1 & ids[]=2"},
		{"query parameters", `curl 'http://127.0.0.1:8080/service/taskqueue/getStatus?output=json&api=v1&id=400145&apiKey=k'`,
			"http://127.0.0.1:8080", "taskqueue/getStatus", "id=400145"},
		{"bundled flags and attached values", `curl -sSL -XPOST -H'Content-Type: application/x-www-form-urlencoded' -d'id=1' https://api.mobizon.kz/service/campaign/send`,
			"api.mobizon.kz", "campaign/send", "id=1"},
		{"json body", `curl -X POST https://api.mobizon.kz/service/message/sendSmsMessage -H 'Content-Type: application/json' -d '{"recipient":"77001234567","params":{"validity":1440},"ids":[1,2],"flag":true}'`,
			"api.mobizon.kz", "message/sendSmsMessage", "recipient=77001234567 & params[validity]=1440 & ids[0]=1 & ids[1]=2 & flag=1"},
		{"a bare URL", `https://api.mobizon.kz/service/message/getSMSStatus?ids=1,2,3&apiKey=secret`,
			"api.mobizon.kz", "message/getSMSStatus", "ids=1,2,3"},
		{"a shell prompt and a pipe", `$ curl -s 'https://api.mobizon.kz/service/user/getownbalance?apiKey=x' | jq .`,
			"api.mobizon.kz", "user/getownbalance", ""},
		{"cmd.exe line continuations", "curl -X POST \"https://api.mobizon.kz/service/campaign/send?apiKey=k\" ^\n  -d \"id=7\"",
			"api.mobizon.kz", "campaign/send", "id=7"},
		{"--url= and an ignored option", `curl --url=https://api.mobizon.kz/service/link/get -d id=5 -o out.json --max-time 10`,
			"api.mobizon.kz", "link/get", "id=5"},
		{"apiKey in the body", `curl https://api.mobizon.kz/service/user/getOwnBalance -d apiKey=k -d a=b`,
			"api.mobizon.kz", "user/getOwnBalance", "a=b"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			im, err := Parse(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			r := im.Request
			if r.Server.String() != tc.server || r.Name() != tc.method || paramsString(r.Params) != tc.params {
				t.Errorf("got %s %s [%s]", r.Server, r.Name(), paramsString(r.Params))
			}
		})
	}
}

func TestImportNotes(t *testing.T) {
	im, err := Parse(`curl -k -L 'https://api.mobizon.kz/service/user/getOwnBalance?output=xml'`)
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(im.Notes, " | ")
	for _, want := range []string{"--insecure", "перенаправлениям", "output=xml"} {
		if !strings.Contains(all, want) {
			t.Errorf("notes %q lack %q", all, want)
		}
	}
}

func TestImportErrorsNameWhatCannotBeRead(t *testing.T) {
	cases := map[string]string{
		``:                                    "пусто",
		`wget https://x`:                      "ни на команду curl",
		`curl -X`:                             "у -X нет значения",
		`curl -d a=1`:                         "нет адреса",
		`curl https://api.mobizon.kz/v1/send`: "/service/{module}/{method}",
		`curl --frobnicate https://api.mobizon.kz/service/a/b`:                                     "--frobnicate",
		`curl -Z https://api.mobizon.kz/service/a/b`:                                               "-Z",
		`curl https://api.mobizon.kz/service/a/b -d @payload.txt`:                                  "из файла",
		`curl https://api.mobizon.kz/service/a/b --data-urlencode text@file`:                       "из файла",
		`curl "https://api.mobizon.kz/service/a/b?x=$(cat /etc/passwd)"`:                           "подстановка команды",
		`curl 'https://api.mobizon.kz/service/a/b' 'https://other/service/c/d'`:                    "два адреса",
		`curl 'ftp://api.mobizon.kz/service/a/b'`:                                                  "http",
		`curl 'https://api.mobizon.kz/service/a/b?x=%zz&apiKey=SECRETSECRET'`:                      "параметр",
		`curl 'https://api.mobizon.kz/service/a/b' -H 'Content-Type: application/json' -d '[1,2]'`: "объектом",
		`curl 'https://api.mobizon.kz/service/a/b`:                                                 "оболочки",
	}
	for in, want := range cases {
		_, err := Parse(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one mentioning %q", in, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "SECRETSECRET") {
			t.Errorf("%q: the key leaks in the error: %v", in, err)
		}
	}
}

func TestExportCurl(t *testing.T) {
	req := model.Request{Server: model.MustParseServer("api.mobizon.kz"), Module: "message", Method: "sendSmsMessage",
		Params: []model.Param{{Key: "recipient", Value: "+77001234567"}, {Key: "text", Value: "It's a test & more"}, {Key: "params[validity]", Value: "1440"}}}
	got := Command(req)
	want := `curl -X POST \
  "https://api.mobizon.kz/service/message/sendsmsmessage?output=json&api=v1&apiKey=$MOBIZON_API_KEY" \
  -H 'content-type: application/x-www-form-urlencoded' \
  -d 'recipient=%2B77001234567&text=It%27s+a+test+%26+more&params%5Bvalidity%5D=1440'`
	if got != want {
		t.Errorf("Command:\n%s\nwant\n%s", got, want)
	}
	get := Command(model.Request{Server: model.MustParseServer("http://127.0.0.1:8080"), Module: "user", Method: "getOwnBalance"})
	if get != `curl "http://127.0.0.1:8080/service/user/getownbalance?output=json&api=v1&apiKey=$MOBIZON_API_KEY"` {
		t.Errorf("GET export: %s", get)
	}
}

func TestImportExportImportRoundTrip(t *testing.T) {
	reqs := []model.Request{
		{Server: model.MustParseServer("api.mobizon.kz"), Module: "message", Method: "sendSmsMessage",
			Params: []model.Param{{Key: "recipient", Value: "+77001234567"}, {Key: "text", Value: "Кавычки ' \" и $HOME, `обратные`"}, {Key: "params[validity]", Value: "1440"}}},
		{Server: model.MustParseServer("http://127.0.0.1:8080"), Module: "campaign", Method: "addRecipients",
			Params: []model.Param{{Key: "id", Value: "1"}, {Key: "recipients[]", Value: "77001234567"}, {Key: "recipients[]", Value: "77001110005"}, {Key: "empty", Value: ""}}},
		{Server: model.MustParseServer("api.mobizon.com.br"), Module: "user", Method: "getOwnBalance"},
	}
	for _, req := range reqs {
		im, err := Parse(Command(req))
		if err != nil {
			t.Fatalf("%s: %v\n%s", req.Name(), err, Command(req))
		}
		// The wire is lower case, and so is an export; the API matches
		// names in any case.
		if im.Request.Server != req.Server || !strings.EqualFold(im.Request.Name(), req.Name()) || paramsString(im.Request.Params) != paramsString(req.Params) {
			t.Errorf("round trip of %s:\n got %s %s [%s]\nwant %s %s [%s]", req.Name(), im.Request.Server, im.Request.Name(),
				paramsString(im.Request.Params), req.Server, req.Name(), paramsString(req.Params))
		}
		if !im.KeyRemoved {
			t.Error("the $MOBIZON_API_KEY placeholder is a key, to be dropped")
		}
	}
}

// An export for a server the trust rule does not allow carries a key
// placeholder no shell expands, and says why; a trusted one keeps
// $MOBIZON_API_KEY.
func TestCommandForKeepsTheKeyFromForeignServers(t *testing.T) {
	foreign := model.Request{Server: model.MustParseServer("http://192.0.2.2:8080"), Module: "user", Method: "getownbalance"}
	post := foreign
	post.Params = []model.Param{{Key: "text", Value: "$HOME `id`"}}
	for _, req := range []model.Request{foreign, post} {
		ex := CommandFor(req, model.NewTrust(model.MustParseServer("https://127.0.0.1:9443")))
		if strings.Contains(ex.Command, KeyVariable) || !strings.Contains(ex.Command, "apiKey="+KeyPlaceholder+`"`) ||
			!strings.Contains(ex.Warning, "192.0.2.2:8080") {
			t.Errorf("foreign server: %q, warning %q", ex.Command, ex.Warning)
		}
		if strings.Contains(strings.SplitN(ex.Command, "-d", 2)[0], "$") {
			t.Errorf("something in the address a shell would expand: %s", ex.Command)
		}
	}
	for _, srv := range []string{"api.mobizon.uz", "http://192.0.2.2:8080"} {
		req := foreign
		req.Server = model.MustParseServer(srv)
		ex := CommandFor(req, model.NewTrust(model.MustParseServer("http://192.0.2.2:8080")))
		if ex.Warning != "" || ex.Command != Command(req) || !strings.Contains(ex.Command, KeyVariable) {
			t.Errorf("%s: %q, warning %q", srv, ex.Command, ex.Warning)
		}
	}
}
