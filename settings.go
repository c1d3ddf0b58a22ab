package main

import (
	"errors"
	"os"
	"time"

	"github.com/spf13/cobra"

	"codedesk/model"
)

// connFlags are the flags of every command that talks to the API.
type connFlags struct {
	profile  string
	server   string
	timeout  time.Duration
	insecure bool
}

func (f *connFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.profile, "profile", "", "profile of the config file to use")
	cmd.Flags().StringVar(&f.server, "server", "", "API server: api.mobizon.kz, host:port (https) or http://host:port")
	cmd.Flags().DurationVar(&f.timeout, "timeout", 0, "timeout of a whole call (default 60s)")
	cmd.Flags().BoolVar(&f.insecure, "insecure", false, "do not check TLS certificates (test servers only)")
}

// resolve reads the config file and the environment under the flags.
func (f *connFlags) resolve() (model.Settings, string, error) {
	path := model.ConfigPath(os.Getenv)
	cfg, err := model.LoadConfig(path)
	if err != nil {
		return model.Settings{}, path, err
	}
	s, err := model.Resolve(cfg, model.Overrides{Profile: f.profile, Server: f.server, Timeout: f.timeout, Insecure: f.insecure}, os.Getenv)
	return s, path, err
}

// errNoKey says how to get a key; shown by the CLI and the TUI alike.
var errNoKey = errors.New("нет ключа API: задайте MOBIZON_API_KEY, или key_env/key_file профиля в " +
	"$XDG_CONFIG_HOME/codedesk/config.toml; без ключа попробуйте песочницу: codedesk --demo")

func newClient(s model.Settings) *model.Client {
	return model.NewClient(model.ClientOptions{
		Timeout:   s.Timeout,
		Insecure:  s.Insecure,
		UserAgent: "codedesk/" + versionString(),
	})
}
