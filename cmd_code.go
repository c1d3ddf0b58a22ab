package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"codedesk/model/catalog"
	"codedesk/ui/markdown"
)

func newCodeCmd() *cobra.Command {
	var plain bool
	cmd := &cobra.Command{
		Use:   "code N",
		Short: "Print one code's card",
		Long: `Print the card of API response code N: its title, class, the description
from the code table and what to do. On a terminal the card is rendered with
glamour; piped or with --plain it is plain text.`,
		Example: "  codedesk code 30\n  codedesk code 13 --plain",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := strconv.Atoi(strings.TrimSpace(args[0]))
			if err != nil {
				return usageError("%q is not a code number", args[0])
			}
			cat, err := catalog.DefaultCatalog()
			if err != nil {
				return &exitError{code: exitAPIError, err: err}
			}
			c, ok := cat.Lookup(n)
			if !ok {
				return &exitError{code: exitAPIError, err: fmt.Errorf("code %d is not in the code table; `codedesk codes` lists them all", n)}
			}
			out := cmd.OutOrStdout()
			if width, ok := terminalOut(out); ok && !plain {
				rendered, err := markdown.Render(catalog.CardMarkdown(c), cliGlamourStyle(), width)
				if err == nil {
					_, err = fmt.Fprintln(out, rendered)
					return err
				}
			}
			_, err = io.WriteString(out, catalog.CardText(c))
			return err
		},
	}
	cmd.Flags().BoolVar(&plain, "plain", false, "plain text even on a terminal")
	return cmd
}

// terminalOut reports whether w is a terminal, and its width for wrapping.
func terminalOut(w io.Writer) (int, bool) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return 0, false
	}
	width, _, err := term.GetSize(f.Fd())
	if err != nil || width < 20 {
		width = 80
	}
	return min(width, 100), true
}

// cliGlamourStyle picks a glamour style without asking the terminal, which
// may never answer: NO_COLOR gets the colourless style, a COLORFGBG that
// names a light background gets the light one, anything else dark.
func cliGlamourStyle() string {
	if noColor() {
		return "ascii"
	}
	if fgbg := os.Getenv("COLORFGBG"); fgbg != "" {
		parts := strings.Split(fgbg, ";")
		if bg := parts[len(parts)-1]; bg == "7" || bg == "15" {
			return "light"
		}
	}
	return "dark"
}
