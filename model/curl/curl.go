// Package curl turns a customer's curl command or API URL into a request
// and a request back into curl. It parses shell syntax without ever
// running or expanding anything, and drops any API key it finds.
package curl

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"codedesk/model"
	"codedesk/model/safe"
)

// Imported is a request read from a customer's curl command or URL.
type Imported struct {
	Request model.Request
	// KeyRemoved says the text carried an API key, which was dropped: the
	// request is replayed with the current profile's key.
	KeyRemoved bool
	// Notes are things the import ignored or changed, to tell the user.
	Notes []string
}

// MaxText is the most text Parse reads: a request text this long is not a
// request, and reading it would only make the editor slow.
const MaxText = 256 << 10

// Parse reads what a user pastes: a curl command (as the API
// documentation writes them, with quotes, line continuations, -d, --data,
// --data-urlencode, -G, with lines ending in LF, CRLF or a bare CR, as
// terminals paste them) or a bare URL of an API call. Nothing in the text
// is run, expanded or read: shell features beyond quoting are refused.
// Every error is inert and masks any key it quotes.
func Parse(text string) (im Imported, err error) {
	defer func() {
		if r := recover(); r != nil { // hostile input must never take the TUI down
			im, err = Imported{}, errPanic
		}
	}()
	if len(text) > MaxText {
		return Imported{}, fmt.Errorf("вставка длиннее %d КиБ: это не одна команда curl — вставьте только её", MaxText>>10)
	}
	t := strings.TrimSpace(Newlines(text))
	t = strings.TrimPrefix(t, "$ ")
	// cmd.exe continues lines with ^, PowerShell with `: both become spaces.
	t = joinWindowsLines(t)
	switch {
	case t == "":
		return Imported{}, errors.New("пусто: вставьте команду curl или адрес вызова API")
	case strings.HasPrefix(t, "curl ") || strings.HasPrefix(t, "curl\t") || strings.HasPrefix(t, "curl\\") || strings.HasPrefix(t, "curl\n"):
		return parseCurl(t)
	case strings.HasPrefix(strings.ToLower(t), "http://") || strings.HasPrefix(strings.ToLower(t), "https://"):
		if err := im.fromURL(strings.Trim(t, `'"`)); err != nil {
			return Imported{}, err
		}
		return im, nil
	}
	return Imported{}, errors.New("не похоже ни на команду curl, ни на адрес: начните с curl или https://")
}

// errPanic is a bug of codedesk or of the shell parser met on hostile
// input: reported as an error, never a crash.
var errPanic = errors.New("вставка не разобрана")

// joinWindowsLines turns cmd.exe's (^) and PowerShell's (`) line
// continuations, with any spaces before the line break, into one space.
// One pass, without a regular expression: it runs on every paste.
func joinWindowsLines(t string) string {
	if !strings.ContainsAny(t, "^`") {
		return t
	}
	var b strings.Builder
	b.Grow(len(t))
	start := 0 // t[start:] is not written yet
	for i := 0; i < len(t); i++ {
		if t[i] != '\n' {
			continue
		}
		j := i
		for j > start && (t[j-1] == ' ' || t[j-1] == '\t') {
			j--
		}
		if j > start && (t[j-1] == '^' || t[j-1] == '`') {
			b.WriteString(t[start : j-1])
			b.WriteByte(' ')
			start = i + 1
		}
	}
	b.WriteString(t[start:])
	return b.String()
}

// curlNoValue are curl options without a value that change nothing codedesk
// sends; curlIgnoredValue take a value that codedesk ignores.
var (
	curlNoValue = map[string]string{
		"-s": "", "--silent": "", "-S": "", "--show-error": "", "-v": "", "--verbose": "", "-i": "", "--include": "",
		"--compressed": "", "-f": "", "--fail": "", "--fail-with-body": "", "-g": "", "--globoff": "", "-N": "",
		"--no-buffer": "", "-#": "", "--progress-bar": "", "--http1.1": "", "--http2": "", "-4": "", "-6": "",
		"-G": "", "--get": "", // -G sends the data in the query; the API reads both alike
		"-k": "TLS-проверку отключает только --insecure самого codedesk", "--insecure": "TLS-проверку отключает только --insecure самого codedesk",
		"-L": "codedesk не следует перенаправлениям (ключ в адресе)", "--location": "codedesk не следует перенаправлениям (ключ в адресе)",
	}
	curlIgnoredValue = map[string]bool{
		"-o": true, "--output": true, "-u": true, "--user": true, "-A": true, "--user-agent": true, "-e": true,
		"--referer": true, "-b": true, "--cookie": true, "-m": true, "--max-time": true, "--connect-timeout": true,
		"--retry": true, "-w": true, "--write-out": true, "--cacert": true, "--cert": true, "-x": true, "--proxy": true,
	}
	curlShortWithValue = "XHduoAebmwx"
)

func parseCurl(text string) (Imported, error) {
	args, err := shellArgs(text)
	if err != nil {
		return Imported{}, err
	}
	if args[0] != "curl" {
		return Imported{}, fmt.Errorf("это %s, а не curl", safe.Quote(args[0]))
	}
	r := curlReader{args: args, notes: map[string]bool{}}
	if err := r.readArgs(); err != nil {
		return Imported{}, err
	}
	return r.imported()
}

// curlReader reads curl's arguments into a request.
type curlReader struct {
	args     []string
	i        int
	rawURL   string
	data     []string
	method   string
	jsonBody bool
	notes    map[string]bool
	// keyInHeader says a header carried a key (X-Api-Key: …): headers are
	// never kept, but the user is told the key was dropped.
	keyInHeader bool
}

// readArgs reads every argument after "curl".
func (r *curlReader) readArgs() error {
	for r.i = 1; r.i < len(r.args); r.i++ {
		a := r.args[r.i]
		flag, value, attached := a, "", false
		if strings.HasPrefix(a, "--") {
			if k, v, ok := strings.Cut(a, "="); ok {
				flag, value, attached = k, v, true
			}
		} else if len(a) > 2 && a[0] == '-' {
			if !strings.ContainsRune(curlShortWithValue, rune(a[1])) {
				if err := r.bundled(a); err != nil {
					return err
				}
				continue
			}
			flag, value, attached = a[:2], a[2:], true // -XPOST, -d'a=1'
		}
		if err := r.option(a, flag, value, attached); err != nil {
			return err
		}
	}
	return nil
}

// bundled reads flags without values written together: -sS, -sSL.
func (r *curlReader) bundled(a string) error {
	for _, c := range a[1:] {
		f := "-" + string(c)
		note, known := curlNoValue[f]
		if !known {
			return fmt.Errorf("флаг curl %s (в %s) не знаю", safe.Quote(f), safe.Quote(a))
		}
		if note != "" {
			r.notes[note] = true
		}
	}
	return nil
}

// value is the value of flag: attached to it, or the next argument.
func (r *curlReader) value(flag, attached string, isAttached bool) (string, error) {
	if isAttached {
		return attached, nil
	}
	if r.i+1 >= len(r.args) {
		return "", fmt.Errorf("у %s нет значения", flag) // one of the flags above, not the customer's text
	}
	r.i++
	return r.args[r.i], nil
}

// option reads one option (or the address) a.
func (r *curlReader) option(a, flag, attached string, isAttached bool) error {
	if note, ok := curlNoValue[flag]; ok && !isAttached {
		if note != "" {
			r.notes[note] = true
		}
		return nil
	}
	if curlIgnoredValue[flag] {
		_, err := r.value(flag, attached, isAttached)
		return err
	}
	if !knownWithValue[flag] {
		if strings.HasPrefix(a, "-") {
			return fmt.Errorf("флаг curl %s не знаю", safe.Quote(a))
		}
		return r.address(a)
	}
	v, err := r.value(flag, attached, isAttached)
	if err != nil {
		return err
	}
	return r.valued(flag, v)
}

// knownWithValue are the options whose value codedesk reads.
var knownWithValue = map[string]bool{
	"-X": true, "--request": true, "-H": true, "--header": true, "-d": true, "--data": true, "--data-raw": true,
	"--data-binary": true, "--data-ascii": true, "--data-urlencode": true, "--url": true,
}

// valued reads an option whose value matters.
func (r *curlReader) valued(flag, v string) error {
	switch flag {
	case "-X", "--request":
		r.method = strings.ToUpper(v)
	case "-H", "--header":
		name, hv, _ := strings.Cut(v, ":")
		if model.IsKeyParam(name) {
			r.keyInHeader = true // the API reads no header; never kept, but said
		}
		if strings.EqualFold(strings.TrimSpace(name), "content-type") && strings.Contains(strings.ToLower(hv), "json") {
			r.jsonBody = true
		}
	case "-d", "--data", "--data-raw", "--data-binary", "--data-ascii":
		if strings.HasPrefix(v, "@") && flag != "--data-raw" {
			return fmt.Errorf("%s %s: данные из файла codedesk не читает — вставьте их в команду", flag, safe.Quote(v))
		}
		r.data = append(r.data, v)
	case "--data-urlencode":
		enc, err := dataURLEncode(v)
		if err != nil {
			return err
		}
		r.data = append(r.data, enc)
	case "--url":
		return r.address(v)
	}
	return nil
}

// address takes the request's address; a second one is an error.
func (r *curlReader) address(a string) error {
	if r.rawURL != "" {
		return fmt.Errorf("два адреса: %s и %s", safe.Quote(r.rawURL), safe.Quote(a))
	}
	r.rawURL = a
	return nil
}

// imported builds the request from what was read.
func (r *curlReader) imported() (Imported, error) {
	im := Imported{KeyRemoved: r.keyInHeader}
	if r.rawURL == "" {
		return Imported{}, errors.New("в команде нет адреса")
	}
	if err := im.fromURL(r.rawURL); err != nil {
		return Imported{}, err
	}
	body := strings.Join(r.data, "&")
	var bodyParams []model.Param
	var err error
	if r.jsonBody && body != "" || strings.HasPrefix(strings.TrimSpace(body), "{") {
		bodyParams, err = flattenJSON(body)
		im.Notes = append(im.Notes, "тело JSON разложено в параметры с квадратными скобками: API принимает форму")
	} else {
		bodyParams, err = parseForm(body)
	}
	if err != nil {
		return Imported{}, err
	}
	for _, p := range bodyParams {
		if model.IsKeyParam(p.Key) {
			im.KeyRemoved = true
			continue
		}
		im.Request.Params = append(im.Request.Params, p)
	}
	if r.method != "" && r.method != "GET" && r.method != "POST" {
		im.Notes = append(im.Notes, fmt.Sprintf("метод %s заменён: codedesk шлёт POST с параметрами и GET без них", safe.Quote(r.method)))
	}
	for n := range r.notes {
		im.Notes = append(im.Notes, n)
	}
	sort.Strings(im.Notes)
	return im, nil
}
