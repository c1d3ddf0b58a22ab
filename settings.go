package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"codedesk/history"
	"codedesk/model/config"
	"codedesk/model/wire"
)

// historyPath is the --history flag: where calls are kept.
var historyPath string

// openHistory opens the history file named by --history or the default.
func openHistory() (history.Store, error) {
	path := historyPath
	if path == "" {
		path = history.DefaultPath(os.Getenv)
	}
	return history.Open(context.Background(), path, history.Options{})
}

// recordOrWarn keeps a call in the history; a history that cannot be
// opened or written costs the call nothing but a warning.
func recordOrWarn(store history.Store, storeErr error, c history.Call, key string, errOut io.Writer) int64 {
	if storeErr != nil {
		fmt.Fprintf(errOut, "codedesk: вызов не сохранён в истории: %v\n", storeErr)
		return 0
	}
	id, err := store.Record(context.Background(), c, key)
	if err != nil {
		fmt.Fprintf(errOut, "codedesk: %v\n", err)
		return 0
	}
	return id
}

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
func (f *connFlags) resolve() (config.Settings, string, error) {
	path := config.ConfigPath(os.Getenv)
	cfg, err := config.LoadConfig(path)
	if err != nil {
		return config.Settings{}, path, err
	}
	s, err := config.Resolve(cfg, config.Overrides{Profile: f.profile, Server: f.server, Timeout: f.timeout, Insecure: f.insecure}, os.Getenv)
	return s, path, err
}

// errNoKey says how to get a key; shown by the CLI and the TUI alike.
var errNoKey = errors.New("нет ключа API: задайте MOBIZON_API_KEY, или key_env/key_file профиля в " +
	"$XDG_CONFIG_HOME/codedesk/config.toml; без ключа попробуйте песочницу: codedesk --demo")

func newClient(s config.Settings) *wire.Client {
	return wire.NewClient(wire.ClientOptions{
		Timeout:   s.Timeout,
		Insecure:  s.Insecure,
		UserAgent: "codedesk/" + versionString(),
	})
}
