package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codedesk/model/config"
	"codedesk/sandbox"
)

// What is worth fixing in the settings (a key others can read, a key that
// cannot be Mobizon's) is said at start and after a profile switch; the
// TUI starts regardless.

// readableConfig is a config.toml that others may read, with a key in its
// second profile.
func readableConfig(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	body := "default = \"plain\"\n\n[profiles.plain]\nserver = \"api.mobizon.kz\"\n\n" +
		"[profiles.inline]\nserver = \"api.mobizon.uz\"\nkey = \"short\\u001b[31mkey\"\n"
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil { // whatever the umask
		t.Fatal(err)
	}
	return path
}

func TestSettingsWarningsShowAtStart(t *testing.T) {
	path := readableConfig(t)
	cfg, err := config.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := config.Resolve(cfg, config.Overrides{}, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Warnings) == 0 {
		t.Fatal("the domain must warn of a readable config.toml with a key")
	}
	a := newApp(t, 100, 30, func(t *testing.T, o *Options) { o.Settings, o.ConfigPath = s, path })
	ls := start(t, a, 100, 30)
	scr := ls.waitFor(t, "chmod 600")
	if strings.Contains(scr, "\x1b[31m") {
		t.Error("a warning reached the screen with an escape sequence in it")
	}
}

func TestSettingsWarningsShowAfterAProfileSwitch(t *testing.T) {
	path := readableConfig(t)
	a := newApp(t, 120, 30, func(t *testing.T, o *Options) { o.ConfigPath, o.Settings.Profile = path, "plain" })
	ls := start(t, a, 120, 30)
	ls.waitFor(t, "Коды ответов 20")
	ls.send(press("ctrl+p"))
	ls.waitFor(t, "inline")
	ls.send(press("up"), press("enter"))                      // the profiles are listed by name
	ls.waitFor(t, "профиль inline", "chmod 600", "· ключ из") // the second warning, cut by the long temporary path
}

// The sandbox's documented keys are not Mobizon's shape on purpose: the TUI
// does not warn of them, as the command line does not (one domain rule),
// while another key of a wrong shape is still named.
func TestTheSandboxsKeysBringNoWarning(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	body := "default = \"sbx\"\n\n[profiles.sbx]\nserver = \"http://127.0.0.1:8080\"\nkey_env = \"SBX_KZ\"\n\n" +
		"[profiles.typo]\nserver = \"api.mobizon.kz\"\nkey_env = \"TYPO_KEY\"\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"SBX_KZ": sandbox.KeyKZ, "TYPO_KEY": "not-a-key"}
	getenv := func(k string) string { return env[k] }
	cfg, err := config.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := config.Resolve(cfg, config.Overrides{}, getenv)
	if err != nil {
		t.Fatal(err)
	}
	a := newApp(t, 120, 30, func(t *testing.T, o *Options) { o.Settings, o.ConfigPath, o.Getenv = s, path, getenv })
	ls := start(t, a, 120, 30)
	scr := ls.waitFor(t, "Коды ответов 20", "профиль sbx")
	if strings.Contains(scr, "не похож на ключ") {
		t.Errorf("the sandbox's own key is warned of at start:\n%s", scr)
	}
	ls.send(press("ctrl+p"))
	ls.waitFor(t, "typo")
	ls.send(press("down"), press("enter"))
	ls.waitFor(t, "профиль typo", "ключ из «TYPO_KEY» не похож на ключ Mobizon")
	ls.send(press("ctrl+p"))
	ls.waitFor(t, "Профили")
	ls.send(press("up"), press("enter"))
	scr = ls.waitFor(t, "профиль sbx: http://127.0.0.1:8080")
	if strings.Contains(scr, "не похож на ключ") {
		t.Errorf("the sandbox's own key is warned of after a switch:\n%s", scr)
	}
}
