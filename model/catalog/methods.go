package catalog

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"codedesk/assets"
)

// Method is what codedesk knows of one API method.
type Method struct {
	Name    string        `toml:"name"` // module/method, as the docs write it
	Summary string        `toml:"summary"`
	Params  []MethodParam `toml:"params"`
	// Codes maps a code to what it means for this method in particular.
	Codes map[string]string `toml:"codes"`
}

// MethodParam is a documented parameter of a method.
type MethodParam struct {
	Name     string `toml:"name"` // bracket name: params[validity], ids[]
	Required bool   `toml:"required"`
	Doc      string `toml:"doc"`
	Example  string `toml:"example"`
}

// CodeMeaning is what code n means for this method, if the docs say more
// than the general table.
func (m Method) CodeMeaning(n int) (string, bool) {
	s, ok := m.Codes[strconv.Itoa(n)]
	return s, ok
}

// Module is the module part of the name.
func (m Method) Module() string { return strings.SplitN(m.Name, "/", 2)[0] }

// MethodBook is every method we know, with the per-recipient codes of bulk
// answers and the names of task statuses.
type MethodBook struct {
	Methods        []Method
	byName         map[string]int
	RecipientCodes map[int]string
	TaskStatuses   map[int]string
}

var (
	defaultBookOnce sync.Once
	defaultBook     *MethodBook
	defaultBookErr  error
)

// DefaultMethods parses the embedded methods asset once.
func DefaultMethods() (*MethodBook, error) {
	defaultBookOnce.Do(func() { defaultBook, defaultBookErr = ParseMethods(assets.Methods) })
	return defaultBook, defaultBookErr
}

// MustDefaultMethods is DefaultMethods for callers that cannot go on
// without it; tests check the embedded asset, so it never fails in a build.
func MustDefaultMethods() *MethodBook {
	b, err := DefaultMethods()
	if err != nil {
		panic(err)
	}
	return b
}

// ParseMethods reads a methods file (see assets/methods.toml).
func ParseMethods(data []byte) (*MethodBook, error) {
	var file struct {
		Method         []Method          `toml:"method"`
		RecipientCodes map[string]string `toml:"recipient_codes"`
		TaskStatuses   map[string]string `toml:"task_statuses"`
	}
	if err := toml.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("methods: %w", err)
	}
	b := &MethodBook{Methods: file.Method, byName: map[string]int{}}
	for i, m := range file.Method {
		if strings.Count(m.Name, "/") != 1 {
			return nil, fmt.Errorf("methods: %q is not module/method", m.Name)
		}
		key := strings.ToLower(m.Name)
		if _, dup := b.byName[key]; dup {
			return nil, fmt.Errorf("methods: %s appears twice", m.Name)
		}
		b.byName[key] = i
		for code := range m.Codes {
			if _, err := strconv.Atoi(code); err != nil {
				return nil, fmt.Errorf("methods: %s: %q is not a code", m.Name, code)
			}
		}
	}
	var err error
	if b.RecipientCodes, err = intKeys(file.RecipientCodes); err != nil {
		return nil, fmt.Errorf("methods: recipient_codes: %w", err)
	}
	if b.TaskStatuses, err = intKeys(file.TaskStatuses); err != nil {
		return nil, fmt.Errorf("methods: task_statuses: %w", err)
	}
	return b, nil
}

func intKeys(m map[string]string) (map[int]string, error) {
	out := make(map[int]string, len(m))
	for k, v := range m {
		n, err := strconv.Atoi(k)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", k)
		}
		out[n] = v
	}
	return out, nil
}

// Lookup finds a method by module/method, in any letter case (the server
// matches case-insensitively; the docs and the official client differ).
func (b *MethodBook) Lookup(name string) (Method, bool) {
	i, ok := b.byName[strings.ToLower(strings.TrimSpace(name))]
	if !ok {
		return Method{}, false
	}
	return b.Methods[i], true
}

// Spell is a method as the docs write it (message/sendSmsMessage), or as
// given when the book does not know it: people read one spelling, though
// the wire path is lower-case and customers write either.
func (b *MethodBook) Spell(name string) string {
	if m, ok := b.Lookup(name); ok {
		return m.Name
	}
	return name
}

// Names lists every method name, sorted, for completion.
func (b *MethodBook) Names() []string {
	out := make([]string, len(b.Methods))
	for i, m := range b.Methods {
		out[i] = m.Name
	}
	sort.Strings(out)
	return out
}

// TaskStatusName names a background task's status.
func (b *MethodBook) TaskStatusName(status int) string {
	if s, ok := b.TaskStatuses[status]; ok {
		return s
	}
	return fmt.Sprintf("статус %d", status)
}

// RecipientCodeMeaning explains a per-recipient code of a bulk answer.
func (b *MethodBook) RecipientCodeMeaning(code int) string {
	if s, ok := b.RecipientCodes[code]; ok {
		return s
	}
	return "неизвестный код получателя"
}
