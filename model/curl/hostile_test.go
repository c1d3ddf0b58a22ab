package curl

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codedesk/model/safe"
)

const balanceURL = "https://api.mobizon.kz/service/user/getownbalance"

// Every shell feature beyond quoting is refused by name, and nothing in
// the text is ever run: each command would create a file if it were.
func TestImportRefusesEveryExpansionAndRunsNothing(t *testing.T) {
	dir := t.TempDir()
	canary := filepath.Join(dir, "ran")
	cases := []struct{ in, want string }{
		{"curl " + balanceURL + " -d <(cat /etc/passwd)", "подстановка процесса"},
		{"curl " + balanceURL + " -d <(touch " + canary + ")", "подстановка процесса"},
		{"curl " + balanceURL + " -d >(touch " + canary + ")", "подстановка процесса"},
		{"curl " + balanceURL + " -d id=$((6*7))", "арифметическая подстановка"},
		{"curl " + balanceURL + ` -d "id=$(touch ` + canary + `)"`, "подстановка команды"},
		{"curl " + balanceURL + " -d id=`touch " + canary + "`", "подстановка команды"},
		{"curl " + balanceURL + " -d id=${HOME:-x}", "с операцией"},
		{"curl " + balanceURL + ` -d "id=${#HOME}"`, "с операцией"},
		{"curl " + balanceURL + " -d id=${HOME/x/y}", "с операцией"},
		{"curl " + balanceURL + " -d ${!HOME}", "с операцией"},
		{"curl " + balanceURL + " -H Accept:*/*", "шаблон имён файлов"},
		{"curl " + balanceURL + " -d /etc/pass?d", "шаблон имён файлов"},
		{"curl " + balanceURL + " -d {a,b}", "фигурных скобок"},
		{"curl " + balanceURL + " -d id={1..3}", "фигурных скобок"},
		{"curl " + balanceURL + ` -H 'Content-Type: application/json' -d {"a":1,"b":2}`, "фигурных скобок"},
		{"curl " + balanceURL + " -d @- <<EOF\nid=1\nEOF", "встроенный документ"},
		{"curl " + balanceURL + " > " + canary, "перенаправление"},
		{"curl " + balanceURL + " -d @- < /etc/passwd", "перенаправление"},
		{"curl " + balanceURL + "?output=json&apiKey=SECRETSECRET", "& без кавычек"},
		{"curl " + balanceURL + " && touch " + canary, "связка команд &&"},
		{"curl " + balanceURL + " || touch " + canary, "связка команд ||"},
		{"curl " + balanceURL + "; touch " + canary, "несколько команд"},
		{"curl " + balanceURL + "\ntouch " + canary, "несколько команд"},
		{"curl " + balanceURL + " | sh", "конвейер"},
		{"curl " + balanceURL + " | jq . | sh", "конвейер"},
		{"curl " + balanceURL + " | jq $(touch " + canary + ")", "подстановка команды"},
		{"curl " + balanceURL + " |& jq .", "конвейер"},
		{"A=1 curl " + balanceURL, "начните с curl"},
		{"curl " + balanceURL + " -d @" + canary, "из файла"},
	}
	for _, tc := range cases {
		_, err := Parse(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one naming %q", tc.in, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "SECRETSECRET") {
			t.Errorf("%q: the key is in the error: %v", tc.in, err)
		}
	}
	if _, err := os.Stat(canary); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a command in an imported text ran")
	}
}

// What a shell would keep as written stays so: $VAR (a key placeholder
// must not become ""), ~, ANSI-C quotes, patterns in addresses and
// parameters.
func TestImportKeepsWhatAShellWouldNotChange(t *testing.T) {
	im, err := Parse(`curl "` + balanceURL + `?apiKey=$MOBIZON_API_KEY" -d "text=$HOME \"${USER}\" \$x \q" -d 'a=$(id)' ` +
		`--data-raw $'b=line\nquote\'\x41\u044f' -d ids[]=1 -o ~/out.json`)
	if err != nil {
		t.Fatal(err)
	}
	want := `text=$HOME "${USER}" $x \q & a=$(id) & b=line` + "\n" + `quote'Aя & ids[]=1`
	if got := paramsString(im.Request.Params); got != want || !im.KeyRemoved {
		t.Errorf("params %q, want %q (key removed: %v)", got, want, im.KeyRemoved)
	}
	im, err = Parse("curl " + balanceURL + "?ids[]=1")
	if err != nil || paramsString(im.Request.Params) != "ids[]=1" {
		t.Errorf("a pattern in an unquoted address: %v %v", im.Request.Params, err)
	}
}

// Terminals paste line breaks as a bare CR (issue 8.1): a docs-style
// multi-line curl reads the same with CR, LF and CRLF.
func TestImportAcceptsEveryLineEnding(t *testing.T) {
	lines := []string{"curl -X POST \\", "  'https://api.mobizon.kz/service/message/sendsmsmessage?apiKey=K' \\",
		"  -H 'content-type: application/x-www-form-urlencoded' \\", "  -d 'recipient=77001234567&text=a+b'"}
	for name, eol := range map[string]string{"LF": "\n", "CRLF": "\r\n", "CR": "\r"} {
		im, err := Parse(strings.Join(lines, eol) + eol)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if im.Request.Name() != "message/sendsmsmessage" || paramsString(im.Request.Params) != "recipient=77001234567 & text=a b" {
			t.Errorf("%s: %s [%s]", name, im.Request.Name(), paramsString(im.Request.Params))
		}
	}
}

// An address with userinfo is refused at import; a foreign host is kept
// for display and export (the wire client refuses to send the key there).
func TestImportRefusesUserinfoAndKeepsForeignHosts(t *testing.T) {
	for _, in := range []string{
		"https://api.mobizon.kz@evil.example/service/user/getownbalance",
		"curl 'https://api.mobizon.kz@evil.example/service/user/getownbalance'",
		"curl 'https://user:hunter2pass@api.mobizon.kz/service/user/getownbalance'",
		"curl --url http://api.mobizon.kz:x@127.0.0.1:9/service/user/getownbalance",
	} {
		_, err := Parse(in)
		if err == nil || !strings.Contains(err.Error(), "имя пользователя") {
			t.Errorf("%q: %v, want a refusal of the user name", in, err)
		} else if strings.Contains(err.Error(), "hunter2pass") {
			t.Errorf("the password is echoed: %v", err)
		}
	}
	im, err := Parse("curl http://evil.example/service/user/getownbalance")
	if err != nil || im.Request.Server.BaseURL() != "http://evil.example" {
		t.Fatalf("a foreign host: %+v %v", im.Request.Server, err)
	}
	if !strings.Contains(Command(im.Request), "http://evil.example/service/user/getownbalance") {
		t.Errorf("the export lost the host: %s", Command(im.Request))
	}
}

// hostile is what a customer's text may carry into our messages: escape
// sequences (clipboard, title), a bidi override and a key.
const hostile = "\x1b]52;c;QUFB\x07\x1b[2J\u202eapiKey=SECRETSECRET\u200b"

// Every error and note of an import is inert and never shows a key.
func TestImportErrorsAreInertAndMasked(t *testing.T) {
	quoted := "'" + hostile + "'"
	for _, in := range []string{
		"curl\\\n" + quoted,
		"curl --frob" + quoted + " " + balanceURL,
		"curl '-s" + hostile + "' " + balanceURL,
		"curl '" + balanceURL + "?apiKey=SECRETSECRET' " + quoted,
		"curl " + balanceURL + " -d '@" + hostile + "'",
		"curl " + balanceURL + " --data-urlencode '@" + hostile + "'",
		"curl 'https://api.mobizon.kz/" + hostile + "'",
		"curl 'https://api.mobizon.kz/service/a/b?x=%zz" + hostile + "'",
		"curl 'ftp://" + hostile + "'",
		"curl 'https://bad_host" + hostile + "/service/a/b'",
		"curl " + balanceURL + ` -H 'Content-Type: application/json' -d '{"apiKey":"SECRETSECRET",` + hostile + `'`,
		"curl " + balanceURL + ` -d "$(` + hostile + `)"`,
		"curl " + balanceURL + ` -d "` + hostile,
		"curl 'https://" + hostile + "@evil.example/service/a/b'",
		"curl " + balanceURL + " -d x=1 " + hostile + "<(x)",
		hostile,
	} {
		_, err := Parse(in)
		if err == nil {
			t.Errorf("%q: no error", in)
			continue
		}
		assertInertAndMasked(t, in, err.Error())
	}
	im, err := Parse("curl -X '" + hostile + "' '" + balanceURL + "?output=" + url.QueryEscape(hostile) + "'")
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Notes) != 2 {
		t.Errorf("notes %q, want the method and the output", im.Notes)
	}
	for _, note := range im.Notes {
		assertInertAndMasked(t, "notes", note)
	}
}

func assertInertAndMasked(t *testing.T, in, msg string) {
	t.Helper()
	if strings.Contains(msg, "SECRETSECRET") {
		t.Errorf("%q: the key is in %q", in, msg)
	}
	if safe.Line(msg) != msg {
		t.Errorf("%q: %q is not inert", in, msg)
	}
}

// nestedBody is a JSON body n levels deep: {"a":[[[…]]]}.
func nestedBody(n int) string {
	return `{"a":` + strings.Repeat("[", n) + "1" + strings.Repeat("]", n) + "}"
}

// A body nested 60,000 deep built 9 GB of names; a 1 MB paste made every
// keystroke slow: both are refused at once, saying why.
func TestImportBoundsHostileShapes(t *testing.T) {
	cases := map[string]string{
		"curl " + balanceURL + " -H 'Content-Type: application/json' -d '" + nestedBody(60000) + "'":                          "глубже 64",
		"curl " + balanceURL + " -d '" + `{"` + strings.Repeat("k", 2000) + `":[` + strings.Repeat("0,", 60000) + `0]}` + "'": "длиннее 1024 КиБ",
		"curl " + balanceURL + " -d 'text=" + strings.Repeat("я", 1<<19) + "'":                                                "256 КиБ",
	}
	for in, want := range cases {
		if _, err := Parse(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%.60q…: %v, want %q", in, err, want)
		}
	}
	im, err := Parse("curl " + balanceURL + " -d '" + nestedBody(63) + "'")
	if err != nil || len(im.Request.Params) != 1 || im.Request.Params[0].Key != "a"+strings.Repeat("[0]", 63) {
		t.Errorf("63 levels must import: %v %v", im.Request.Params, err)
	}
}

// hostileSeeds are the inputs of issue 7 and every shape above, for the
// fuzz target.
func hostileSeeds() []string {
	return []string{
		"curl " + balanceURL + " -d <(cat /etc/passwd)",
		"curl " + balanceURL + " -d id=$((6*7))",
		"curl " + balanceURL + " -H 'Content-Type: application/json' -d '" + nestedBody(2000) + "'",
		"curl https://api.mobizon.kz@evil.example/service/user/getownbalance",
		"curl http://evil.example/service/user/getownbalance",
		"curl -X POST \\\r  '" + balanceURL + "' \\\r  -d 'a=1'\r",
		"curl " + balanceURL + " -d @- <<EOF\nx\nEOF",
		"curl " + balanceURL + " -d {a,b} -H Accept:*/*",
		"curl \"" + balanceURL + "?x=${A:-$(id)}\"",
		"curl " + balanceURL + " --data-raw $'\\x41\\u044f\\U0001F600\\c[\\777\\'' | jq .",
		"curl '" + balanceURL + "?apiKey=SECRETSECRET' " + "'" + hostile + "'",
		"curl $((" + strings.Repeat("(", 3000),
		"curl x; " + strings.Repeat("(", 3000),
		"curl " + strings.Repeat("$(", 3000),
		"curl " + strings.Repeat("<((", 3000),
		"curl $(( a" + strings.Repeat("[a", 3000),
		"curl " + strings.Repeat(`"$(`, 3000),
		"curl " + strings.Repeat("`(\\`", 3000),
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range append([]string{
		`curl -X POST 'https://api.mobizon.kz/service/message/sendsmsmessage?apiKey=K' -d 'recipient=1&text=a+b'`,
		`https://api.mobizon.kz/service/a/b?x=1`, `curl -G -d a=1 http://127.0.0.1:1/service/a/b`,
		`curl --data-urlencode 'a=b c' https://x.kz/service/m/n`, `curl -H 'Content-Type: application/json' -d '{"a":{"b":[1]}}' https://x.kz/service/m/n`,
		`curl "unterminated`, `curl $(x)`, "curl \\\n https://a.kz/service/b/c",
	}, hostileSeeds()...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		im, err := Parse(s)
		if err != nil {
			if errors.Is(err, errPanic) {
				t.Fatalf("Parse(%q) panicked: %v", s, err)
			}
			if safe.Line(err.Error()) != err.Error() {
				t.Fatalf("Parse(%q): the error %q is not inert", s, err)
			}
			return
		}
		for _, p := range im.Request.Params {
			if p.Key == "" || strings.EqualFold(p.Key, "apikey") {
				t.Fatalf("bad parameter %+v from %q", p, s)
			}
		}
		for _, n := range im.Notes {
			if safe.Line(n) != n {
				t.Fatalf("Parse(%q): the note %q is not inert", s, n)
			}
		}
		// Whatever was imported survives an export and a new import.
		again, err := Parse(Command(im.Request))
		if err != nil {
			t.Fatalf("export of %q does not import: %v\n%s", s, err, Command(im.Request))
		}
		if again.Request.Server != im.Request.Server || !strings.EqualFold(again.Request.Name(), im.Request.Name()) || paramsString(again.Request.Params) != paramsString(im.Request.Params) {
			t.Fatalf("round trip changed %q:\n%+v\n%+v", s, im.Request, again.Request)
		}
	})
}

// deepShapes are the nestings that overflowed the shell parser's stack
// (a fatal error, not a panic: the CLI and the TUI died) or cost it time
// and memory in the square of their depth. Each is cut to the 256 KiB an
// import reads.
func deepShapes() map[string]string {
	fill := func(prefix, unit, suffix string) string {
		n := (MaxText - len(prefix) - len(suffix)) / len(unit)
		return prefix + strings.Repeat(unit, n) + suffix
	}
	return map[string]string{
		"arith-parens":   fill("curl $((", "(", ""),
		"after-command":  fill("curl x; ", "(", ""),
		"cmd-subst":      fill("curl ", "$(", ""),
		"proc-subst":     fill("curl ", "<((", ""),
		"arith-index":    fill("curl $(( a", "[a", ""),
		"braces":         fill("curl ", "${", ""),
		"quoted-subst":   fill("curl ", `"$(`, ""),
		"backticks":      fill("curl ", "`(\\`", ""),
		"brackets":       fill("curl "+balanceURL+" -d ", "[", ""),
		"closed-deep":    "curl " + strings.Repeat("(", 20000) + strings.Repeat(")", 20000),
		"arith-20KB":     "curl $((" + strings.Repeat("(", 20<<10),
		"cmd-subst-120k": "curl " + strings.Repeat("$(", 120000),
	}
}

// Deep nesting is refused before the shell parser sees it, saying why,
// whatever the shape; what a curl command really nests still reads.
func TestImportRefusesDeepNesting(t *testing.T) {
	for name, text := range deepShapes() {
		_, err := Parse(text)
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("глубже %d уровней", MaxNesting)) {
			t.Errorf("%s: %v, want the nesting refused", name, err)
		}
	}
	ok := strings.Repeat("(", MaxNesting-2) + strings.Repeat(")", MaxNesting-2)
	for _, in := range []string{
		"curl '" + balanceURL + "' -d 'a=" + strings.Repeat("((([[{", 5000) + "'", // quoted: literal
		"curl $'" + balanceURL + "?x=\\'" + strings.Repeat("(", 5000) + "'",
		`curl "` + balanceURL + `?x=` + strings.Repeat("(", 5000) + `"`, // in double quotes "(" is literal
		"curl " + balanceURL + " -d " + strings.Repeat(`\(`, 5000),
		"curl " + balanceURL + " -d ids[]=1 -d 'text=)]}' -H 'Accept: */*'",
	} {
		if _, err := Parse(in); err != nil && strings.Contains(err.Error(), "уровней") {
			t.Errorf("%.80q…: %v, want no nesting refusal", in, err)
		}
	}
	if err := checkShellShape("curl " + ok); err != nil {
		t.Errorf("%d levels: %v", MaxNesting-2, err)
	}
	if err := checkShellShape("curl " + strings.Repeat("(", MaxNesting+1)); err == nil {
		t.Errorf("%d levels passed", MaxNesting+1)
	}
}

// A long flat paste costs the shell parser about 300 bytes and a
// microsecond a word: past MaxShellTokens words and signs it is refused
// before the parser sees it; quoted text counts once, however long.
func TestImportRefusesTooManyShellTokens(t *testing.T) {
	for name, text := range flatShapes() {
		if name == "quoted-body" {
			continue // one quoted word: read, not refused
		}
		if _, err := Parse(text); err == nil || !strings.Contains(err.Error(), "слов и знаков") {
			t.Errorf("%s: %v, want the length refused", name, err)
		}
	}
	headers := strings.Repeat(" -H 'X-A: b'", 2000)
	if _, err := Parse("curl '" + balanceURL + "'" + headers + " -d 'text=" + strings.Repeat("a b ", 40000) + "'"); err != nil {
		t.Errorf("2000 headers and a long quoted body: %v", err)
	}
}

// cmd.exe's ^ and PowerShell's ` continue a line, spaces before the break
// or not; elsewhere they stay.
func TestJoinWindowsLines(t *testing.T) {
	for in, want := range map[string]string{
		"curl a ^\n -d x":    "curl a   -d x",
		"curl a `  \t\n-d x": "curl a  -d x",
		"curl a^\n^\n-d x":   "curl a  -d x",
		"a^b `c\n d":         "a^b `c\n d",
		"no carets\n at all": "no carets\n at all",
		"end ^":              "end ^",
	} {
		if got := joinWindowsLines(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
