package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/catalog"
	"codedesk/model/config"
	"codedesk/model/syserr"
	"codedesk/model/wire"
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
	// task poller, recorded calls, notes).
	Clock model.Clock
	// OpenHistory opens the history a place names (a SQLite file or a
	// team's postgres:// URL). It is the one way to the history store:
	// commands go through History and ReadHistory, which find the place.
	OpenHistory func(ctx context.Context, p HistoryPlace) (history.Store, error)
	// NewClient makes the wire client for the settings.
	NewClient func(config.Settings) *wire.Client
	// HistoryFlag is the root's --history flag.
	HistoryFlag string
	// Profile is the profile whose history and agent count: the --profile
	// of the command (commands with connection flags set it when they
	// resolve their settings).
	Profile string

	mu sync.Mutex
	// resolved: the settings a command resolved, whose history and agent
	// win over reading the config again.
	resolved *config.Settings
	// warned: the settings' warnings have been said (once a run).
	warned bool
}

// HistoryPlace is where the history is and who is working.
type HistoryPlace struct {
	// Where is a path or a postgres:// URL. It may hold a password: show
	// history.RedactURL(Where), or the store's Where().
	Where string
	// Agent is recorded as who made each call and wrote each note.
	Agent string
	// ReadOnly opens it for reading only (history, export): a 0444 file
	// is read, nothing is written, created or migrated.
	ReadOnly bool
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
	Count(ctx context.Context) (int64, error)
	FailedOriginals(ctx context.Context, limit int) ([]history.Call, error)
	Star(ctx context.Context, id int64, starred bool) error
	SetNote(ctx context.Context, id int64, note, author string) error
	Push(ctx context.Context) (history.PushResult, error)
	PushFrom(ctx context.Context, path string) (history.PushResult, error)
	Where() string
	Agent() string
	Close() error
}

// newFactory is the real world: the process's streams and environment,
// the wall clock, the history on disk or on the team's server.
func newFactory(ios *IOStreams) *Factory {
	return &Factory{
		IO:          ios,
		Getenv:      os.Getenv,
		Clock:       model.RealClock{},
		OpenHistory: openHistoryStore(os.Getenv, model.RealClock{}, history.Options{}),
		NewClient:   newClient,
	}
}

// openHistoryStore opens the history at a place: base's time outs, the
// place's agent and mode, notes stamped by clock, and a team store's local
// file in this environment's state folder. Any failure is a local one,
// said in Russian around the store's own words (never a password).
func openHistoryStore(getenv func(string) string, clock model.Clock, base history.Options) func(context.Context, HistoryPlace) (history.Store, error) {
	return func(ctx context.Context, p HistoryPlace) (history.Store, error) {
		opts := base
		opts.Agent, opts.ReadOnly, opts.Now = p.Agent, p.ReadOnly, clock.Now
		if history.IsPostgresURL(p.Where) && opts.Fallback == "" {
			opts.Fallback = history.DefaultFallbackPath(getenv, p.Where)
		}
		s, err := history.Open(ctx, p.Where, opts)
		if errors.Is(err, history.ErrNoHistory) {
			return nil, &localError{err} // it says what it is, and where
		}
		if err != nil {
			return nil, &localError{fmt.Errorf("история недоступна: %w", err)}
		}
		return s, nil
	}
}

// History opens the history for reading and writing (calls, imports,
// replays, stars, pushes).
func (f *Factory) History(ctx context.Context) (History, error) {
	return f.openHistory(ctx, false, true)
}

// ReadHistory opens the history for reading only; needAgent says the
// command uses who is working (--mine), which may need the config.
func (f *Factory) ReadHistory(needAgent bool) func(context.Context) (History, error) {
	return func(ctx context.Context) (History, error) { return f.openHistory(ctx, true, needAgent) }
}

func (f *Factory) openHistory(ctx context.Context, readOnly, needAgent bool) (History, error) {
	p, err := f.historyPlace(readOnly, needAgent)
	if err != nil {
		return nil, err
	}
	// The store never says a password; the streams would mask one anyway.
	if u, err := url.Parse(p.Where); err == nil && history.IsPostgresURL(p.Where) {
		if pw, ok := u.User.Password(); ok {
			f.IO.Secret(pw)
		}
	}
	s, err := f.OpenHistory(ctx, p)
	if err != nil {
		return nil, err
	}
	return localHistory{Store: s, notices: f.IO.ErrOut}, nil
}

// historyPlace is where the history is, in one order for every command and
// the TUI: the --history flag, CODEDESK_HISTORY, the profile's (or the
// config file's) history, the default file; and who is working: the
// config's agent, else history.DefaultAgent ($USER, $LOGNAME, the account,
// the machine). The config is read only when it has a say: a
// broken one stops a command only when the place or the agent depends on it.
func (f *Factory) historyPlace(readOnly, needAgent bool) (HistoryPlace, error) {
	where := cmp.Or(f.HistoryFlag, config.ExpandHome(strings.TrimSpace(f.Getenv("CODEDESK_HISTORY")), f.Getenv))
	configured, agent, err := f.historySettings()
	if err != nil {
		if where == "" || needAgent {
			return HistoryPlace{}, err
		}
		configured, agent = "", ""
	}
	return HistoryPlace{
		Where:    cmp.Or(where, configured, history.DefaultPath(f.Getenv)),
		Agent:    cmp.Or(agent, history.DefaultAgent(f.Getenv)),
		ReadOnly: readOnly,
	}, nil
}

// historySettings are the history and agent of the settings the command
// resolved, or of its profile in the config file.
func (f *Factory) historySettings() (where, agent string, err error) {
	f.mu.Lock()
	resolved := f.resolved
	f.mu.Unlock()
	if resolved != nil {
		return resolved.History, resolved.Agent, nil
	}
	cfg, err := config.LoadConfig(config.ConfigPath(f.Getenv))
	if err != nil {
		return "", "", &localError{err}
	}
	f.warn(cfg.Warnings)
	where, agent, err = cfg.HistoryOf(f.Profile, f.Getenv)
	if err != nil {
		return "", "", &usageError{err}
	}
	return where, agent, nil
}

// localHistory says what a store's answers mean for the command, once for
// every command: a call id that is not there is a failed lookup (1); a
// call the team server did not take but the local file kept is a notice,
// not a failure (id 0, said once on stderr); anything else the store says
// (a damaged or read-only file, a server away: in a Russian sentence,
// never with a password) is this machine's problem (4).
type localHistory struct {
	history.Store
	notices io.Writer
}

func (h localHistory) Record(ctx context.Context, c history.Call, key string) (int64, error) {
	id, err := h.Store.Record(ctx, c, key)
	if errors.Is(err, history.ErrKeptLocally) {
		// The store says it once a run; later calls kept come back as id 0.
		fmt.Fprintf(h.notices, "codedesk: внимание: %s (или это сделает первый вызов, который сервер примет)\n", syserr.Say(err))
		return 0, nil
	}
	return id, h.fail("запись в историю не сохранена", err)
}

func (h localHistory) Get(ctx context.Context, id int64) (history.Call, error) {
	c, err := h.Store.Get(ctx, id)
	return c, h.lookupErr(id, fmt.Sprintf("вызов %d не прочитан из истории", id), err)
}

func (h localHistory) List(ctx context.Context, f history.Filter) ([]history.Call, error) {
	calls, err := h.Store.List(ctx, f)
	return calls, h.fail("история не прочитана", err)
}

func (h localHistory) Count(ctx context.Context) (int64, error) {
	n, err := h.Store.Count(ctx)
	return n, h.fail("история не прочитана", err)
}

func (h localHistory) FailedOriginals(ctx context.Context, limit int) ([]history.Call, error) {
	calls, err := h.Store.FailedOriginals(ctx, limit)
	return calls, h.fail("история не прочитана", err)
}

func (h localHistory) Star(ctx context.Context, id int64, starred bool) error {
	return h.lookupErr(id, fmt.Sprintf("вызов %d не отмечен", id), h.Store.Star(ctx, id, starred))
}

func (h localHistory) SetNote(ctx context.Context, id int64, note, author string) error {
	return h.lookupErr(id, fmt.Sprintf("заметка к вызову %d не сохранена", id), h.Store.SetNote(ctx, id, note, author))
}

func (h localHistory) Push(ctx context.Context) (history.PushResult, error) {
	res, err := h.Store.Push(ctx)
	return res, h.fail("не отправлено", err)
}

func (h localHistory) PushFrom(ctx context.Context, path string) (history.PushResult, error) {
	res, err := h.Store.PushFrom(ctx, path)
	return res, h.fail("не скопировано", err)
}

// lookupErr is err about call id: not there (1), or a local failure (4)
// said after what.
func (h localHistory) lookupErr(id int64, what string, err error) error {
	if errors.Is(err, history.ErrNotFound) {
		return &failedError{fmt.Errorf("вызова %d нет в истории %s (номера показывает codedesk history)", id, h.Where())}
	}
	return h.fail(what, err)
}

// fail is err as a local failure: said after what, unless the store's own
// words already name the history (and what failed there).
func (h localHistory) fail(what string, err error) error {
	if err == nil {
		return nil
	}
	if strings.Contains(err.Error(), h.Where()) {
		return &localError{err}
	}
	return localErr(what, err)
}

// localErr is err as a local failure, said in Russian; nil stays nil.
func localErr(what string, err error) error {
	if err == nil {
		return nil
	}
	return &localError{fmt.Errorf("%s: %w", what, err)}
}

// newClient is the wire client of the real program.
func newClient(s config.Settings) *wire.Client {
	return wire.NewClient(wire.ClientOptions{
		Timeout:        s.Timeout,
		Insecure:       s.Insecure,
		InsecureServer: s.InsecureServer,
		Trust:          s.Trust,
		UserAgent:      "codedesk/" + versionString(),
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
// usage one. The key found is masked in everything printed afterwards;
// the history and agent found are the ones the command's history uses.
func (f *Factory) settingsFunc(c *connFlags) func() (config.Settings, string, error) {
	return func() (config.Settings, string, error) {
		f.mu.Lock()
		f.Profile = c.profile
		f.mu.Unlock()
		path := config.ConfigPath(f.Getenv)
		cfg, err := config.LoadConfig(path)
		if err != nil {
			return config.Settings{}, path, &localError{err}
		}
		s, err := config.Resolve(cfg, config.Overrides{Profile: c.profile, Server: c.server, Timeout: c.timeout, Insecure: c.insecure}, f.Getenv)
		f.warn(s.Warnings)
		var unreadable *config.FileError
		if errors.As(err, &unreadable) {
			return s, path, &localError{err} // a key file that is not a small regular file: this machine's problem
		}
		if err != nil {
			return s, path, &usageError{err}
		}
		f.IO.Secret(s.Key)
		f.IO.Secret(s.WebhookSecret)
		f.mu.Lock()
		f.resolved = &s
		f.mu.Unlock()
		return s, path, nil
	}
}

// warn says the settings' warnings (a key in a file others can read, a
// key that cannot be Mobizon's) on stderr, once a run however many times
// the settings are resolved.
func (f *Factory) warn(warnings []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.warned {
		return
	}
	f.warned = true
	for _, w := range warnings {
		fmt.Fprintln(f.IO.ErrOut, "codedesk: внимание:", w)
	}
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
	// uncheckedSaid: the warning that a TLS certificate went unchecked has
	// been said (once a command).
	uncheckedSaid bool
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
	if resp.TLSUnchecked && !r.uncheckedSaid {
		r.uncheckedSaid = true
		fmt.Fprintf(r.io.ErrOut, "codedesk: внимание: сертификат TLS сервера %s не проверялся (insecure для этого сервера)\n", req.Server)
	}
	if r.err != nil {
		fmt.Fprintf(r.io.ErrOut, "codedesk: вызов не сохранён в истории: %s\n", syserr.Say(r.err))
		return 0
	}
	c := history.FromResult(req, resp, callErr, r.source)
	c.At = r.clock.Now()
	if replayOf != 0 {
		c.ReplayOf = &replayOf
	}
	id, err := r.store.Record(ctx, c, r.key)
	if err != nil {
		fmt.Fprintf(r.io.ErrOut, "codedesk: %s\n", syserr.Say(err))
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
