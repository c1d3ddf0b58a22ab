package main

import (
	"os"
	"strings"
	"testing"
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
