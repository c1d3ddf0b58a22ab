// Package curl turns a customer's curl command or API URL into a request
// and a request back into curl. It parses shell syntax without ever
// running or expanding anything, and drops any API key it finds.
package curl

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"

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

// Parse reads what a user pastes: a curl command (as the API
// documentation writes them, with quotes, line continuations, -d, --data,
// --data-urlencode, -G) or a bare URL of an API call.
func Parse(text string) (Imported, error) {
	t := strings.TrimSpace(text)
	t = strings.TrimPrefix(t, "$ ")
	// cmd.exe continues lines with ^, PowerShell with `: both become spaces.
	t = windowsContinuation.ReplaceAllString(t, " ")
	switch {
	case t == "":
		return Imported{}, errors.New("пусто: вставьте команду curl или адрес вызова API")
	case strings.HasPrefix(t, "curl ") || strings.HasPrefix(t, "curl\t") || strings.HasPrefix(t, "curl\\"):
		return parseCurl(t)
	case strings.HasPrefix(strings.ToLower(t), "http://") || strings.HasPrefix(strings.ToLower(t), "https://"):
		var im Imported
		if err := im.fromURL(strings.Trim(t, `'"`)); err != nil {
			return Imported{}, err
		}
		return im, nil
	}
	return Imported{}, errors.New("не похоже ни на команду curl, ни на адрес: начните с curl или https://")
}

var windowsContinuation = regexp.MustCompile("[\\^`][ \t]*\r?\n")

// curlNoValue are curl options without a value that change nothing codedesk
// sends; curlIgnoredValue take a value that codedesk ignores.
var (
	curlNoValue = map[string]string{
		"-s": "", "--silent": "", "-S": "", "--show-error": "", "-v": "", "--verbose": "", "-i": "", "--include": "",
		"--compressed": "", "-f": "", "--fail": "", "--fail-with-body": "", "-g": "", "--globoff": "", "-N": "",
		"--no-buffer": "", "-#": "", "--progress-bar": "", "--http1.1": "", "--http2": "", "-4": "", "-6": "",
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
	file, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(text), "")
	if err != nil {
		return Imported{}, fmt.Errorf("команда не разбирается как строка оболочки: %v", err)
	}
	if len(file.Stmts) == 0 {
		return Imported{}, errors.New("пустая команда")
	}
	cmd := file.Stmts[0].Cmd
	if bin, ok := cmd.(*syntax.BinaryCmd); ok { // curl … | jq
		cmd = bin.X.Cmd
	}
	call, ok := cmd.(*syntax.CallExpr)
	if !ok || len(call.Args) == 0 {
		return Imported{}, errors.New("не нашёл вызова curl")
	}
	// $VAR stays as written: a key placeholder must not become "".
	cfg := &expand.Config{Env: expand.FuncEnviron(func(name string) string { return "$" + name })}
	args := make([]string, 0, len(call.Args))
	for _, w := range call.Args {
		s, err := expand.Literal(cfg, w)
		if err != nil {
			return Imported{}, fmt.Errorf("аргумент %q не разобрать: %v", wordText(w), err)
		}
		args = append(args, s)
	}
	if args[0] != "curl" {
		return Imported{}, fmt.Errorf("это %q, а не curl", args[0])
	}
	var (
		im      Imported
		rawURL  string
		data    []string
		getMode bool
		method  string
		json    bool
	)
	notes := map[string]bool{}
	next := func(i *int, flag string) (string, error) {
		if *i+1 >= len(args) {
			return "", fmt.Errorf("у %s нет значения", flag)
		}
		*i++
		return args[*i], nil
	}
	for i := 1; i < len(args); i++ {
		a := args[i]
		flag, value, attached := a, "", false
		if strings.HasPrefix(a, "--") {
			if k, v, ok := strings.Cut(a, "="); ok {
				flag, value, attached = k, v, true
			}
		} else if len(a) > 2 && a[0] == '-' {
			if strings.ContainsRune(curlShortWithValue, rune(a[1])) {
				flag, value, attached = a[:2], a[2:], true // -XPOST, -d'a=1'
			} else {
				// Bundled flags without values: -sS, -sSL.
				for _, r := range a[1:] {
					f := "-" + string(r)
					note, known := curlNoValue[f]
					if !known {
						return Imported{}, fmt.Errorf("флаг curl %s (в %s) не знаю", f, a)
					}
					if note != "" {
						notes[note] = true
					}
				}
				continue
			}
		}
		val := func() (string, error) {
			if attached {
				return value, nil
			}
			return next(&i, flag)
		}
		switch flag {
		case "-X", "--request":
			v, err := val()
			if err != nil {
				return Imported{}, err
			}
			method = strings.ToUpper(v)
		case "-H", "--header":
			v, err := val()
			if err != nil {
				return Imported{}, err
			}
			name, hv, _ := strings.Cut(v, ":")
			if strings.EqualFold(strings.TrimSpace(name), "content-type") && strings.Contains(strings.ToLower(hv), "json") {
				json = true
			}
		case "-d", "--data", "--data-raw", "--data-binary", "--data-ascii":
			v, err := val()
			if err != nil {
				return Imported{}, err
			}
			if strings.HasPrefix(v, "@") && flag != "--data-raw" {
				return Imported{}, fmt.Errorf("%s %s: данные из файла codedesk не читает — вставьте их в команду", flag, v)
			}
			data = append(data, v)
		case "--data-urlencode":
			v, err := val()
			if err != nil {
				return Imported{}, err
			}
			enc, err := dataURLEncode(v)
			if err != nil {
				return Imported{}, err
			}
			data = append(data, enc)
		case "-G", "--get":
			getMode = true
		case "--url":
			v, err := val()
			if err != nil {
				return Imported{}, err
			}
			rawURL = v
		default:
			if note, ok := curlNoValue[flag]; ok {
				if note != "" {
					notes[note] = true
				}
				continue
			}
			if curlIgnoredValue[flag] {
				if _, err := val(); err != nil {
					return Imported{}, err
				}
				continue
			}
			if strings.HasPrefix(a, "-") {
				return Imported{}, fmt.Errorf("флаг curl %s не знаю", a)
			}
			if rawURL != "" {
				return Imported{}, fmt.Errorf("два адреса: %s и %s", rawURL, a)
			}
			rawURL = a
		}
	}
	if rawURL == "" {
		return Imported{}, errors.New("в команде нет адреса")
	}
	if err := im.fromURL(rawURL); err != nil {
		return Imported{}, err
	}
	body := strings.Join(data, "&")
	var bodyParams []model.Param
	var err2 error
	if json && body != "" || strings.HasPrefix(strings.TrimSpace(body), "{") {
		bodyParams, err2 = flattenJSON(body)
		im.Notes = append(im.Notes, "тело JSON разложено в параметры с квадратными скобками: API принимает форму")
	} else {
		bodyParams, err2 = parseForm(body)
	}
	if err2 != nil {
		return Imported{}, err2
	}
	for _, p := range bodyParams {
		if strings.EqualFold(p.Key, "apiKey") {
			im.KeyRemoved = true
			continue
		}
		im.Request.Params = append(im.Request.Params, p)
	}
	_ = getMode // -G sends the data in the query; the API reads both alike
	if method != "" && method != "GET" && method != "POST" {
		im.Notes = append(im.Notes, fmt.Sprintf("метод %s заменён: codedesk шлёт POST с параметрами и GET без них", method))
	}
	for n := range notes {
		im.Notes = append(im.Notes, n)
	}
	sort.Strings(im.Notes)
	return im, nil
}

// wordText is a word as written, for error messages.
func wordText(w *syntax.Word) string {
	var b strings.Builder
	syntax.NewPrinter().Print(&b, w)
	return b.String()
}

// dataURLEncode does what curl's --data-urlencode does to one value.
func dataURLEncode(v string) (string, error) {
	if i := strings.IndexAny(v, "=@"); i >= 0 && v[i] == '@' {
		return "", fmt.Errorf("--data-urlencode %s: данные из файла codedesk не читает", v)
	}
	name, content, hasEq := strings.Cut(v, "=")
	if !hasEq {
		return url.QueryEscape(v), nil
	}
	if name == "" {
		return url.QueryEscape(content), nil
	}
	return name + "=" + url.QueryEscape(content), nil
}

// apiPath is /service/{module}/{method}.
var apiPath = regexp.MustCompile(`^/service/([A-Za-z0-9_]+)/([A-Za-z0-9_]+)/?$`)

// fromURL reads the server, module/method and query parameters of an API
// call's address; api, output and apiKey are the API's own and dropped.
func (im *Imported) fromURL(raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return fmt.Errorf("адрес не разобрать: %v", safe.Scrub(err.Error(), ""))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("адрес %q: нужен http:// или https://", safe.Scrub(raw, ""))
	}
	m := apiPath.FindStringSubmatch(u.Path)
	if m == nil {
		return fmt.Errorf("путь %q не похож на вызов API: нужен /service/{module}/{method}", u.Path)
	}
	base := u.Scheme + "://" + u.Host
	if u.Scheme == "https" {
		base = u.Host
	}
	srv, err := model.ParseServer(base)
	if err != nil {
		return err
	}
	im.Request = model.Request{Server: srv, Module: m[1], Method: m[2]}
	params, err := parseForm(u.RawQuery)
	if err != nil {
		return err
	}
	for _, p := range params {
		switch strings.ToLower(p.Key) {
		case "apikey":
			im.KeyRemoved = true
		case "api":
		case "output":
			if !strings.EqualFold(p.Value, "json") {
				im.Notes = append(im.Notes, fmt.Sprintf("output=%s заменён на json", p.Value))
			}
		default:
			im.Request.Params = append(im.Request.Params, p)
		}
	}
	return nil
}

// parseForm decodes a query or form body keeping the order of its keys.
func parseForm(s string) ([]model.Param, error) {
	var out []model.Param
	for _, part := range strings.Split(s, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			return nil, fmt.Errorf("параметр %q: %v", safe.Scrub(part, ""), err)
		}
		val, err := url.QueryUnescape(v)
		if err != nil {
			return nil, fmt.Errorf("параметр %q: %v", safe.Scrub(part, ""), err)
		}
		if key == "" {
			return nil, fmt.Errorf("параметр %q без имени", safe.Scrub(part, ""))
		}
		out = append(out, model.Param{Key: key, Value: val})
	}
	return out, nil
}

// flattenJSON turns a JSON object into bracket-named parameters:
// {"params": {"validity": 1440}, "ids": [1, 2]} → params[validity]=1440,
// ids[0]=1, ids[1]=2. Keys keep their order in the text.
func flattenJSON(body string) ([]model.Param, error) {
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	var out []model.Param
	var walk func(prefix string) error
	walk = func(prefix string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				for dec.More() {
					kt, err := dec.Token()
					if err != nil {
						return err
					}
					k := kt.(string)
					name := k
					if prefix != "" {
						name = prefix + "[" + k + "]"
					}
					if err := walk(name); err != nil {
						return err
					}
				}
				_, err = dec.Token()
				return err
			case '[':
				for i := 0; dec.More(); i++ {
					if err := walk(fmt.Sprintf("%s[%d]", prefix, i)); err != nil {
						return err
					}
				}
				_, err = dec.Token()
				return err
			}
		case nil:
			out = append(out, model.Param{Key: prefix})
		case bool:
			v := "0"
			if t {
				v = "1"
			}
			out = append(out, model.Param{Key: prefix, Value: v})
		default:
			out = append(out, model.Param{Key: prefix, Value: fmt.Sprint(t)})
		}
		return nil
	}
	if !strings.HasPrefix(strings.TrimSpace(body), "{") {
		return nil, errors.New("тело JSON должно быть объектом {…}")
	}
	if err := walk(""); err != nil {
		return nil, fmt.Errorf("тело JSON не разобрать: %v", err)
	}
	return out, nil
}

// KeyVariable is how an export writes the key: the shell fills it in.
const KeyVariable = "$MOBIZON_API_KEY"

// Command is req as a curl command, as the API documentation writes
// them, with the key as $MOBIZON_API_KEY (the URL in double quotes so the
// shell expands it).
func Command(req model.Request) string {
	var b strings.Builder
	u := req.Server.BaseURL() + req.Path() + "?output=json&api=v1&apiKey=" + KeyVariable
	if req.HTTPMethod() == "POST" {
		b.WriteString("curl -X POST \\\n  ")
	} else {
		b.WriteString("curl ")
	}
	b.WriteString(`"` + u + `"`)
	if req.HTTPMethod() == "POST" {
		b.WriteString(" \\\n  -H 'content-type: application/x-www-form-urlencoded' \\\n  -d ")
		b.WriteString(shellQuote(req.Body()))
	}
	return b.String()
}

// shellQuote single-quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
