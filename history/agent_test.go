package history

import (
	"errors"
	"os/user"
	"testing"
)

// Who is working: $USER, $LOGNAME, the account, the machine, in that order.
func TestDefaultAgentFallsBack(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	defer func(u func() (*user.User, error), h func() (string, error)) { currentUser, hostname = u, h }(currentUser, hostname)
	currentUser = func() (*user.User, error) { return &user.User{Username: "aigerim"}, nil }
	hostname = func() (string, error) { return "desk-7", nil }
	if got := DefaultAgent(getenv); got != "aigerim" {
		t.Errorf("no USER, no LOGNAME: %q, want the account", got)
	}
	env["LOGNAME"] = "timur"
	if got := DefaultAgent(getenv); got != "timur" {
		t.Errorf("LOGNAME only: %q", got)
	}
	env["USER"] = "olga"
	if got := DefaultAgent(getenv); got != "olga" {
		t.Errorf("USER and LOGNAME: %q", got)
	}
	env = map[string]string{}
	currentUser = func() (*user.User, error) { return nil, errors.New("no passwd entry") }
	if got := DefaultAgent(getenv); got != "desk-7" {
		t.Errorf("no account: %q, want the host name", got)
	}
	hostname = func() (string, error) { return "", errors.New("no name") }
	if got := DefaultAgent(getenv); got != "unknown" {
		t.Errorf("nothing at all: %q", got)
	}
}
