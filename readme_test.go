package main

import (
	"os"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func TestREADMEShowsTheRealScreen(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	golden, err := os.ReadFile("ui/testdata/TestGoldenFilterLimit.golden")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), strings.TrimRight(string(golden), "\n")) {
		t.Error("README.md's text capture differs from ui/testdata/TestGoldenFilterLimit.golden; copy it over")
	}
}

// Every flag of every command is in the README's command line section,
// and the exit-status paragraph names every status: docs and program
// cannot drift apart.
func TestREADMEDocumentsEveryFlagAndExitStatus(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	section := string(readme)
	if i := strings.Index(section, "## Command line"); i >= 0 {
		section = section[i:]
		if j := strings.Index(section[3:], "\n## "); j >= 0 {
			section = section[:j+3]
		}
	}
	root := newRootCmd(newEnv(t).factory(nil, nil))
	// Every command, subcommands of subcommands too (sms status, webhook send).
	cmds := []*cobra.Command{root}
	for i := 0; i < len(cmds); i++ {
		cmds = append(cmds, cmds[i].Commands()...)
	}
	for _, cmd := range cmds {
		cmd.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if f.Name != "help" && !strings.Contains(section, "--"+f.Name) {
				t.Errorf("README's command line section lacks %s --%s", cmd.CommandPath(), f.Name)
			}
		})
	}
	for _, status := range []string{"0 when", "1 for", "2 for", "3 when", "4 for a local failure"} {
		if !strings.Contains(section, status) {
			t.Errorf("README's exit status paragraph lacks %q", status)
		}
	}
}
