package main

import (
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"codedesk/history"
	"codedesk/model"
	"codedesk/model/catalog"
	"codedesk/model/config"
	"codedesk/sandbox"
	"codedesk/ui"
)

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	var (
		conn connFlags
		demo bool
	)
	root := &cobra.Command{
		Use:   "codedesk",
		Short: "Explain, send and replay Mobizon SMS API calls",
		Long: `codedesk is a terminal tool for the people who support the Mobizon SMS API.

Without a command it opens the TUI: every API response code with its Russian
description, filterable by number or keywords, the selected code's card, and
a request pane that sends calls and explains their answers.

With --demo the TUI talks to the built-in sandbox: no key, no network.`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTUI(conn, demo)
		},
	}
	conn.register(root)
	root.Flags().BoolVar(&demo, "demo", false, "use the built-in sandbox (no key or network needed)")
	root.PersistentFlags().StringVar(&historyPath, "history", "", "history file (default $XDG_STATE_HOME/codedesk/history.db)")
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &exitError{code: exitUsage, err: err}
	})
	root.AddCommand(newCodesCmd(), newCodeCmd(), newCallCmd(), newHistoryCmd(), newReplayCmd(), newImportCmd(),
		newExportCmd(), newSandboxCmd(), newVersionCmd())
	return root
}

// noColor follows no-color.org: any non-empty NO_COLOR turns colour off.
// (Bubble Tea only honours boolean-looking values.)
func noColor() bool { return os.Getenv("NO_COLOR") != "" }

// startupGCPercent lets the heap grow during start-up instead of collecting
// it two or three times before the first frame; measured here it takes
// ~4 ms off the first frame. The default comes back once the UI is up.
const (
	startupGCPercent = 400
	startupWindow    = 300 * time.Millisecond
)

func runTUI(conn connFlags, demo bool) error {
	defaultGC := debug.SetGCPercent(startupGCPercent)
	time.AfterFunc(startupWindow, func() { debug.SetGCPercent(defaultGC) })

	opts := ui.Options{NoColor: noColor()}
	if demo {
		srv, err := sandbox.Start(sandbox.Options{}, "127.0.0.1:0")
		if err != nil {
			return &exitError{code: exitAPIError, err: err}
		}
		defer srv.Close()
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
		// A ready request: the first ctrl+s already shows an answer.
		opts.Method = "message/sendSmsMessage"
		opts.Params = []model.Param{{Key: "recipient", Value: "77001234567"}, {Key: "text", Value: "Привет из codedesk"}}
	} else {
		settings, path, err := conn.resolve()
		if err != nil {
			// Browsing needs no settings: open anyway and say what is wrong.
			opts.Note = err.Error()
			settings, _ = config.Resolve(config.Config{}, config.Overrides{}, func(string) string { return "" })
		}
		opts.Settings, opts.ConfigPath = settings, path
	}
	opts.Client = newClient(opts.Settings)
	opts.HistoryPath = historyPath
	if demo {
		// Sandbox calls would only clutter the real history, and its
		// servers the real config: the demo keeps its own of both, for as
		// long as it runs.
		dir, err := os.MkdirTemp("", "codedesk-demo-")
		if err == nil {
			defer os.RemoveAll(dir)
			opts.ConfigPath = filepath.Join(dir, "config.toml")
			if opts.HistoryPath == "" {
				opts.HistoryPath = filepath.Join(dir, "history.db")
			}
		}
	} else if opts.HistoryPath == "" {
		opts.HistoryPath = history.DefaultPath(os.Getenv)
	}

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
	progOpts := []tea.ProgramOption{tea.WithFPS(120)}
	if noColor() {
		progOpts = append(progOpts, tea.WithColorProfile(colorprofile.Ascii))
	}
	_, err := tea.NewProgram(boot, progOpts...).Run()
	if boot.app != nil {
		boot.app.Close()
	}
	if err != nil {
		return err
	}
	if boot.err != nil {
		return &exitError{code: exitAPIError, err: boot.err}
	}
	return nil
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
