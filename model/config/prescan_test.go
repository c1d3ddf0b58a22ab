package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hostileConfigs are config files shaped to blow the TOML parser's stack
// or keep it busy for minutes, each under the size cap.
func hostileConfigs() map[string]string {
	const n = 60000
	return map[string]string{
		"dotted key":     strings.Repeat("a.", n) + "a = 1\n",
		"dotted header":  "[" + strings.Repeat("a.", n) + "a]\n",
		"array header":   "[[" + strings.Repeat("x.", n) + "x]]\n",
		"nested arrays":  "a = " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n",
		"inline tables":  "a = " + strings.Repeat("{b=", n/3) + "1" + strings.Repeat("}", n/3) + "\n",
		"after a string": `a = ["""x""""", ` + strings.Repeat("[", n) + strings.Repeat("]", n) + "]\n",
		"quoted parts":   strings.Repeat(`"a".`, n/2) + "a = 1\n",
	}
}

// A config.toml is hostile input too: too large, too deep or with a key of
// absurdly many parts, it is refused before the parser sees it, naming the
// file and the line; a real config with dots and brackets in its strings
// and comments still loads.
func TestHostileConfigIsRefusedBeforeParsing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	write := func(text string) {
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for name, text := range hostileConfigs() {
		if len(text) > maxConfigFile {
			t.Fatalf("%s: %d bytes, over the cap: the test tests the wrong thing", name, len(text))
		}
		write(text)
		_, err := LoadConfig(path)
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "строка 1:") ||
			!strings.Contains(err.Error(), "файл не разобран") {
			t.Errorf("%s: %v", name, err)
		}
	}
	write("# " + strings.Repeat("x", 256<<10) + "\n")
	if _, err := LoadConfig(path); err == nil || !strings.Contains(err.Error(), "больше 256 КиБ") {
		t.Errorf("a config over 256 KiB: %v", err)
	}
	real := `# [[[[[[[[[[[[[[[[[[[[ a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t
default = "kz" # {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{
history = "/home/a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t/[[[[[[[[[[[[[[[[[[[[.db"
agent = '''
[[[[[[[[[[[[[[[[[[[[ "quoted" a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t'''

[profiles.kz]
server = "api.mobizon.kz"
key_env = "K\"[[[[[[[[[[[[[[[[[[[[[["
`
	write(real)
	cfg, err := LoadConfig(path)
	if err != nil || cfg.Profiles["kz"].Server != "api.mobizon.kz" || !strings.HasPrefix(cfg.History, "/home/a.b.c") {
		t.Errorf("a real config: %+v %v", cfg, err)
	}
}

// Loading a hostile config.toml of the cap's size is a linear pass that
// refuses it: no parser work. (Run with -bench; the loaded machine's
// numbers are in the report.)
func BenchmarkHostileConfig(b *testing.B) {
	path := filepath.Join(b.TempDir(), "config.toml")
	text := strings.Repeat(`"a".`, 200<<10/4) + "a = 1\n"
	os.WriteFile(path, []byte(text), 0o600)
	for b.Loop() {
		if _, err := LoadConfig(path); err == nil {
			b.Fatal("loaded")
		}
	}
}
