package curl

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"codedesk/model"
	"codedesk/model/safe"
)

// dataURLEncode does what curl's --data-urlencode does to one value.
func dataURLEncode(v string) (string, error) {
	if i := strings.IndexAny(v, "=@"); i >= 0 && v[i] == '@' {
		return "", fmt.Errorf("--data-urlencode %s: данные из файла codedesk не читает", safe.Quote(v))
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
// An address with a user name before @ is refused: it is how
// https://api.mobizon.kz@evil.example/… passes for Mobizon's server. The
// server is kept as written: whether the key may go there is decided when
// the request is sent.
func (im *Imported) fromURL(raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return fmt.Errorf("адрес %s не разобрать", safe.Quote(raw))
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("адрес %s: нужен http:// или https://", safe.Quote(raw))
	}
	if u.User != nil {
		// The user part may be a password: never quoted.
		return fmt.Errorf("в адресе имя пользователя перед @, и запрос на самом деле ушёл бы на %s: "+
			"так чужой сервер выдают за сервер Mobizon — codedesk такие адреса не принимает", safe.Quote(u.Host))
	}
	m := apiPath.FindStringSubmatch(u.Path)
	if m == nil {
		return fmt.Errorf("путь %s не похож на вызов API: нужен /service/{module}/{method}", safe.Quote(u.Path))
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
		case "api":
		case "output":
			if !strings.EqualFold(p.Value, "json") {
				im.Notes = append(im.Notes, fmt.Sprintf("output=%s заменён на json", safe.Clip(safe.Line(safe.MaskSecrets(p.Value)), safe.QuoteMax)))
			}
		default:
			if model.IsKeyParam(p.Key) {
				im.KeyRemoved = true
				continue
			}
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
		if err == nil {
			v, err = url.QueryUnescape(v)
		}
		if err != nil {
			return nil, fmt.Errorf("параметр %s: неверная %%-последовательность", safe.Quote(part))
		}
		if key == "" {
			return nil, fmt.Errorf("параметр %s без имени", safe.Quote(part))
		}
		out = append(out, model.Param{Key: key, Value: v})
	}
	return out, nil
}

// errNotObject is a JSON body that is not an object.
var errNotObject = errors.New("тело JSON должно быть объектом {…}")
