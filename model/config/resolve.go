package config

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"codedesk/model"
	"codedesk/model/safe"
)

// Settings are what a call runs with, after flags, environment, config
// file and defaults have had their say, strongest first.
type Settings struct {
	Profile   string
	Server    model.Server
	Key       string
	KeySource string // where the key came from, for messages: never the key
	Timeout   time.Duration
	// Insecure: TLS certificates of InsecureServer go unchecked, and only
	// of it: the profile's server when the profile says insecure = true,
	// or the server of the command line's --insecure (its --server, else
	// the server in use). Never a Mobizon API host. Pass both to the wire
	// client.
	Insecure       bool
	InsecureServer model.Server
	// Trust is where the key may go: the Mobizon API hosts and every
	// server the user named (the --server flag, MOBIZON_API_SERVER, the
	// server of every profile of config.toml). Pass it to the wire client.
	Trust model.Trust
	// History is where calls are kept (a path or a postgres:// URL) when
	// the config file says; "" means the default.
	History string
	// Agent is who makes the calls, for the history: the config's agent,
	// or $USER.
	Agent string
	// WebhookSecret signs webhooks; WebhookSecretSource says where it came
	// from, for messages: never the secret.
	WebhookSecret       string
	WebhookSecretSource string
	// Warnings are worth telling the user but stop nothing: a key others
	// can read, a key that cannot be a Mobizon key. Callers print them.
	Warnings []string
}

// Overrides are the command-line flags; empty fields leave the lower
// layers' values. There is no flag for the key or the webhook secret.
type Overrides struct {
	Profile  string
	Server   string
	Timeout  time.Duration
	Insecure bool
}

// Resolve works out the settings: flags, then the environment
// (MOBIZON_API_KEY, MOBIZON_API_SERVER, MOBIZON_WEBHOOK_SECRET), then the
// profile of the config file, then the file's top level, then defaults. A
// missing key is not an error here: browsing needs none, and callers say
// how to set one.
func Resolve(cfg Config, flags Overrides, getenv func(string) string) (Settings, error) {
	s := Settings{Timeout: model.DefaultTimeout, Warnings: append([]string(nil), cfg.Warnings...)}
	name, p, err := cfg.profile(flags.Profile)
	if err != nil {
		return s, err
	}
	s.Profile = name
	srv, err := model.ParseServer(firstNonEmpty(flags.Server, getenv("MOBIZON_API_SERVER"), p.Server, model.DefaultServer))
	if err != nil {
		return s, err
	}
	s.Server, s.Trust = srv, namedServers(cfg, flags, getenv)
	if s.Timeout, err = timeout(flags, p, name); err != nil {
		return s, err
	}
	s.insecure(flags, p)
	if err := s.resolveKey(p, name, getenv); err != nil {
		return s, err
	}
	if err := s.resolveWebhookSecret(p, name, getenv); err != nil {
		return s, err
	}
	s.History, s.Agent = cfg.team(p, getenv)
	return s, nil
}

// HistoryOf is where the profile named (the default one when name is "")
// keeps its calls, a path or a postgres:// URL ("" for the default place),
// and who makes them, as Resolve would say, without the rest of the
// settings: reading the history needs no key.
func (cfg Config) HistoryOf(name string, getenv func(string) string) (history, agent string, err error) {
	_, p, err := cfg.profile(name)
	if err != nil {
		return "", "", err
	}
	history, agent = cfg.team(p, getenv)
	return history, agent, nil
}

// team is the history and agent of profile p: its own, else the file's
// top level; the agent defaults to $USER, then $LOGNAME.
func (cfg Config) team(p Profile, getenv func(string) string) (history, agent string) {
	return ExpandHome(firstNonEmpty(p.History, cfg.History), getenv),
		safe.Line(firstNonEmpty(p.Agent, cfg.Agent, getenv("USER"), getenv("LOGNAME")))
}

// profile is the profile named, or the default one when name is ""; no
// name and no default is the empty profile.
func (cfg Config) profile(name string) (string, Profile, error) {
	name = firstNonEmpty(name, cfg.Default)
	if name == "" {
		return "", Profile{}, nil
	}
	p, ok := cfg.Profiles[name]
	if !ok {
		have := strings.Join(profileNames(cfg), ", ")
		if have == "" {
			have = "ни одного"
		}
		return "", p, fmt.Errorf("профиля %s нет в настройках (есть: %s)", safe.Quote(name), have)
	}
	return name, p, nil
}

// Trust is where the key may go by the file and the environment alone
// (no flags): the Mobizon API hosts, MOBIZON_API_SERVER and every profile's
// server. For commands that hand out a command to run (export), not send.
func (cfg Config) Trust(getenv func(string) string) model.Trust {
	return namedServers(cfg, Overrides{}, getenv)
}

// namedServers trusts every server the user wrote: the flag, the
// environment and every profile of the file, each exactly as written. One
// that does not parse is simply not trusted (Resolve reports the one in
// use).
func namedServers(cfg Config, flags Overrides, getenv func(string) string) model.Trust {
	named := []string{flags.Server, getenv("MOBIZON_API_SERVER")}
	for _, n := range profileNames(cfg) {
		named = append(named, cfg.Profiles[n].Server)
	}
	var servers []model.Server
	for _, s := range named {
		if srv, err := model.ParseServer(s); err == nil {
			servers = append(servers, srv)
		}
	}
	return model.NewTrust(servers...)
}

// insecure works out which one server, if any, goes without TLS checks:
// the --insecure of the command line is for the server of that command
// line (--server, else the one in use); a profile's insecure = true is for
// the profile's own server, whatever server the call goes to. A Mobizon
// API host is always checked, and the user is told so.
func (s *Settings) insecure(flags Overrides, p Profile) {
	var srv model.Server
	switch {
	case flags.Insecure && flags.Server != "":
		srv, _ = model.ParseServer(flags.Server)
	case flags.Insecure:
		srv = s.Server
	case p.Insecure && p.Server != "":
		srv, _ = model.ParseServer(p.Server)
	}
	if srv.Host == "" {
		return
	}
	if model.IsMobizonAPI(srv) {
		s.Warnings = append(s.Warnings, fmt.Sprintf("insecure для %s не действует: сертификаты серверов Mobizon API "+
			"проверяются всегда (иначе ключ получил бы любой, кто стоит на пути)", srv))
		return
	}
	s.Insecure, s.InsecureServer = srv.Scheme == "https", srv
}

func timeout(flags Overrides, p Profile, name string) (time.Duration, error) {
	switch {
	case flags.Timeout > 0:
		return flags.Timeout, nil
	case p.Timeout != "":
		d, err := time.ParseDuration(p.Timeout)
		if err != nil || d <= 0 {
			return 0, fmt.Errorf("профиль %s: timeout %s — нужна длительность вида 30s", safe.Quote(name), safe.Quote(p.Timeout))
		}
		return d, nil
	}
	return model.DefaultTimeout, nil
}

// secretSource is where a secret may come from, strongest first: a
// variable of the process, a variable the profile names, or the first line
// of a file the profile names (read safely: readSecretFile). The API key
// and the webhook secret follow the same rules.
type secretSource struct {
	what        string // "ключ", "секрет вебхуков": for messages
	env         string // MOBIZON_API_KEY…
	profileEnv  string // the profile's key_env…
	profileFile string // the profile's key_file…
}

// resolve reads the secret and says where it came from; "" when no source
// is set.
func (src secretSource) resolve(profile string, getenv func(string) string) (value, from string, err error) {
	switch {
	case getenv(src.env) != "":
		return strings.TrimSpace(getenv(src.env)), src.env, nil
	case src.profileEnv != "":
		value = strings.TrimSpace(getenv(src.profileEnv))
		if value == "" {
			return "", "", fmt.Errorf("профиль %s берёт %s из переменной %s, но она пуста", safe.Quote(profile), src.what, safe.Quote(src.profileEnv))
		}
		return value, src.profileEnv, nil
	case src.profileFile != "":
		value, err = readSecretFile(ExpandHome(src.profileFile, getenv))
		if err != nil {
			return "", "", fmt.Errorf("профиль %s: %s не прочитан: %w; он читается из первой строки обычного файла не больше 4 КиБ",
				safe.Quote(profile), src.what, err)
		}
		return value, src.profileFile, nil
	}
	return "", "", nil
}

// resolveKey takes the key from MOBIZON_API_KEY, or the profile's
// key_env, key_file or key, and warns about a key that cannot be real.
func (s *Settings) resolveKey(p Profile, name string, getenv func(string) string) error {
	key, from, err := secretSource{"ключ", "MOBIZON_API_KEY", p.KeyEnv, p.KeyFile}.resolve(name, getenv)
	if err != nil {
		return err
	}
	if key == "" && p.Key != "" {
		key, from = strings.TrimSpace(p.Key), "config.toml"
	}
	s.Key, s.KeySource = key, from
	// The sandbox's own keys have another shape on purpose.
	if s.Key != "" && !safe.PlausibleKey(s.Key) && !model.SandboxKey(s.Key) {
		s.Warnings = append(s.Warnings, fmt.Sprintf("ключ из %s не похож на ключ Mobizon (40 или 70 латинских букв и цифр): "+
			"API, скорее всего, ответит кодом 8", safe.Quote(s.KeySource)))
	}
	return nil
}

// resolveWebhookSecret takes the webhook signing secret by the key's
// rules: MOBIZON_WEBHOOK_SECRET, or the profile's webhook_secret_env or
// webhook_secret_file; never a flag, never written in the file.
func (s *Settings) resolveWebhookSecret(p Profile, name string, getenv func(string) string) error {
	secret, from, err := secretSource{"секрет вебхуков", "MOBIZON_WEBHOOK_SECRET", p.WebhookSecretEnv, p.WebhookSecretFile}.resolve(name, getenv)
	s.WebhookSecret, s.WebhookSecretSource = secret, from
	return err
}

func profileNames(cfg Config) []string {
	names := make([]string, 0, len(cfg.Profiles))
	for n := range cfg.Profiles {
		names = append(names, n)
	}
	sort.Strings(names)
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

// ExpandHome puts $HOME in place of a leading "~/", as a shell would: the
// paths of config.toml and CODEDESK_HISTORY reach codedesk unexpanded.
func ExpandHome(path string, getenv func(string) string) string {
	if rest, ok := strings.CutPrefix(path, "~/"); ok && getenv("HOME") != "" {
		return filepath.Join(getenv("HOME"), rest)
	}
	return path
}
