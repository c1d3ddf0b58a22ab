// Package config reads the config file and works out the settings a call
// runs with (flags, environment, profile, defaults), and edits the file in
// place when the user keeps a server. It never writes the API key.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"codedesk/model"
)

// Config is the settings file, $XDG_CONFIG_HOME/codedesk/config.toml:
//
//	default = "kz"               # the profile used without --profile
//
//	[profiles.kz]
//	server  = "api.mobizon.kz"
//	key_env = "MOBIZON_KZ_KEY"   # the key from this environment variable,
//	# key_file = "/path/kz.key"  # or from the first line of this file,
//	# key = "…"                  # or written here (keep the file 0600)
//	timeout = "60s"
//	insecure = false             # skip TLS checks: only for test servers
type Config struct {
	Default  string             `toml:"default"`
	Profiles map[string]Profile `toml:"profiles"`
}

// Profile is one account or environment a support engineer calls.
type Profile struct {
	Server   string `toml:"server"`
	KeyEnv   string `toml:"key_env"`
	KeyFile  string `toml:"key_file"`
	Key      string `toml:"key"`
	Timeout  string `toml:"timeout"`
	Insecure bool   `toml:"insecure"`
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

// LoadConfig reads the config file; a missing file is an empty config.
func LoadConfig(path string) (Config, error) {
	var c Config
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("настройки %s: %w", path, err)
	}
	md, err := toml.Decode(string(data), &c)
	if err != nil {
		return c, fmt.Errorf("настройки %s: %w", path, err)
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		return c, fmt.Errorf("настройки %s: неизвестный ключ %s", path, undecoded[0])
	}
	return c, nil
}

// Settings are what a call runs with, after flags, environment, config
// file and defaults have had their say, strongest first.
type Settings struct {
	Profile   string
	Server    model.Server
	Key       string
	KeySource string // where the key came from, for messages: never the key
	Timeout   time.Duration
	Insecure  bool
}

// Overrides are the command-line flags; empty fields leave the lower
// layers' values.
type Overrides struct {
	Profile  string
	Server   string
	Timeout  time.Duration
	Insecure bool
}

// Resolve works out the settings: flags, then the environment
// (MOBIZON_API_KEY, MOBIZON_API_SERVER), then the profile of the config
// file, then defaults. A missing key is not an error here: browsing needs
// none, and callers say how to set one.
func Resolve(cfg Config, flags Overrides, getenv func(string) string) (Settings, error) {
	s := Settings{Timeout: model.DefaultTimeout}
	name := flags.Profile
	if name == "" {
		name = cfg.Default
	}
	var p Profile
	if name != "" {
		var ok bool
		p, ok = cfg.Profiles[name]
		if !ok {
			return s, fmt.Errorf("профиля %q нет в настройках (есть: %s)", name, strings.Join(profileNames(cfg), ", "))
		}
		s.Profile = name
	}
	server := firstNonEmpty(flags.Server, getenv("MOBIZON_API_SERVER"), p.Server, model.DefaultServer)
	srv, err := model.ParseServer(server)
	if err != nil {
		return s, err
	}
	s.Server = srv
	switch {
	case flags.Timeout > 0:
		s.Timeout = flags.Timeout
	case p.Timeout != "":
		d, err := time.ParseDuration(p.Timeout)
		if err != nil || d <= 0 {
			return s, fmt.Errorf("профиль %q: timeout %q — нужна длительность вида 30s", name, p.Timeout)
		}
		s.Timeout = d
	}
	s.Insecure = flags.Insecure || p.Insecure
	switch {
	case getenv("MOBIZON_API_KEY") != "":
		s.Key, s.KeySource = strings.TrimSpace(getenv("MOBIZON_API_KEY")), "MOBIZON_API_KEY"
	case p.KeyEnv != "":
		s.Key, s.KeySource = strings.TrimSpace(getenv(p.KeyEnv)), p.KeyEnv
		if s.Key == "" {
			return s, fmt.Errorf("профиль %q берёт ключ из переменной %s, но она пуста", name, p.KeyEnv)
		}
	case p.KeyFile != "":
		data, err := os.ReadFile(expandHome(p.KeyFile, getenv))
		if err != nil {
			return s, fmt.Errorf("профиль %q: файл ключа: %w", name, err)
		}
		first, _, _ := strings.Cut(string(data), "\n")
		s.Key, s.KeySource = strings.TrimSpace(first), p.KeyFile
		if s.Key == "" {
			return s, fmt.Errorf("профиль %q: файл ключа %s пуст", name, p.KeyFile)
		}
	case p.Key != "":
		s.Key, s.KeySource = strings.TrimSpace(p.Key), "config.toml"
	}
	return s, nil
}

func profileNames(cfg Config) []string {
	names := make([]string, 0, len(cfg.Profiles))
	for n := range cfg.Profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return []string{"ни одного"}
	}
	return names
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func expandHome(path string, getenv func(string) string) string {
	if rest, ok := strings.CutPrefix(path, "~/"); ok {
		return filepath.Join(getenv("HOME"), rest)
	}
	return path
}

// SaveProfileServer sets a profile's server in the config file, creating
// the file and the profile if needed. The file is edited in place, so its
// comments and layout survive; the result is read back to make sure it
// says what was meant.
func SaveProfileServer(path, profile string, server model.Server) error {
	if profile == "" {
		profile = "default"
	}
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("настройки %s: %w", path, err)
	}
	updated := setServerLine(string(old), profile, server.String())
	var check Config
	if _, err := toml.Decode(updated, &check); err != nil || check.Profiles[profile].Server != server.String() {
		return fmt.Errorf("настройки %s: не удалось записать сервер профиля %q", path, profile)
	}
	if check.Default == "" && len(check.Profiles) == 1 {
		updated = fmt.Sprintf("default = %q\n", profile) + updated
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("настройки: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(updated), 0o600); err != nil {
		return fmt.Errorf("настройки: %w", err)
	}
	return os.Rename(tmp, path)
}

var tableHeader = regexp.MustCompile(`^\s*\[`)

// setServerLine replaces or adds `server = "…"` in [profiles.<name>].
func setServerLine(text, profile, server string) string {
	header := fmt.Sprintf("[profiles.%s]", quoteKey(profile))
	line := fmt.Sprintf("server = %q", server)
	lines := strings.Split(text, "\n")
	start := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == header || strings.TrimSpace(l) == fmt.Sprintf("[profiles.%q]", profile) {
			start = i
			break
		}
	}
	if start < 0 {
		var b bytes.Buffer
		b.WriteString(strings.TrimRight(text, "\n"))
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(header + "\n" + line + "\n")
		return b.String()
	}
	end := len(lines)
	for i := start + 1; i < len(lines); i++ {
		if tableHeader.MatchString(lines[i]) {
			end = i
			break
		}
	}
	for i := start + 1; i < end; i++ {
		if k, _, ok := strings.Cut(lines[i], "="); ok && strings.TrimSpace(k) == "server" {
			lines[i] = line
			return strings.Join(lines, "\n")
		}
	}
	lines = append(lines[:start+1], append([]string{line}, lines[start+1:]...)...)
	return strings.Join(lines, "\n")
}

// quoteKey quotes a TOML key when it is not bare.
func quoteKey(k string) string {
	for _, r := range k {
		if !(r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return fmt.Sprintf("%q", k)
		}
	}
	return k
}
