package history

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

var osGetenv = os.Getenv

// IsPostgresURL reports a postgres:// or postgresql:// URL: a team history.
func IsPostgresURL(where string) bool {
	lower := strings.ToLower(strings.TrimSpace(where))
	return strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://")
}

// passwordMask stands in for a password wherever one would show.
const passwordMask = "xxxxx"

// RedactURL is a history location fit to show: a URL's password (in its
// user part or a password= parameter) replaced with xxxxx; a path comes
// back as it was.
func RedactURL(where string) string {
	if !strings.Contains(where, "://") {
		return where
	}
	u, err := url.Parse(where)
	if err != nil {
		// Unreadable as a URL: mask what sits where a password would.
		where = userinfoPassword.ReplaceAllString(where, "${1}"+passwordMask+"@")
		return passwordParam.ReplaceAllString(where, "${1}"+passwordMask)
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), passwordMask)
	}
	q := u.Query()
	for name := range q {
		if strings.EqualFold(name, "password") {
			q[name] = []string{passwordMask}
			u.RawQuery = q.Encode()
		}
	}
	return u.String()
}

var (
	userinfoPassword = regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@]*:)[^@]*@`)
	passwordParam    = regexp.MustCompile(`(?i)([?&]password=)[^&#]*`)
)

// DefaultFallbackPath is where a team store keeps calls its server did not
// take: $XDG_STATE_HOME/codedesk/pending-<hash>.db, one file per server,
// database and role, so that calls never go to another team's history.
func DefaultFallbackPath(getenv func(string) string, where string) string {
	identity := where
	if u, err := url.Parse(where); err == nil {
		identity = u.User.Username() + "@" + strings.ToLower(u.Host) + u.Path + "?" + u.Query().Get("search_path")
	}
	sum := sha256.Sum256([]byte(identity))
	return filepath.Join(stateDir(getenv), "pending-"+hex.EncodeToString(sum[:4])+".db")
}

// redactor replaces secrets (a password, as typed and URL-escaped) in text.
type redactor []string

func newRedactor(password string) redactor {
	if password == "" {
		return nil
	}
	r := redactor{password}
	for _, form := range []string{url.QueryEscape(password), url.PathEscape(password)} {
		if form != password {
			r = append(r, form)
		}
	}
	return r
}

func (r redactor) text(s string) string {
	for _, secret := range r {
		s = strings.ReplaceAll(s, secret, passwordMask)
	}
	return s
}

// redactedError is an error whose text went through a redactor. errors.Is
// still sees what it wraps, but nothing unwraps to the unredacted text.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }

// Is lets errors.Is(err, ErrNotFound) and context.DeadlineExceeded work.
func (e *redactedError) Is(target error) bool { return errors.Is(e.err, target) }

func (r redactor) err(err error) error {
	if err == nil || len(r) == 0 {
		return err
	}
	msg := r.text(err.Error())
	if msg == err.Error() {
		return err
	}
	return &redactedError{msg: msg, err: err}
}
