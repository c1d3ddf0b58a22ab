package model

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"codedesk/model/safe"
)

// DefaultServer is where a call goes when nothing says otherwise: the API
// of accounts registered in Kazakhstan.
const DefaultServer = "api.mobizon.kz"

// Server is where API calls go: a scheme and a host (with a port, maybe).
type Server struct {
	Scheme string // "https", or "http" when spelled out
	Host   string // host or host:port
}

// hostPattern is the official client's rule for a bare API host name.
var hostPattern = regexp.MustCompile(`(?i)^[a-z0-9][-a-z0-9]+(\.[a-z0-9][-a-z0-9]*)+$`)

// ParseServer reads a server as a user writes it: "api.mobizon.kz" or
// "host:port" mean https; plain http only when written out
// ("http://127.0.0.1:8080"), because the API key travels in the URL.
func ParseServer(s string) (Server, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Server{}, errors.New("сервер не указан")
	}
	scheme := "https"
	if i := strings.Index(s, "://"); i >= 0 {
		u, err := url.Parse(s)
		if err != nil {
			return Server{}, fmt.Errorf("сервер %s не разобрать", safe.Quote(s))
		}
		scheme = strings.ToLower(u.Scheme)
		if scheme != "http" && scheme != "https" {
			return Server{}, fmt.Errorf("сервер %s: схема %s, нужна https или http", safe.Quote(s), safe.Quote(u.Scheme))
		}
		if u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
			return Server{}, fmt.Errorf("сервер %s: нужен только адрес, без имени пользователя, пути и параметров", safe.Quote(s))
		}
		s = u.Host
	} else if strings.ContainsAny(s, "/?#@ ") {
		return Server{}, fmt.Errorf("сервер %s: нужен только адрес вида api.mobizon.kz или host:port", safe.Quote(s))
	}
	host, port := s, ""
	if h, p, err := net.SplitHostPort(s); err == nil {
		host, port = h, p
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return Server{}, fmt.Errorf("сервер %s: неверный порт %s", safe.Quote(s), safe.Quote(port))
		}
	}
	if host == "" || !(hostPattern.MatchString(host) || net.ParseIP(host) != nil || strings.EqualFold(host, "localhost")) {
		return Server{}, fmt.Errorf("сервер %s: %s не похоже на имя хоста", safe.Quote(s), safe.Quote(host))
	}
	return Server{Scheme: scheme, Host: strings.ToLower(s)}, nil
}

// MustParseServer is ParseServer for constants.
func MustParseServer(s string) Server {
	srv, err := ParseServer(s)
	if err != nil {
		panic(err)
	}
	return srv
}

// BaseURL is scheme://host.
func (s Server) BaseURL() string { return s.Scheme + "://" + s.Host }

// Plain reports whether calls go unencrypted.
func (s Server) Plain() bool { return s.Scheme == "http" }

// String is how the server is shown: a bare host for https, as users write
// it, and the full base for plain http, so that it never goes unnoticed.
func (s Server) String() string {
	if s.Scheme == "https" {
		return s.Host
	}
	return s.BaseURL()
}

// Param is one request parameter with its bracket name, as sent.
type Param struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Request is one API call, without the key: the key is added when it is
// sent and never stored with the request.
type Request struct {
	Server Server
	Module string
	Method string
	Params []Param // in the order given, which is the order sent
}

// Name is module/method as entered.
func (r Request) Name() string { return r.Module + "/" + r.Method }

// ParseMethodName splits "module/method". Both parts are letters, digits
// and underscores; the case is kept for display, the wire uses lower case.
func ParseMethodName(s string) (module, method string, err error) {
	s = strings.Trim(strings.TrimSpace(s), "/")
	module, method, ok := strings.Cut(s, "/")
	if !ok || module == "" || method == "" || strings.Contains(method, "/") {
		return "", "", fmt.Errorf("метод %s: нужно module/method, например message/sendSmsMessage", safe.Quote(s))
	}
	for _, part := range []string{module, method} {
		for _, r := range part {
			if !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				return "", "", fmt.Errorf("метод %s: недопустимый символ %s", safe.Quote(s), safe.Quote(string(r)))
			}
		}
	}
	return module, method, nil
}

// ParseParam reads "key=value"; the value may be empty or hold "=".
func ParseParam(s string) (Param, error) {
	k, v, ok := strings.Cut(s, "=")
	k = strings.TrimSpace(k)
	if !ok || k == "" {
		return Param{}, fmt.Errorf("параметр %s: нужно имя=значение, например params[validity]=1440", safe.Quote(s))
	}
	return Param{Key: k, Value: v}, nil
}

// MaxParamText is the most parameter text ParseParamLines takes: far more
// than any call (the API's own limits are far smaller), far less than makes
// an editor slow.
const MaxParamText = 256 << 10

// ParseParamLines reads the parameter editor: one key=value a line (lines
// end in LF, CRLF or a bare CR, as terminals paste them); a line that
// starts with ContinuationMark goes on with the value above it, after a
// line break (an SMS text of several lines); blank lines and lines
// starting with # are skipped. Errors name the line; text longer than
// MaxParamText is refused.
func ParseParamLines(text string) ([]Param, error) {
	if len(text) > MaxParamText {
		return nil, fmt.Errorf("параметров больше %d КиБ: codedesk столько не принимает — это не похоже на один вызов API", MaxParamText>>10)
	}
	var out []Param
	for i, line := range strings.Split(NormalizeNewlines(text), "\n") {
		if rest, ok := strings.CutPrefix(line, ContinuationMark); ok {
			if len(out) == 0 {
				return nil, fmt.Errorf("строка %d: %s продолжает значение, но выше нет параметра", i+1, ContinuationMark)
			}
			out[len(out)-1].Value += "\n" + rest
			continue
		}
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		p, err := ParseParam(strings.TrimLeft(line, " \t"))
		if err != nil {
			return nil, fmt.Errorf("строка %d: %w", i+1, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// ContinuationMark starts an editor line that goes on with the value
// above it after a line break: a value of several lines stays one
// parameter.
const ContinuationMark = "↵"

// NormalizeNewlines turns CRLF and bare CR line ends into LF: terminals
// paste a line break as CR.
func NormalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// FormatParamLines is the inverse of ParseParamLines: a value's line
// breaks (LF, CRLF or CR, read as LF) start continuation lines.
func FormatParamLines(params []Param) string {
	var b strings.Builder
	for i, p := range params {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Key + "=" + strings.ReplaceAll(NormalizeNewlines(p.Value), "\n", "\n"+ContinuationMark))
	}
	return b.String()
}

// Path is the request path the API expects: lower-case module and method.
func (r Request) Path() string {
	return "/service/" + strings.ToLower(r.Module) + "/" + strings.ToLower(r.Method)
}

// HTTPMethod is POST when there are parameters, GET when there are none,
// as the official client does.
func (r Request) HTTPMethod() string {
	if len(r.Params) == 0 {
		return "GET"
	}
	return "POST"
}

// Body is the form-encoded body, keys in the order given, brackets
// percent-encoded, spaces as "+" and a leading "+" of a phone as "%2B".
func (r Request) Body() string {
	var b strings.Builder
	for i, p := range r.Params {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p.Key))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p.Value))
	}
	return b.String()
}

// URL is the full address with the key in its query. It is secret: never show
// or store it.
func (r Request) URL(apiKey string) string {
	return r.Server.BaseURL() + r.Path() + "?api=v1&apiKey=" + url.QueryEscape(apiKey) + "&output=json"
}
