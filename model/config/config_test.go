package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codedesk/model"
	"codedesk/model/catalog"
	"codedesk/model/jsonx"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestResolveLayers(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "uz.key")
	os.WriteFile(keyFile, []byte("file-key-123456\nsecond line ignored\n"), 0o600)
	cfg := Config{Default: "kz", Profiles: map[string]Profile{
		"kz": {Server: "api.mobizon.kz", KeyEnv: "KZ_KEY", Timeout: "15s"},
		"uz": {Server: "api.mobizon.uz", KeyFile: keyFile, Insecure: true},
	}}
	env := map[string]string{"KZ_KEY": "env-profile-key-1234"}

	s, err := Resolve(cfg, Overrides{}, envOf(env))
	if err != nil || s.Profile != "kz" || s.Server.String() != "api.mobizon.kz" || s.Key != "env-profile-key-1234" || s.KeySource != "KZ_KEY" || s.Timeout != 15*time.Second {
		t.Errorf("default profile: %+v %v", s, err)
	}
	s, err = Resolve(cfg, Overrides{Profile: "uz"}, envOf(env))
	// insecure = true for Mobizon's own host does nothing, and says so.
	if err != nil || s.Key != "file-key-123456" || s.Insecure || s.Timeout != model.DefaultTimeout ||
		!strings.Contains(strings.Join(s.Warnings, "\n"), "insecure для api.mobizon.uz не действует") {
		t.Errorf("uz profile: %+v %v", s, err)
	}
	// The environment beats the config file; flags beat both.
	env["MOBIZON_API_KEY"] = "global-env-key-9999"
	env["MOBIZON_API_SERVER"] = "api.mobizon.com.br"
	s, _ = Resolve(cfg, Overrides{}, envOf(env))
	if s.Key != "global-env-key-9999" || s.Server.Host != "api.mobizon.com.br" {
		t.Errorf("environment: %+v", s)
	}
	s, _ = Resolve(cfg, Overrides{Server: "http://127.0.0.1:9", Timeout: time.Second}, envOf(env))
	if s.Server.BaseURL() != "http://127.0.0.1:9" || s.Timeout != time.Second {
		t.Errorf("flags: %+v", s)
	}
	// No config at all: defaults, and no key is not an error.
	s, err = Resolve(Config{}, Overrides{}, envOf(nil))
	if err != nil || s.Server.Host != model.DefaultServer || s.Key != "" {
		t.Errorf("defaults: %+v %v", s, err)
	}
	if _, err := Resolve(cfg, Overrides{Profile: "br"}, envOf(env)); err == nil || !strings.Contains(err.Error(), "kz, uz") {
		t.Errorf("unknown profile: %v", err)
	}
	if _, err := Resolve(cfg, Overrides{}, envOf(map[string]string{})); err == nil || !strings.Contains(err.Error(), "KZ_KEY") {
		t.Errorf("empty key variable: %v", err)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	dir := t.TempDir()
	if c, err := LoadConfig(filepath.Join(dir, "missing.toml")); err != nil || len(c.Profiles) != 0 {
		t.Errorf("a missing file is an empty config: %+v %v", c, err)
	}
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("[profiles.kz\nserver="), 0o600)
	if _, err := LoadConfig(bad); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("a broken file: %v", err)
	}
	typo := filepath.Join(dir, "typo.toml")
	os.WriteFile(typo, []byte("[profiles.kz]\nsever = \"x\"\n"), 0o600)
	if _, err := LoadConfig(typo); err == nil || !strings.Contains(err.Error(), "sever") {
		t.Errorf("an unknown key must be named: %v", err)
	}
}

func TestSaveProfileServerKeepsTheRest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "codedesk", "config.toml")
	orig := "# my profiles\ndefault = \"kz\"\n\n[profiles.kz]\n# where\nserver = \"api.mobizon.kz\"\nkey_env = \"KZ\"\n\n[profiles.uz]\nserver = \"api.mobizon.uz\"\n"
	os.MkdirAll(filepath.Dir(path), 0o700)
	os.WriteFile(path, []byte(orig), 0o600)
	if err := SaveProfileServer(path, "kz", model.MustParseServer("api.mobizon.com.br")); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), "# my profiles") || !strings.Contains(string(data), "# where") {
		t.Errorf("comments lost:\n%s", data)
	}
	cfg, err := LoadConfig(path)
	if err != nil || cfg.Profiles["kz"].Server != "api.mobizon.com.br" || cfg.Profiles["kz"].KeyEnv != "KZ" || cfg.Profiles["uz"].Server != "api.mobizon.uz" {
		t.Errorf("after save: %+v %v", cfg, err)
	}
	// A new file and a new profile.
	fresh := filepath.Join(t.TempDir(), "codedesk", "config.toml")
	if err := SaveProfileServer(fresh, "", model.MustParseServer("http://127.0.0.1:8081")); err != nil {
		t.Fatal(err)
	}
	cfg, err = LoadConfig(fresh)
	if err != nil || cfg.Default != "default" || cfg.Profiles["default"].Server != "http://127.0.0.1:8081" {
		t.Errorf("fresh file: %+v %v", cfg, err)
	}
	if st, _ := os.Stat(fresh); st.Mode().Perm() != 0o600 {
		t.Errorf("config file mode %v, want 0600", st.Mode().Perm())
	}
}

func TestAnswerHelpers(t *testing.T) {
	book := catalog.MustDefaultMethods()
	items, ok := model.BulkItems([]byte(`[{"recipient":"77001234567","code":0,"messageId":"5"},{"recipient":77001110005,"code":"5"}]`), book)
	if !ok || len(items) != 2 || items[1].Recipient != "77001110005" || items[1].Code != 5 || items[1].Meaning != "номер в стоп-листе" || items[0].MessageID != "5" {
		t.Errorf("BulkItems = %+v %v", items, ok)
	}
	if _, ok := model.BulkItems([]byte(`"x"`), book); ok {
		t.Error("BulkItems accepted a string")
	}
	fields, ok := model.FieldErrors([]byte(`{"recipient":"bad","params":{"validity":["too long","not a number"]}}`))
	if !ok || len(fields) != 2 || fields[0].Field != "params.validity" || fields[0].Message != "too long; not a number" || fields[1].Field != "recipient" {
		t.Errorf("FieldErrors = %+v", fields)
	}
	for data, want := range map[string]string{`"api.mobizon.uz"`: "api.mobizon.uz", `{"domain":"api.mobizon.com.br"}`: "api.mobizon.com.br", `"127.0.0.1:8081"`: "127.0.0.1:8081"} {
		if srv, ok := model.WrongServerDomain([]byte(data), model.Server{}); !ok || srv.Host != want || srv.Scheme != "https" {
			t.Errorf("WrongServerDomain(%s) = %v %v", data, srv, ok)
		}
	}
	if _, ok := model.WrongServerDomain([]byte(`"not a host/path"`), model.Server{}); ok {
		t.Error("WrongServerDomain accepted a path")
	}
	// The sandbox speaks plain http: a bare host keeps the scheme that answered.
	if srv, _ := model.WrongServerDomain([]byte(`"127.0.0.1:8081"`), model.MustParseServer("http://127.0.0.1:8080")); srv.BaseURL() != "http://127.0.0.1:8081" {
		t.Errorf("bare host after an http answer: %s", srv.BaseURL())
	}
	if got := jsonx.Pretty([]byte(`{"a":"\u001b[2J"}`)); strings.ContainsRune(got, 0x1b) {
		t.Errorf("Pretty is not inert: %q", got)
	}
}

func TestMethodBook(t *testing.T) {
	book := catalog.MustDefaultMethods()
	m, ok := book.Lookup("MESSAGE/SENDSMSMESSAGE")
	if !ok || m.Name != "message/sendSmsMessage" {
		t.Fatalf("Lookup = %+v %v", m, ok)
	}
	if meaning, ok := m.CodeMeaning(11); !ok || !strings.Contains(meaning, "recipient") {
		t.Errorf("sendSmsMessage 11 = %q", meaning)
	}
	required := 0
	for _, p := range m.Params {
		if p.Required {
			required++
		}
	}
	if required != 2 {
		t.Errorf("sendSmsMessage has %d required parameters, want recipient and text", required)
	}
	if book.TaskStatusName(2) != "завершена" || book.RecipientCodeMeaning(4) != "дубликат" {
		t.Error("task status or recipient code names are wrong")
	}
	// Every method of API.md's table is known.
	for _, name := range []string{"user/getOwnBalance", "message/getSMSStatus", "message/list", "campaign/create", "campaign/addRecipients",
		"campaign/send", "campaign/delete", "campaign/get", "campaign/getInfo", "campaign/list", "link/create", "link/delete",
		"link/get", "link/getLinks", "link/getStats", "link/list", "link/update", "taskqueue/getStatus"} {
		if _, ok := book.Lookup(name); !ok {
			t.Errorf("%s is missing from methods.toml", name)
		}
	}
	cat := catalog.MustDefaultCatalog()
	for _, m := range book.Methods {
		for code := range m.Codes {
			var n int
			if _, err := fmt.Sscan(code, &n); err != nil || !cat.Describe(n).Known() {
				t.Errorf("%s documents code %s, which the code table lacks", m.Name, code)
			}
		}
	}
}

// Keeping a server (s after a 13) changes the value and nothing else: the
// comment on the server line, its spacing, a CRLF file's line ends and
// every other byte stay as they were (the comment was dropped).
func TestSaveProfileServerChangesOnlyTheValue(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	for _, tc := range []struct{ before, after string }{
		{"default = \"kz\"\n[profiles.kz]\nserver   =  'api.mobizon.kz'   # prod, \"since\" 2024 # really\nkey_env = \"KZ\" # env\n",
			"default = \"kz\"\n[profiles.kz]\nserver   =  \"api.mobizon.uz\"   # prod, \"since\" 2024 # really\nkey_env = \"KZ\" # env\n"},
		{"default = \"kz\"\r\n[profiles.kz]\r\nserver = \"api.mobizon.kz\"\r\n# end\r\n",
			"default = \"kz\"\r\n[profiles.kz]\r\nserver = \"api.mobizon.uz\"\r\n# end\r\n"},
		{"default = \"kz\"\n[profiles.kz]\n\tserver=\"a\\\"#b\"#c\n",
			"default = \"kz\"\n[profiles.kz]\n\tserver=\"api.mobizon.uz\"#c\n"},
	} {
		if err := os.WriteFile(path, []byte(tc.before), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := SaveProfileServer(path, "kz", model.MustParseServer("api.mobizon.uz")); err != nil {
			t.Fatalf("%q: %v", tc.before, err)
		}
		if data, _ := os.ReadFile(path); string(data) != tc.after {
			t.Errorf("saved\n%q\nwant\n%q", data, tc.after)
		}
	}
}
