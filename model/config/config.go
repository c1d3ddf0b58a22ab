// Package config reads the config file and works out the settings a call
// runs with (flags, environment, profile, defaults), including where the
// key may go (the servers the user named), and edits the file in place when
// the user keeps a server.
//
// It never writes the API key or the webhook secret, never takes either
// from a flag, never puts either into an error or a warning, and reads key
// files only when they are small regular files.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"

	"codedesk/model"
	"codedesk/model/safe"
	"codedesk/model/syserr"
)

// Config is the settings file, $XDG_CONFIG_HOME/codedesk/config.toml:
//
//	default = "kz"               # the profile used without --profile
//	history = "~/codedesk.db"    # where calls are kept (a path or postgres://…)
//	agent   = "aigerim"          # who makes the calls (default: $USER)
//
//	[profiles.kz]
//	server  = "api.mobizon.kz"
//	key_env = "MOBIZON_KZ_KEY"   # the key from this environment variable,
//	# key_file = "/path/kz.key"  # or from the first line of this file,
//	# key = "…"                  # or written here (keep the file 0600)
//	timeout = "60s"
//	insecure = false             # skip TLS checks of this server only (test servers)
//	webhook_secret_env = "KZ_HOOK_SECRET" # or webhook_secret_file = "…"
//	# history, agent: as above, for this profile only
type Config struct {
	Default  string             `toml:"default"`
	History  string             `toml:"history"`
	Agent    string             `toml:"agent"`
	Profiles map[string]Profile `toml:"profiles"`
	// Warnings are what LoadConfig found worth telling the user, such as
	// a key in a file others can read. Resolve passes them on.
	Warnings []string `toml:"-"`
}

// Profile is one account or environment a support engineer calls.
type Profile struct {
	Server            string `toml:"server"`
	KeyEnv            string `toml:"key_env"`
	KeyFile           string `toml:"key_file"`
	Key               string `toml:"key"`
	Timeout           string `toml:"timeout"`
	Insecure          bool   `toml:"insecure"`
	History           string `toml:"history"`
	Agent             string `toml:"agent"`
	WebhookSecretEnv  string `toml:"webhook_secret_env"`
	WebhookSecretFile string `toml:"webhook_secret_file"`
}

// ConfigPath is where the config file lives: under $XDG_CONFIG_HOME, or
// ~/.config when it is not set.
func ConfigPath(getenv func(string) string) string {
	dir := getenv("XDG_CONFIG_HOME")
	if dir == "" {
		dir = filepath.Join(getenv("HOME"), ".config")
	}
	return filepath.Join(dir, "codedesk", "config.toml")
}

// LoadConfig reads the config file; a missing file is an empty config. The
// file must be a regular file of at most 256 KiB, nested no deeper than a
// config is (prescanTOML): it is checked before the TOML parser sees it. A key written in a file
// that group or others may read is a warning in Config.Warnings. Errors
// never quote a key.
func LoadConfig(path string) (Config, error) {
	var c Config
	data, st, err := readRegularFile(path, maxConfigFile)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	where := safe.Line(path)
	if err != nil {
		return c, fmt.Errorf("настройки %s: %s", where, safe.Line(syserr.Sentence(err)))
	}
	if err := prescanTOML(string(data)); err != nil {
		return Config{}, fmt.Errorf("настройки %s: %w", where, err)
	}
	md, err := toml.Decode(string(data), &c)
	if err != nil {
		return Config{}, fmt.Errorf("настройки %s: %s", where, tomlError(err, string(data)))
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		return Config{}, fmt.Errorf("настройки %s: неизвестный ключ %s", where, safe.Quote(undecoded[0].String()))
	}
	if st.Mode().Perm()&0o077 != 0 && c.holdsKey() {
		c.Warnings = append(c.Warnings, fmt.Sprintf("в %s записан ключ API, а файл могут читать другие (права %04o): выполните chmod 600 %s",
			where, st.Mode().Perm(), where))
	}
	return c, nil
}

// holdsKey reports a key written in the file itself.
func (c Config) holdsKey() bool {
	for _, p := range c.Profiles {
		if p.Key != "" {
			return true
		}
	}
	return false
}

// tomlError says where the file is broken without quoting a key: the
// parser quotes what it found, and on a key line that is the key.
func tomlError(err error, text string) string {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return safe.Line(safe.MaskSecrets(err.Error()))
	}
	lines := strings.Split(model.NormalizeNewlines(text), "\n")
	if n := pe.Position.Line; n >= 1 && n <= len(lines) && secretLine.MatchString(lines[n-1]) {
		return fmt.Sprintf("строка %d: значение ключа API не разобрать (оно не показано)", n)
	}
	return fmt.Sprintf("строка %d: %s", pe.Position.Line, safe.Clip(safe.Line(safe.MaskSecrets(pe.Message)), 200))
}

// secretLine is a line of the file that sets a key.
var secretLine = regexp.MustCompile(`^\s*["']?key["']?\s*=`)
