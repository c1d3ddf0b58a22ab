// Package wire speaks the API's wire protocol exactly as the official
// client does: the HTTP client with its typed errors, envelope decoding,
// the task poller and the pacer that keeps replays polite.
//
// It never sends the key to a server the trust rule (model.Trust) does not
// allow, never follows a redirect and never shows the key: every error it
// returns is already scrubbed and inert. Masking never changes what is sent
// or, for a key that cannot be real, what is stored.
package wire

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"codedesk/model"
	"codedesk/model/ru"
	"codedesk/model/safe"
)

// Defaults of the wire client.
const (
	DefaultConnectTimeout = 10 * time.Second
	DefaultMaxBody        = 16 << 20 // 16 MiB
)

// ClientOptions configure a Client.
type ClientOptions struct {
	ConnectTimeout time.Duration // 0: DefaultConnectTimeout
	Timeout        time.Duration // the whole call; 0: DefaultTimeout
	MaxBody        int64         // 0: DefaultMaxBody
	UserAgent      string        // "codedesk/<version>"
	// Insecure skips TLS certificate checks for InsecureServer only, and
	// never for a Mobizon API host (an on-path attacker must not get the
	// key there by presenting any certificate). Only on explicit request,
	// and whoever shows an answer with Response.TLSUnchecked must say so.
	// Insecure without InsecureServer (a caller that does not say which
	// server it meant) skips the checks for every server but Mobizon's.
	Insecure       bool
	InsecureServer model.Server
	// Trust says where the key may go. The zero Trust allows only the
	// Mobizon API hosts over https; config.Settings.Trust adds the servers
	// the user named.
	Trust model.Trust
}

// Client sends API calls exactly as the official client would, and turns
// every way a call can fail into a *CallError.
type Client struct {
	http *http.Client
	// unchecked skips certificate checks: used only for the server
	// ClientOptions.Insecure names (uncheckedFor).
	unchecked *http.Client
	dialer    *net.Dialer
	opts      ClientOptions
}

// NewClient builds a client. Redirects are never followed: the key is in
// the query string and must not travel to wherever a 3xx points.
func NewClient(opts ClientOptions) *Client {
	if opts.ConnectTimeout <= 0 {
		opts.ConnectTimeout = DefaultConnectTimeout
	}
	if opts.Timeout <= 0 {
		opts.Timeout = model.DefaultTimeout
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.UserAgent == "" {
		opts.UserAgent = "codedesk"
	}
	c := &Client{dialer: &net.Dialer{Timeout: opts.ConnectTimeout, KeepAlive: 30 * time.Second}, opts: opts}
	c.http = c.httpClient(false)
	if opts.Insecure {
		c.unchecked = c.httpClient(true)
	}
	return c
}

// httpClient is an HTTP client that never follows redirects, checking TLS
// certificates unless skipVerify.
func (c *Client) httpClient(skipVerify bool) *http.Client {
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           c.dialer.DialContext,
		TLSHandshakeTimeout:   c.opts.ConnectTimeout,
		TLSClientConfig:       &tls.Config{InsecureSkipVerify: skipVerify}, //nolint:gosec // explicit opt-in, one server
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{
		Transport: transport,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// InsecureFor reports whether a call to srv skips TLS certificate checks:
// only over https, only for the server insecure was given for, never for
// a Mobizon API host.
func (c *Client) InsecureFor(srv model.Server) bool {
	switch {
	case !c.opts.Insecure || !strings.EqualFold(srv.Scheme, "https") || model.IsMobizonAPI(srv):
		return false
	case c.opts.InsecureServer.Host == "":
		return true
	}
	return model.NewTrust(c.opts.InsecureServer).Allows(srv)
}

// useResolver makes host names resolve through r (tests answer DNS on
// loopback).
func (c *Client) useResolver(r *net.Resolver) { c.dialer.Resolver = r }

// Insecure reports whether TLS certificates go unchecked for some server
// (see InsecureFor; Response.TLSUnchecked says it of one answer).
func (c *Client) Insecure() bool { return c.opts.Insecure }

// Do sends req with key. It returns the answer, or a *CallError with the
// time spent, so that a failed attempt can be recorded too. ctx cancels it.
//
// A server outside the trust rule gets nothing: Do returns a *CallError of
// kind KindUntrusted wrapping a *model.UntrustedError before any network
// I/O, whichever path asked (the TUI, call, replay, the poller).
func (c *Client) Do(ctx context.Context, req model.Request, key string) (model.Response, error) {
	if err := c.opts.Trust.Check(req.Server); err != nil {
		// Made of the server's validated name only: no key to mask, and
		// masking a short key would mangle the name the user must read.
		return model.Response{}, &model.CallError{Kind: model.KindUntrusted, Msg: safe.Line(err.Error()), Err: err}
	}
	start := time.Now()
	resp, err := c.do(ctx, req, key)
	resp.Duration = time.Since(start)
	return resp, err
}

func (c *Client) do(ctx context.Context, req model.Request, key string) (model.Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	var body io.Reader
	if req.HTTPMethod() == http.MethodPost {
		body = strings.NewReader(req.Body())
	}
	hr, err := http.NewRequestWithContext(ctx, req.HTTPMethod(), req.URL(key), body)
	if err != nil {
		return model.Response{}, &model.CallError{Kind: model.KindNetwork, Msg: "запрос не собрать: " + display(err.Error(), key)}
	}
	hr.Header.Set("User-Agent", c.opts.UserAgent)
	hr.Header.Set("Accept", "application/json")
	if body != nil {
		hr.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	client := c.http
	if c.InsecureFor(req.Server) {
		client = c.unchecked
	}
	hresp, err := client.Do(hr)
	if err != nil {
		ce := classify(err, key, req.Server)
		if ce.Kind == model.KindTimeout {
			ce.Msg = fmt.Sprintf("%s не ответил за %s", req.Server, ru.Duration(c.opts.Timeout))
		}
		return model.Response{}, ce
	}
	defer hresp.Body.Close()
	resp := model.Response{Status: hresp.StatusCode, TLSUnchecked: hresp.TLS != nil && client == c.unchecked}

	if hresp.StatusCode >= 300 && hresp.StatusCode < 400 {
		loc := display(hresp.Header.Get("Location"), key)
		return resp, &model.CallError{
			Kind: model.KindRedirect, Status: hresp.StatusCode, Location: loc,
			Msg: fmt.Sprintf("HTTP %d: сервер перенаправляет запрос, codedesk за ним не идёт (ключ в адресе)", hresp.StatusCode),
		}
	}
	raw, readErr := io.ReadAll(io.LimitReader(hresp.Body, c.opts.MaxBody+1))
	resp.Size = len(raw)
	if int64(len(raw)) > c.opts.MaxBody {
		return resp, &model.CallError{Kind: model.KindTooLarge, Status: hresp.StatusCode,
			Msg: fmt.Sprintf("ответ слишком большой: больше %s, чтение остановлено", humanBytes(c.opts.MaxBody))}
	}
	if readErr != nil {
		ce := classify(readErr, key, req.Server)
		if errors.Is(readErr, io.ErrUnexpectedEOF) {
			ce.Kind, ce.Msg = model.KindTruncated, fmt.Sprintf("ответ оборван после %d байт", len(raw))
		}
		if ce.Kind == model.KindTimeout {
			ce.Msg = fmt.Sprintf("%s не дослал ответ за %s", req.Server, c.opts.Timeout)
		}
		ce.Status = hresp.StatusCode
		return resp, ce
	}
	if hresp.StatusCode < 200 || hresp.StatusCode > 299 {
		return resp, &model.CallError{Kind: model.KindStatus, Status: hresp.StatusCode,
			Msg:     fmt.Sprintf("HTTP %d %s: API всегда отвечает 200, это ответ не от API", hresp.StatusCode, http.StatusText(hresp.StatusCode)),
			Excerpt: display(Excerpt(raw, 200), key)}
	}
	env, err := DecodeEnvelope(raw)
	if err != nil {
		if ce, ok := model.AsCallError(err); ok {
			ce.Status = hresp.StatusCode
			ce.Excerpt = display(ce.Excerpt, key)
			ce.Msg = display(ce.Msg, key)
		}
		return resp, err
	}
	// A server that echoes a real key (in an error message, say) must not
	// get it into history or --json output, however it escaped it. A key
	// that cannot be real changes nothing here: masking "5" would corrupt
	// the data, and display masks it anyway.
	env.Message = safe.ScrubStored(env.Message, key)
	env.Data = safe.ScrubJSON(env.Data, key)
	resp.Envelope = env
	return resp, nil
}

// display makes text for an error inert, on one line, with the key masked.
func display(s, key string) string {
	return safe.Line(safe.Scrub(s, key))
}
