package main

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"testing"
)

const chromaModule = "github.com/alecthomas/chroma/v2"

// go.mod replaces chroma with the trimmed copy in third_party/chroma, and
// a replace wins over whatever any module requires: a newer glamour that
// needs a newer chroma would silently get the old one. This fails first;
// third_party/chroma/trim.sh redoes the trim at the version glamour needs.
func TestTrimmedChromaIsTheOneGlamourRequires(t *testing.T) {
	trimmed, err := os.ReadFile("third_party/chroma/VERSION")
	if err != nil {
		t.Fatal(err)
	}
	// glamour's own go.mod, as the module cache keeps it (the build just
	// read it); go list answers from go.mod without loading packages.
	out, err := exec.Command("go", "list", "-m", "-f", "{{.GoMod}}", "charm.land/glamour/v2").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	required, err := requiredVersion(strings.TrimSpace(string(out)), chromaModule)
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSpace(string(trimmed)); required != want {
		t.Errorf("glamour requires chroma %s, third_party/chroma is %s: run third_party/chroma/trim.sh", required, want)
	}
	main, err := requiredVersion("go.mod", chromaModule)
	if err != nil || main != required {
		t.Errorf("go.mod requires chroma %q (%v), glamour %s: run go mod tidy", main, err, required)
	}
}

// requiredVersion reads the version of module that the go.mod at path
// requires, in a require block or on a require line.
func requiredVersion(path, module string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) > 0 && fields[0] == "require" {
			fields = fields[1:]
		}
		if len(fields) >= 2 && fields[0] == module {
			return fields[1], nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", &os.PathError{Op: "require " + module, Path: path, Err: os.ErrNotExist}
}
