package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// The streams are the one way out: no command writes to the process's
// streams or cobra's, and only codedesk's own card goes out raw. A new
// command cannot forget to make foreign text inert.
func TestCommandsWriteOnlyThroughTheStreams(t *testing.T) {
	allowed := map[string]map[string]bool{
		"main.go":             {"os.Stdout": true, "os.Stderr": true, "os.Stdin": true}, // wires them into IOStreams
		"root.go":             {"os.Stdout": true},                                      // the TUI's terminal size
		"cmd_code.go":         {"Raw": true},                                            // the code table's card, through glamour
		"cmd_sms_statuses.go": {"Raw": true},                                            // the status table's card, through glamour
	}
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			pkg := ""
			if x, ok := sel.X.(*ast.Ident); ok {
				pkg = x.Name
			}
			what := sel.Sel.Name
			switch {
			case pkg == "os" && strings.HasPrefix(what, "Std"):
				what = "os." + what
			case pkg == "fmt" && (what == "Print" || what == "Printf" || what == "Println"):
				what = "fmt." + what
			case what == "OutOrStdout" || what == "ErrOrStderr" || what == "OutOrStderr" || what == "Raw":
			default:
				return true
			}
			if !allowed[name][what] {
				t.Errorf("%s: %s writes around IOStreams", fset.Position(sel.Pos()), what)
			}
			return true
		})
	}
}
