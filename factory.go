package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/catalog"
	"codedesk/model/config"
	"codedesk/model/wire"
	"codedesk/sandbox"
)

// Factory is what every command gets from outside, cli/cli's
// cmdutil.Factory: main fills it with the real things, tests with theirs
// (buffers for streams, a map for the environment, a fake clock, the
// sandbox's address). A command copies what it needs into its options.
type Factory struct {
	IO *IOStreams
	// Getenv reads the environment; no command calls os.Getenv.
	Getenv func(string) string
	// Clock is time for whatever waits or stamps (the replay pacer, the
	// task poller, recorded calls).
	Clock model.Clock
	// OpenHistory opens the history file at path ("" for the default
	// place). It is the one way to the history store.
	OpenHistory func(ctx context.Context, path string) (History, error)
	// NewClient makes the wire client for the settings.
	NewClient func(config.Settings) *wire.Client
	// HistoryPath is the root's --history flag.
	HistoryPath string

	// warned: the settings' warnings have been said (once a run).
	warned bool
}

// deps are the Factory's parts a command that sends calls copies into its
// options.
type deps struct {
	IO        *IOStreams
	Clock     model.Clock
	History   func(context.Context) (History, error)
	NewClient func(config.Settings) *wire.Client
}

// sendDeps are the parts of f that a command sending calls needs.
func (f *Factory) sendDeps() deps {
	return deps{IO: f.IO, Clock: f.Clock, History: f.History, NewClient: f.NewClient}
}

// History is what the commands use of the history store.
type History interface {
	Record(ctx context.Context, c history.Call, key string) (int64, error)
	Get(ctx context.Context, id int64) (history.Call, error)
	List(ctx context.Context, f history.Filter) ([]history.Call, error)
	FailedOriginals(ctx context.Context, limit int) ([]history.Call, error)
	Close() error
}

// newFactory is the real world: the process's streams and environment,
// the wall clock, the history on disk.
func newFactory(ios *IOStreams) *Factory {
	return &Factory{
		IO:          ios,
		Getenv:      os.Getenv,
		Clock:       model.RealClock{},
		OpenHistory: openHistoryFile(os.Getenv),
		NewClient:   newClient,
	}
}

// openHistoryFile opens the SQLite history; any failure is a local one,
// said in Russian around the store's own words.
func openHistoryFile(getenv func(string) string) func(context.Context, string) (History, error) {
	return func(ctx context.Context, path string) (History, error) {
		s, err := history.Open(ctx, historyWhere(path, getenv), history.Options{})
		if err != nil {
			return nil, &localError{fmt.Errorf("история недоступна: %w", err)}
		}
		return localHistory{s}, nil
	}
}

// historyWhere is where the history is: the --history flag, or the
// default place.
func historyWhere(flag string, getenv func(string) string) string {
	if flag != "" {
		return flag
	}
	return history.DefaultPath(getenv)
}

// localHistory says what a store's error means for the exit status, once
// for every command: a call id that is not there is a failed lookup (1),
// anything else the store says (SQLite's words, in a Russian sentence) is
// this machine's problem (4).
type localHistory struct{ History }

func (h localHistory) Record(ctx context.Context, c history.Call, key string) (int64, error) {
	id, err := h.History.Record(ctx, c, key)
	return id, localErr("запись в историю не сохранена", err)
}

func (h localHistory) Get(ctx context.Context, id int64) (history.Call, error) {
	c, err := h.History.Get(ctx, id)
	if errors.Is(err, history.ErrNotFound) {
		return c, &failedError{fmt.Errorf("вызова %d нет в истории (номера показывает codedesk history)", id)}
	}
	return c, localErr(fmt.Sprintf("вызов %d не прочитан из истории", id), err)
}

func (h localHistory) List(ctx context.Context, f history.Filter) ([]history.Call, error) {
	calls, err := h.History.List(ctx, f)
	return calls, localErr("история не прочитана", err)
}

func (h localHistory) FailedOriginals(ctx context.Context, limit int) ([]history.Call, error) {
	calls, err := h.History.FailedOriginals(ctx, limit)
	return calls, localErr("история не прочитана", err)
}

// localErr is err as a local failure, said in Russian; nil stays nil.
func localErr(what string, err error) error {
	if err == nil {
		return nil
	}
	return &localError{fmt.Errorf("%s: %w", what, err)}
}

// History opens the history the --history flag names.
func (f *Factory) History(ctx context.Context) (History, error) {
	return f.OpenHistory(ctx, f.HistoryPath)
}

// newClient is the wire client of the real program.
func newClient(s config.Settings) *wire.Client {
	return wire.NewClient(wire.ClientOptions{
		Timeout:   s.Timeout,
		Insecure:  s.Insecure,
		Trust:     s.Trust,
		UserAgent: "codedesk/" + versionString(),
	})
}

// connFlags are the flags of every command that talks to the API.
type connFlags struct {
	profile  string
	server   string
	timeout  time.Duration
	insecure bool
}

func (c *connFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&c.profile, "profile", "", "profile of the config file to use")
	cmd.Flags().StringVar(&c.server, "server", "", "API server: api.mobizon.kz, host:port (https) or http://host:port")
	cmd.Flags().DurationVar(&c.timeout, "timeout", 0, "timeout of a whole call (default 60s)")
	cmd.Flags().BoolVar(&c.insecure, "insecure", false, "do not check TLS certificates (test servers only)")
}

// settingsFunc resolves the settings when a command needs them: an
// unreadable config file is a local failure, a wrong profile or server a
// usage one. The key found is masked in everything printed afterwards.
func (f *Factory) settingsFunc(c *connFlags) func() (config.Settings, string, error) {
	return func() (config.Settings, string, error) {
		path := config.ConfigPath(f.Getenv)
		cfg, err := config.LoadConfig(path)
		if err != nil {
			return config.Settings{}, path, &localError{err}
		}
		s, err := config.Resolve(cfg, config.Overrides{Profile: c.profile, Server: c.server, Timeout: c.timeout, Insecure: c.insecure}, f.Getenv)
		f.warn(s)
		if err != nil {
			return s, path, &usageError{err}
		}
		f.IO.Secret(s.Key)
		f.IO.Secret(s.WebhookSecret)
		return s, path, nil
	}
}

// warn says the settings' warnings (a key in a file others can read, a
// key that cannot be Mobizon's) on stderr, once a run however many times
// the settings are resolved. The sandbox's own keys are not Mobizon's
// shape by design: warning that the API will answer 8 would be wrong.
func (f *Factory) warn(s config.Settings) {
	if f.warned {
		return
	}
	f.warned = true
	for _, w := range s.Warnings {
		if sandboxKey(s.Key) && strings.Contains(w, "не похож на ключ Mobizon") {
			continue
		}
		fmt.Fprintln(f.IO.ErrOut, "codedesk: внимание:", w)
	}
}

// sandboxKey reports one of the sandbox's documented keys.
func sandboxKey(key string) bool {
	return key == sandbox.KeyKZ || key == sandbox.KeyUZ || key == sandbox.KeyBlocked
}

// errNoKey says how to get a key.
var errNoKey = &usageError{errors.New("нет ключа API: задайте MOBIZON_API_KEY, или key_env/key_file профиля в " +
	"$XDG_CONFIG_HOME/codedesk/config.toml; без ключа попробуйте песочницу: codedesk --demo")}

// requireKey is settings that can send a call.
func requireKey(resolve func() (config.Settings, string, error)) (config.Settings, error) {
	s, _, err := resolve()
	if err != nil {
		return s, err
	}
	if s.Key == "" {
		return s, errNoKey
	}
	return s, nil
}

// newExplainer explains answers with the code table, the methods book and
// the trust rule for these settings: the key goes to Mobizon's hosts and
// to the server the user named.
func newExplainer(s config.Settings) model.Explainer {
	return model.Explainer{
		Catalog: catalog.MustDefaultCatalog(),
		Methods: catalog.MustDefaultMethods(),
		Trust:   model.NewTrust(s.Server),
	}
}

// recorder keeps one command's calls in the history, stamped by the
// clock. A history that cannot be opened or written costs a call nothing
// but a warning: the answer still counts.
type recorder struct {
	io     *IOStreams
	clock  model.Clock
	key    string
	source string // cli, replay
	opened chan struct{}
	store  History // once opened
	err    error   // once opened
}

// openRecorder opens the history for recording while the call is on its
// way (opening a SQLite file costs about as much as a call on loopback);
// a failure is kept and said when a call is to be recorded.
func openRecorder(ctx context.Context, d deps, key, source string) *recorder {
	r := &recorder{io: d.IO, clock: d.Clock, key: key, source: source, opened: make(chan struct{})}
	go func() {
		defer close(r.opened)
		r.store, r.err = d.History(ctx)
	}()
	return r
}

// storeRecorder records into a store that is already open.
func storeRecorder(d deps, store History, key, source string) *recorder {
	r := &recorder{io: d.IO, clock: d.Clock, key: key, source: source, opened: make(chan struct{}), store: store}
	close(r.opened)
	return r
}

// Record keeps the outcome of sending req, and returns its id (0 when it
// could not be kept). replayOf, when not 0, names the call it replays.
func (r *recorder) Record(ctx context.Context, req model.Request, resp model.Response, callErr error, replayOf int64) int64 {
	<-r.opened
	if r.err != nil {
		fmt.Fprintf(r.io.ErrOut, "codedesk: вызов не сохранён в истории: %v\n", r.err)
		return 0
	}
	c := history.FromResult(req, resp, callErr, r.source)
	c.At = r.clock.Now()
	if replayOf != 0 {
		c.ReplayOf = &replayOf
	}
	id, err := r.store.Record(ctx, c, r.key)
	if err != nil {
		fmt.Fprintf(r.io.ErrOut, "codedesk: %v\n", err)
		return 0
	}
	return id
}

// Close closes the history, if it opened.
func (r *recorder) Close() {
	<-r.opened
	if r.store != nil {
		r.store.Close()
	}
}
