package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codedesk/model"
	"codedesk/model/safe"
)

// The key may go only to servers the user named: the flag, the
// environment and every profile, exactly.
func TestResolveTrustsTheServersTheUserNamed(t *testing.T) {
	cfg := Config{Default: "kz", Profiles: map[string]Profile{
		"kz":    {Server: "api.mobizon.kz"},
		"stage": {Server: "stage.example:8443"},
		"local": {Server: "http://127.0.0.1:8081"},
		"bad":   {Server: "not a host"},
	}}
	env := map[string]string{"MOBIZON_API_SERVER": "http://10.0.0.5:9000"}
	s, err := Resolve(cfg, Overrides{Server: "http://127.0.0.1:9"}, envOf(env))
	if err != nil {
		t.Fatal(err)
	}
	for _, named := range []string{"http://127.0.0.1:9", "http://10.0.0.5:9000", "stage.example:8443", "http://127.0.0.1:8081", "api.mobizon.uz"} {
		if !s.Trust.Allows(model.MustParseServer(named)) {
			t.Errorf("%s was named, but is not trusted", named)
		}
	}
	for _, other := range []string{"evil.example", "http://stage.example:8443", "stage.example", "http://127.0.0.1:8082", "http://169.254.169.254", "http://api.mobizon.kz"} {
		if s.Trust.Allows(model.MustParseServer(other)) {
			t.Errorf("%s was never named, but is trusted", other)
		}
	}
}

func TestResolveHistoryAndAgent(t *testing.T) {
	cfg := Config{History: "~/calls.db", Agent: "team", Default: "kz", Profiles: map[string]Profile{
		"kz": {},
		"uz": {History: "postgres://db.example/codedesk", Agent: "aigerim"},
	}}
	env := map[string]string{"HOME": "/home/me", "USER": "me"}
	s, _ := Resolve(cfg, Overrides{}, envOf(env))
	if s.History != "/home/me/calls.db" || s.Agent != "team" {
		t.Errorf("top level: %q %q", s.History, s.Agent)
	}
	s, _ = Resolve(cfg, Overrides{Profile: "uz"}, envOf(env))
	if s.History != "postgres://db.example/codedesk" || s.Agent != "aigerim" {
		t.Errorf("the profile's own: %q %q", s.History, s.Agent)
	}
	s, _ = Resolve(Config{}, Overrides{}, envOf(env))
	if s.History != "" || s.Agent != "me" {
		t.Errorf("defaults: %q %q, want the default history and $USER", s.History, s.Agent)
	}
}

// HistoryOf says what Resolve says about the history and the agent, and
// needs no key: a profile whose key file is missing still has a history.
func TestHistoryOfNeedsNoKey(t *testing.T) {
	cfg := Config{History: "~/calls.db", Default: "kz", Profiles: map[string]Profile{
		"kz": {KeyFile: "/nonexistent/key"},
		"uz": {History: "postgres://db.example/codedesk", Agent: "aigerim"},
	}}
	env := envOf(map[string]string{"HOME": "/home/me", "USER": "me"})
	if _, err := Resolve(cfg, Overrides{}, env); err == nil {
		t.Fatal("Resolve must fail on the missing key file")
	}
	if h, a, err := cfg.HistoryOf("", env); err != nil || h != "/home/me/calls.db" || a != "me" {
		t.Errorf("default profile: %q %q %v", h, a, err)
	}
	if h, a, err := cfg.HistoryOf("uz", env); err != nil || h != "postgres://db.example/codedesk" || a != "aigerim" {
		t.Errorf("uz: %q %q %v", h, a, err)
	}
	if _, _, err := cfg.HistoryOf("nosuch", env); err == nil || !strings.Contains(err.Error(), "профиля «nosuch» нет") {
		t.Errorf("a missing profile: %v", err)
	}
}

// Every key of the README's settings block is known to LoadConfig; a typo
// still is not.
func TestLoadConfigKnowsEveryKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(path, []byte(`default = "kz"
history = "~/codedesk.db"
agent = "aigerim"
[profiles.kz]
server = "api.mobizon.kz"
key_env = "KZ"
key_file = "~/.mobizon/kz"
key = "x"
timeout = "30s"
insecure = false
history = "postgres://db/codedesk"
agent = "support-bot"
webhook_secret_env = "KZ_HOOK"
webhook_secret_file = "~/.mobizon/kz.hook"
`), 0o600)
	if _, err := LoadConfig(path); err != nil {
		t.Errorf("a file with every key: %v", err)
	}
	os.WriteFile(path, []byte("[profiles.kz]\nwebhook_secret = \"never here\"\n"), 0o600)
	if _, err := LoadConfig(path); err == nil || !strings.Contains(err.Error(), "webhook_secret") {
		t.Errorf("a secret written in the file must be an unknown key: %v", err)
	}
}

// hostile is text a config or an environment may hold that must not reach
// a terminal as is: escape sequences, a bidi override, a key.
const hostile = "\x1b]52;c;QUFB\x07\x1b[2J\u202e\u200bapiKey=SECRETSECRET"

// Every error of the config package is inert and shows no key.
func TestConfigErrorsAreInertAndMasked(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"unquoted key":    "[profiles.kz]\nkey = SECRETSECRET\n",
		"bad escape":      "[profiles.kz]\nkey = \"SECRET\\qSECRETSECRET\"\n",
		"control in key":  "[profiles.kz]\nkey = \"SECRETSECRET\x1b[2J\"\n",
		"unknown key":     "[profiles.kz]\n\"" + strings.ReplaceAll(hostile, "\x1b", "\\u001b") + "\" = 1\n",
		"garbage":         "x = 1 " + hostile + "\n",
		"bad server":      "default = \"kz\"\n[profiles.kz]\nserver = \"" + strings.ReplaceAll(hostile, "\x1b", "\\u001b") + "\"\n",
		"bad timeout":     "default = \"kz\"\n[profiles.kz]\ntimeout = \"" + strings.ReplaceAll(hostile, "\x1b", "\\u001b") + "\"\n",
		"empty key env":   "default = \"kz\"\n[profiles.kz]\nkey_env = \"" + strings.ReplaceAll(hostile, "\x1b", "\\u001b") + "\"\n",
		"missing file":    "default = \"kz\"\n[profiles.kz]\nkey_file = \"" + strings.ReplaceAll(hostile, "\x1b", "\\u001b") + "\"\n",
		"unknown profile": "default = \"" + strings.ReplaceAll(hostile, "\x1b", "\\u001b") + "\"\n",
	}
	for name, text := range files {
		path := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".toml")
		os.WriteFile(path, []byte(text), 0o600)
		cfg, err := LoadConfig(path)
		if err == nil {
			_, err = Resolve(cfg, Overrides{}, envOf(nil))
		}
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if msg := err.Error(); strings.Contains(msg, "SECRETSECRET") || safe.Line(msg) != msg {
			t.Errorf("%s: %q is not inert and masked", name, msg)
		}
	}
	if _, err := Resolve(Config{}, Overrides{Server: hostile}, envOf(nil)); err == nil || safe.Line(err.Error()) != err.Error() || strings.Contains(err.Error(), "SECRETSECRET") {
		t.Errorf("--server: %v", err)
	}
	if _, err := Resolve(Config{}, Overrides{Profile: hostile}, envOf(nil)); err == nil || safe.Line(err.Error()) != err.Error() {
		t.Errorf("--profile: %v", err)
	}
}

// insecure is for one server: the profile's own (whatever server the call
// goes to), or the command line's; never a Mobizon API host.
func TestInsecureIsForOneServer(t *testing.T) {
	cfg := Config{Default: "test", Profiles: map[string]Profile{
		"test": {Server: "https://127.0.0.1:9443", Insecure: true},
		"prod": {Server: "api.mobizon.kz"},
	}}
	cases := []struct {
		name  string
		flags Overrides
		env   map[string]string
		want  string // the server without checks; "" none
	}{
		{"the profile's server", Overrides{}, nil, "https://127.0.0.1:9443"},
		{"the profile's server, the call elsewhere", Overrides{}, map[string]string{"MOBIZON_API_SERVER": "api.mobizon.kz"}, "https://127.0.0.1:9443"},
		{"--insecure with --server", Overrides{Profile: "prod", Server: "https://10.0.0.5:8443", Insecure: true}, nil, "https://10.0.0.5:8443"},
		{"--insecure for the server in use", Overrides{Profile: "prod", Insecure: true}, map[string]string{"MOBIZON_API_SERVER": "https://10.0.0.6"}, "https://10.0.0.6"},
		{"--insecure for Mobizon", Overrides{Profile: "prod", Insecure: true}, nil, ""},
		{"a profile without insecure", Overrides{Profile: "prod"}, nil, ""},
	}
	for _, tc := range cases {
		s, err := Resolve(cfg, tc.flags, envOf(tc.env))
		got := ""
		if s.Insecure {
			got = s.InsecureServer.BaseURL()
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: insecure for %q, want %q (%v)", tc.name, got, tc.want, err)
		}
	}
}
