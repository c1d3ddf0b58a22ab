package config

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"codedesk/model"
	"codedesk/model/safe"
)

const realKey = "a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0"

// resolveWithin runs Resolve and fails loudly if it does not return in
// time: a FIFO used to hang it forever.
func resolveWithin(t *testing.T, cfg Config, env map[string]string) (Settings, error) {
	t.Helper()
	type result struct {
		s   Settings
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := Resolve(cfg, Overrides{}, envOf(env))
		done <- result{s, err}
	}()
	select {
	case r := <-done:
		return r.s, r.err
	case <-time.After(10 * time.Second):
		t.Fatal("Resolve hangs")
		return Settings{}, nil
	}
}

func keyFileProfile(path string) Config {
	return Config{Default: "kz", Profiles: map[string]Profile{"kz": {Server: "api.mobizon.kz", KeyFile: path}}}
}

// A key file is read only when it is a small regular file: a FIFO hung,
// /dev/zero grew to 16 GB, /proc/self/environ was sent as the key.
func TestKeyFileMustBeASmallRegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big")
	os.WriteFile(big, []byte(realKey+"\n"+strings.Repeat("SECRETSECRET", 5<<10/12)), 0o600)
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, nil, 0o600)
	blank := filepath.Join(dir, "blank")
	os.WriteFile(blank, []byte("\n"+realKey+"\n"), 0o600)
	cases := map[string]string{
		fifo:                                 "именованный канал",
		zero:                                 "устройство",
		dir:                                  "папка",
		big:                                  "больше 4 КиБ",
		empty:                                "пуст",
		blank:                                "пуст",
		"/proc/self/environ":                 "не обычный файл",
		filepath.Join(dir, "missing\x1b[2J"): "нет",
	}
	for path, want := range cases {
		if path == "/proc/self/environ" {
			if _, err := os.Stat(path); err != nil {
				continue // not Linux
			}
		}
		s, err := resolveWithin(t, keyFileProfile(path), nil)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("key_file %s: key %q, error %v; want one saying %q", path, safe.MaskKey(s.Key), err, want)
			continue
		}
		if msg := err.Error(); strings.Contains(msg, "SECRETSECRET") || safe.Line(msg) != msg {
			t.Errorf("key_file %s: the error %q quotes the file or is not inert", path, msg)
		}
	}
	good := filepath.Join(dir, "good")
	os.WriteFile(good, []byte("  "+realKey+"  \r\nsecond line\n"), 0o600)
	if s, err := resolveWithin(t, keyFileProfile(good), nil); err != nil || s.Key != realKey {
		t.Errorf("a good key file (CRLF, spaces): %q %v", safe.MaskKey(s.Key), err)
	}
}

// The webhook secret follows the key's rules: the environment first, then
// the profile's variable or file, read as safely.
func TestWebhookSecret(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "hook")
	os.WriteFile(file, []byte("file-secret\n"), 0o600)
	fifo := filepath.Join(dir, "fifo")
	syscall.Mkfifo(fifo, 0o600)
	cfg := Config{Default: "kz", Profiles: map[string]Profile{"kz": {WebhookSecretFile: file}}}
	s, err := resolveWithin(t, cfg, nil)
	if err != nil || s.WebhookSecret != "file-secret" || s.WebhookSecretSource != file {
		t.Errorf("from a file: %+v %v", s, err)
	}
	s, _ = resolveWithin(t, cfg, map[string]string{"MOBIZON_WEBHOOK_SECRET": "env-secret"})
	if s.WebhookSecret != "env-secret" || s.WebhookSecretSource != "MOBIZON_WEBHOOK_SECRET" {
		t.Errorf("the environment first: %+v", s)
	}
	cfg.Profiles["kz"] = Profile{WebhookSecretEnv: "KZ_HOOK"}
	if s, _ := resolveWithin(t, cfg, map[string]string{"KZ_HOOK": "var-secret"}); s.WebhookSecret != "var-secret" {
		t.Errorf("from the profile's variable: %+v", s)
	}
	if _, err := resolveWithin(t, cfg, nil); err == nil || !strings.Contains(err.Error(), "KZ_HOOK") {
		t.Errorf("an empty variable: %v", err)
	}
	cfg.Profiles["kz"] = Profile{WebhookSecretFile: fifo}
	if _, err := resolveWithin(t, cfg, nil); err == nil || !strings.Contains(err.Error(), "канал") {
		t.Errorf("a FIFO: %v", err)
	}
}

// A key written in a config.toml others can read is worth a warning that
// names the file and the fix.
func TestKeyInAReadableConfigIsAWarning(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(path, []byte("default = \"kz\"\n[profiles.kz]\nkey = \""+realKey+"\"\n"), 0o600)
	for mode, warn := range map[os.FileMode]bool{0o600: false, 0o400: false, 0o640: true, 0o644: true, 0o604: true} {
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		cfg, err := LoadConfig(path)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := Resolve(cfg, Overrides{}, envOf(nil))
		got := strings.Join(s.Warnings, "\n")
		if has := strings.Contains(got, "chmod 600 "+path); has != warn {
			t.Errorf("mode %04o: warnings %q, want a chmod warning: %v", mode, got, warn)
		}
		if strings.Contains(got, realKey) {
			t.Errorf("the warning shows the key: %q", got)
		}
	}
	// No key in the file: nothing to warn about.
	os.WriteFile(path, []byte("[profiles.kz]\nkey_env = \"KZ\"\n"), 0o644)
	os.Chmod(path, 0o644)
	if cfg, _ := LoadConfig(path); len(cfg.Warnings) != 0 {
		t.Errorf("no key, yet %q", cfg.Warnings)
	}
}

// A key that cannot be a Mobizon key is used, with a warning: support
// staff reproduce code 8 with wrong keys. The sandbox's documented keys
// are of another shape on purpose: no warning.
func TestImplausibleKeyIsAWarning(t *testing.T) {
	for key, warn := range map[string]bool{"abc": true, "5": true, "sandbox-kz-keyx": true, model.SandboxKeyKZ: false,
		model.SandboxKeyUZ: false, model.SandboxKeyBlocked: false, realKey: false} {
		s, err := Resolve(Config{}, Overrides{}, envOf(map[string]string{"MOBIZON_API_KEY": key}))
		got := strings.Join(s.Warnings, "\n")
		if err != nil || s.Key != key || strings.Contains(got, "не похож на ключ Mobizon") != warn {
			t.Errorf("key %q: %q %v, warning expected: %v", key, got, err, warn)
		}
	}
}

// A symlinked config.toml is edited through the link, atomically: the link
// stays a link, the target keeps its mode, nothing is left behind.
func TestSaveProfileServerEditsThroughASymlink(t *testing.T) {
	real := filepath.Join(t.TempDir(), "dotfiles", "codedesk.toml")
	os.MkdirAll(filepath.Dir(real), 0o700)
	os.WriteFile(real, []byte("# mine\n[profiles.kz]\nserver = \"api.mobizon.kz\"\n"), 0o600)
	os.Chmod(real, 0o640)
	link := filepath.Join(t.TempDir(), "codedesk", "config.toml")
	os.MkdirAll(filepath.Dir(link), 0o700)
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if err := SaveProfileServer(link, "kz", model.MustParseServer("api.mobizon.uz")); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced by a file: %v", err)
	}
	data, _ := os.ReadFile(real)
	if !strings.Contains(string(data), `server = "api.mobizon.uz"`) || !strings.Contains(string(data), "# mine") {
		t.Errorf("the target was not edited:\n%s", data)
	}
	if st, _ := os.Stat(real); st.Mode().Perm() != 0o640 {
		t.Errorf("the target's mode became %04o", st.Mode().Perm())
	}
	for _, dir := range []string{filepath.Dir(real), filepath.Dir(link)} {
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("%s holds %d files, want only the config", dir, len(entries))
		}
	}
	// A relative link and a dangling one (the file is created where it points).
	os.Remove(link)
	os.Remove(real)
	rel, _ := filepath.Rel(filepath.Dir(link), real)
	os.Symlink(rel, link)
	if err := SaveProfileServer(link, "kz", model.MustParseServer("api.mobizon.kz")); err != nil {
		t.Fatal(err)
	}
	if cfg, err := LoadConfig(real); err != nil || cfg.Profiles["kz"].Server != "api.mobizon.kz" {
		t.Errorf("through a dangling relative link: %+v %v", cfg, err)
	}
}
