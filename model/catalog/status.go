package catalog

import (
	"fmt"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"codedesk/assets"
	"codedesk/model/safe"
)

// Status is one SMS delivery status (message/getSMSStatus, message/list,
// delivery webhooks) with everything codedesk knows about it. Its JSON is
// what `codedesk sms statuses --json` prints.
type Status struct {
	Name        string   `json:"status"` // as the API writes it: DELIVRD
	Final       bool     `json:"final"`  // it will not change any more
	Failed      bool     `json:"-"`      // final, and the phone never got it
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Hint        string   `json:"hint"` // «Что делать»
	Keywords    []string `json:"keywords"`
	known       bool
}

// Known reports whether the status came from the table rather than being a
// placeholder for a name the table lacks (campaign/getInfo's UNKNOWN).
func (s Status) Known() bool { return s.known }

// Delivered reports the one status that means the phone got the message.
func (s Status) Delivered() bool { return s.known && s.Final && !s.Failed }

// Class is the colour a status is shown in, borrowed from the code classes:
// delivered as success, on its way as async, partly delivered as partial,
// failed as a server error, unknown as unknown. Only for colour: a status
// card names its meaning with StatusLabel.
func (s Status) Class() Class {
	switch {
	case !s.known:
		return ClassUnknown
	case s.Failed:
		return ClassServer
	case s.Final:
		return ClassSuccess
	case s.Name == "PDLIVRD":
		return ClassPartial
	}
	return ClassAsync
}

// StatusLabel says in Russian where a status stands: on its way, delivered,
// failed, or unknown.
func StatusLabel(s Status) string {
	switch {
	case !s.known:
		return "неизвестный статус"
	case s.Failed:
		return "окончательный: не доставлено"
	case s.Final:
		return "окончательный: доставлено"
	}
	return "промежуточный: статус ещё изменится"
}

// UnknownStatus is the placeholder for a status name the table lacks. The
// name is made inert and cut short: it comes from a server.
func UnknownStatus(name string) Status {
	name = safe.Line(strings.TrimSpace(name))
	if r := []rune(name); len(r) > 32 {
		name = string(r[:32]) + "…"
	}
	return Status{
		Name:        name,
		Title:       "Неизвестный статус",
		Description: "Этого статуса нет в таблице статусов SMS. Возможно, это счётчик UNKNOWN из campaign/getInfo или новый статус API.",
		Hint:        "Сохраните ID сообщения и ответ целиком (без ключа) и передайте в поддержку Mobizon.",
	}
}

// StatusTable is the SMS statuses in the API's table order, with lookup by
// name.
type StatusTable struct {
	list   []Status
	byName map[string]int
}

// NewStatusTable holds statuses in the given order, each marked known.
func NewStatusTable(statuses []Status) *StatusTable {
	t := &StatusTable{list: make([]Status, len(statuses)), byName: make(map[string]int, len(statuses))}
	for i, s := range statuses {
		s.known = true
		t.list[i] = s
		t.byName[strings.ToUpper(s.Name)] = i
	}
	return t
}

// All returns every status in table order. The slice must not be modified.
func (t *StatusTable) All() []Status { return t.list }

// Len is the number of statuses.
func (t *StatusTable) Len() int { return len(t.list) }

// Lookup finds a status by name, whatever its case or surrounding spaces.
func (t *StatusTable) Lookup(name string) (Status, bool) {
	i, ok := t.byName[strings.ToUpper(strings.TrimSpace(name))]
	if !ok {
		return Status{}, false
	}
	return t.list[i], true
}

// Describe returns the status named name, or an unknown-status placeholder.
func (t *StatusTable) Describe(name string) Status {
	if s, ok := t.Lookup(name); ok {
		return s
	}
	return UnknownStatus(name)
}

type statusMeta struct {
	Name        string   `toml:"name"`
	Title       string   `toml:"title"`
	Final       *bool    `toml:"final"`
	Failed      *bool    `toml:"failed"`
	Description string   `toml:"description"`
	Hint        string   `toml:"hint"`
	Keywords    []string `toml:"keywords"`
}

// LoadStatuses reads the status table (statuses.toml). It fails on an
// incomplete entry, a name given twice, a name that is not upper-case
// letters, or a failed status that is not final: a silent gap would show an
// untitled status to a support engineer.
func LoadStatuses(data []byte) (*StatusTable, error) {
	var file struct {
		Status []statusMeta `toml:"status"`
	}
	if err := toml.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("status table: %w", err)
	}
	if len(file.Status) == 0 {
		return nil, fmt.Errorf("status table: no [[status]] entries")
	}
	seen := map[string]bool{}
	out := make([]Status, 0, len(file.Status))
	for i, m := range file.Status {
		if err := m.check(); err != nil {
			return nil, fmt.Errorf("status table: entry %d (%q): %w", i+1, m.Name, err)
		}
		if seen[m.Name] {
			return nil, fmt.Errorf("status table: status %s appears twice", m.Name)
		}
		seen[m.Name] = true
		out = append(out, Status{
			Name: m.Name, Final: *m.Final, Failed: *m.Failed, Title: m.Title,
			Description: m.Description, Hint: m.Hint, Keywords: m.Keywords,
		})
	}
	return NewStatusTable(out), nil
}

func (m statusMeta) check() error {
	if m.Name == "" || strings.IndexFunc(m.Name, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0 {
		return fmt.Errorf("name must be upper-case Latin letters")
	}
	switch {
	case strings.TrimSpace(m.Title) == "":
		return fmt.Errorf("no title")
	case strings.TrimSpace(m.Description) == "":
		return fmt.Errorf("no description")
	case strings.TrimSpace(m.Hint) == "":
		return fmt.Errorf("no hint")
	case len(m.Keywords) == 0:
		return fmt.Errorf("no keywords")
	case m.Final == nil:
		return fmt.Errorf("final is not set")
	case m.Failed == nil:
		return fmt.Errorf("failed is not set")
	case *m.Failed && !*m.Final:
		return fmt.Errorf("a failed status must be final")
	}
	return nil
}

var defaultStatuses = sync.OnceValues(func() (*StatusTable, error) { return LoadStatuses(assets.Statuses) })

// DefaultStatuses is the embedded status table, parsed once.
func DefaultStatuses() (*StatusTable, error) { return defaultStatuses() }

// MustDefaultStatuses is DefaultStatuses for callers that cannot go on
// without it; the embedded table is checked by tests.
func MustDefaultStatuses() *StatusTable {
	t, err := DefaultStatuses()
	if err != nil {
		panic(err)
	}
	return t
}

// StatusCardMarkdown is a status's card as markdown, shaped like a code's
// card: the name and title, where it stands, the description and what to do.
func StatusCardMarkdown(s Status) string {
	head, body := StatusCardMarkdownParts(s)
	return head + body
}

// StatusCardMarkdownParts splits the card after its title and label, as
// CardMarkdownParts does for codes.
func StatusCardMarkdownParts(s Status) (head, body string) {
	head = fmt.Sprintf("# %s · %s\n\n*%s*\n\n", safe.Markdown(s.Name), safe.Markdown(s.Title), safe.Markdown(StatusLabel(s)))
	body = safe.Markdown(s.Description) + "\n\n## Что делать\n\n" + safe.Markdown(s.Hint) + "\n"
	return head, body
}

// StatusCardText is the same card as plain text, for pipes, files and
// NO_COLOR.
func StatusCardText(s Status) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s · %s\n", s.Name, s.Title)
	fmt.Fprintf(&b, "Статус: %s\n\n", StatusLabel(s))
	b.WriteString(s.Description)
	b.WriteString("\n\nЧто делать: ")
	b.WriteString(s.Hint)
	b.WriteString("\n")
	return b.String()
}
