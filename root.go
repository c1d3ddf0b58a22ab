package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"codedesk/model"
	"codedesk/model/catalog"
	"codedesk/model/config"
	"codedesk/model/webhook"
	"codedesk/sandbox"
	"codedesk/ui"
)

// TUIOptions are what the TUI starts with.
type TUIOptions struct {
	Factory  *Factory
	Settings func() (config.Settings, string, error)
	Demo     bool
}

func newRootCmd(f *Factory) *cobra.Command {
	var conn connFlags
	opts := &TUIOptions{Factory: f, Settings: f.settingsFunc(&conn)}
	root := &cobra.Command{
		Use:   "codedesk",
		Short: "Explain, send and replay Mobizon SMS API calls",
		Long: `codedesk is a terminal tool for the people who support the Mobizon SMS API.

Without a command it opens the TUI: every API response code with its Russian
description, filterable by number or keywords, the selected code's card, and
a request pane that sends calls and explains their answers.

With --demo the TUI talks to the built-in sandbox: no key, no network.

Help is in English; results and errors are in Russian, --json output and exit
statuses are stable identifiers for scripts.`,
		Args:          noArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTUI(cmd.Context(), opts)
		},
	}
	conn.register(root)
	root.Flags().BoolVar(&opts.Demo, "demo", false, "use the built-in sandbox (no key or network needed)")
	root.PersistentFlags().StringVar(&f.HistoryFlag, "history", "", "the history: a file, or a team's postgres:// URL "+
		"(default: CODEDESK_HISTORY, history in config.toml, $XDG_STATE_HOME/codedesk/history.db)")
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(
		NewCmdCodes(f, nil), NewCmdCode(f, nil), NewCmdCall(f, nil), NewCmdHistory(f, nil),
		NewCmdReplay(f, nil), NewCmdImport(f, nil), NewCmdExport(f, nil), NewCmdSandbox(f, nil),
		NewCmdSms(f), NewCmdWebhook(f), NewCmdVersion(f),
	)
	return root
}

// noColor follows no-color.org: any non-empty NO_COLOR turns colour off.
// (Bubble Tea only honours boolean-looking values.)
func noColor(getenv func(string) string) bool { return getenv("NO_COLOR") != "" }

// runTUI runs the TUI until the user quits or the root context ends
// (SIGINT from outside).
func runTUI(ctx context.Context, o *TUIOptions) error {
	opts, cleanup, err := uiOptions(o)
	if err != nil {
		return err
	}
	defer cleanup()
	// Knowing the size before the first frame lets it be drawn complete.
	opts.Width, opts.Height, _ = term.GetSize(os.Stdout.Fd())
	boot := &bootModel{build: func() (*ui.App, error) {
		cat, err := catalog.DefaultCatalog()
		if err != nil {
			return nil, err
		}
		opts.Catalog = cat
		return ui.New(opts), nil
	}}
	// 120 fps is Bubble Tea's ceiling: the first frame is flushed on the
	// renderer's first tick, so a faster tick is a sooner first frame.
	progOpts := []tea.ProgramOption{tea.WithFPS(120), tea.WithContext(ctx)}
	if opts.NoColor {
		progOpts = append(progOpts, tea.WithColorProfile(colorprofile.Ascii))
	}
	_, err = tea.NewProgram(boot, progOpts...).Run()
	if boot.app != nil {
		boot.app.Close()
	}
	switch {
	case errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil:
		return nil // stopped from outside, as asked
	case err != nil:
		return &localError{err}
	}
	if boot.err != nil {
		return &localError{boot.err}
	}
	return nil
}

// demoDeliveryTime is how long the demo's messages take to be delivered:
// each of NEW, ENQUEUD and ACCEPTD lasts a few of the watch's one-second
// rounds, so a newcomer who reads the answer before pressing w still sees
// the message's whole way (the sandbox's own default, 4 s, is over before
// most people press it). Only the pace changes: the triggers are the
// sandbox's.
const demoDeliveryTime = 12 * time.Second

// demoSandboxOptions are the demo's sandbox: its pace, and its delivery
// reports handed to onFinal.
func demoSandboxOptions(onFinal func(sandbox.Delivery)) sandbox.Options {
	return sandbox.Options{OnFinal: onFinal, DeliveryTime: demoDeliveryTime}
}

// uiOptions works out what the TUI starts with: the demo's sandbox and
// throwaway history, or the user's settings and history.
func uiOptions(o *TUIOptions) (ui.Options, func(), error) {
	f := o.Factory
	opts := ui.Options{NoColor: noColor(f.Getenv)}
	cleanup := func() {}
	if o.Demo {
		// The sandbox's delivery reports reach the TUI's webhook listener.
		hooks := &ui.DemoWebhooks{}
		opts.DemoWebhooks = hooks
		onFinal := func(d sandbox.Delivery) { hooks.Deliver(webhook.DeliveryReport(d)) }
		srv, err := sandbox.Start(demoSandboxOptions(onFinal), "127.0.0.1:0")
		if err != nil {
			return opts, cleanup, &localError{err}
		}
		cleanup = srv.Close
		demoOptions(&opts, srv)
		// Sandbox calls would only clutter the real history (a team's
		// above all), and its servers the real config: the demo keeps its
		// own of both, for as long as it runs, unless --history names one.
		opts.HistoryPath = f.HistoryFlag
		if dir, err := os.MkdirTemp("", "codedesk-demo-"); err == nil {
			cleanup = func() { srv.Close(); os.RemoveAll(dir) }
			opts.ConfigPath = filepath.Join(dir, "config.toml")
			if opts.HistoryPath == "" {
				opts.HistoryPath = filepath.Join(dir, "history.db")
			}
		}
	} else {
		settings, path, err := o.Settings()
		if err != nil {
			// Browsing needs no settings: open anyway and say what is wrong.
			opts.Note = err.Error()
			settings, _ = config.Resolve(config.Config{}, config.Overrides{}, func(string) string { return "" })
		}
		opts.Settings, opts.ConfigPath = settings, path
		// The history the commands use, found the same way. When the
		// config cannot say where it is (and nothing else does), the TUI
		// keeps none rather than write where the team would not look.
		if place, err := f.historyPlace(false, false); err == nil {
			opts.HistoryPath, opts.Settings.Agent = place.Where, place.Agent
		}
	}
	opts.Client = f.NewClient(opts.Settings)
	return opts, cleanup, nil
}

// demoOptions point the TUI at the sandbox, with a request ready: the
// first ctrl+s already shows an answer.
func demoOptions(opts *ui.Options, srv *sandbox.Servers) {
	opts.DemoRegions = []ui.DemoRegion{
		{Name: sandbox.RegionKZ, Server: model.MustParseServer("http://" + srv.KZ), Stands: "api.mobizon.kz"},
		{Name: sandbox.RegionUZ, Server: model.MustParseServer("http://" + srv.UZ), Stands: "api.mobizon.uz"},
	}
	opts.Settings = config.Settings{
		Server:    model.MustParseServer("http://" + srv.KZ),
		Key:       sandbox.KeyKZ,
		KeySource: "песочницы",
		Timeout:   model.DefaultTimeout,
		Trust:     model.NewTrust().With(model.MustParseServer("http://"+srv.KZ), model.MustParseServer("http://"+srv.UZ)),
	}
	opts.Method = "message/sendSmsMessage"
	opts.Params = []model.Param{{Key: "recipient", Value: "77001234567"}, {Key: "text", Value: "Привет из codedesk"}}
}

// bootModel builds the app in Init. Bubble Tea calls Init after it has
// started the clock that paces frames, and flushes the first frame only on
// that clock's first tick: building the catalog and the app there overlaps
// the wait instead of adding to it. The first frame is the app's, complete.
type bootModel struct {
	build func() (*ui.App, error)
	app   *ui.App
	err   error
}

func (b *bootModel) Init() tea.Cmd {
	b.app, b.err = b.build()
	if b.err != nil {
		return tea.Quit
	}
	return b.app.Init()
}

func (b *bootModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if b.app == nil {
		return b, nil
	}
	_, cmd := b.app.Update(msg)
	return b, cmd
}

func (b *bootModel) View() tea.View {
	if b.app == nil {
		return tea.NewView("")
	}
	return b.app.View()
}
