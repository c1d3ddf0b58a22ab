package catalog

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"codedesk/assets"
)

func statusNames(ss []Status) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Name
	}
	return out
}

func TestStatusTableIsTheAPIsTable(t *testing.T) {
	st, err := LoadStatuses(assets.Statuses)
	if err != nil {
		t.Fatal(err)
	}
	want := "[NEW ENQUEUD ACCEPTD PDLIVRD DELIVRD UNDELIV REJECTD EXPIRED DELETED]"
	if got := fmt.Sprint(statusNames(st.All())); got != want {
		t.Fatalf("statuses %s, want %s", got, want)
	}
	final := map[string]bool{"DELIVRD": true, "UNDELIV": true, "REJECTD": true, "EXPIRED": true, "DELETED": true}
	failed := map[string]bool{"UNDELIV": true, "REJECTD": true, "EXPIRED": true, "DELETED": true}
	for _, s := range st.All() {
		if s.Final != final[s.Name] || s.Failed != failed[s.Name] {
			t.Errorf("%s: final %v failed %v, want %v %v", s.Name, s.Final, s.Failed, final[s.Name], failed[s.Name])
		}
		if !s.Known() || s.Title == "" || s.Description == "" || s.Hint == "" || len(s.Keywords) < 3 {
			t.Errorf("%s is incomplete: %+v", s.Name, s)
		}
	}
	if s, _ := st.Lookup("PDLIVRD"); s.Final || s.Class() != ClassPartial {
		t.Errorf("PDLIVRD: %+v class %s; the API's table says it is not final", s, s.Class())
	}
}

func TestLoadStatusesFailsLoudly(t *testing.T) {
	entry := func(fields ...string) string {
		base := map[string]string{
			"name": `"NEW"`, "title": `"t"`, "final": "false", "failed": "false",
			"description": `"d"`, "hint": `"h"`, "keywords": `["k"]`,
		}
		for _, f := range fields {
			k, v, _ := strings.Cut(f, "=")
			if v == "" {
				delete(base, k)
			} else {
				base[k] = v
			}
		}
		var b strings.Builder
		b.WriteString("[[status]]\n")
		for _, k := range []string{"name", "title", "final", "failed", "description", "hint", "keywords"} {
			if v, ok := base[k]; ok {
				b.WriteString(k + " = " + v + "\n")
			}
		}
		return b.String()
	}
	if _, err := LoadStatuses([]byte(entry())); err != nil {
		t.Fatalf("a complete entry is refused: %v", err)
	}
	cases := map[string]string{
		"no title":         entry("title="),
		"empty hint":       entry(`hint=""`),
		"no description":   entry("description="),
		"no keywords":      entry("keywords=[]"),
		"final unset":      entry("final="),
		"failed unset":     entry("failed="),
		"failed not final": entry("failed=true"),
		"lower-case name":  entry(`name="new"`),
		"twice":            entry() + entry(),
		"nothing":          "",
		"not toml":         "[[status]\n",
	}
	for name, data := range cases {
		if _, err := LoadStatuses([]byte(data)); err == nil {
			t.Errorf("%s: loaded, want an error", name)
		}
	}
}

func TestStatusLookupAndUnknown(t *testing.T) {
	cat := MustDefaultCatalog()
	for _, name := range []string{"UNDELIV", "undeliv", " Undeliv "} {
		if s, ok := cat.LookupStatus(name); !ok || s.Name != "UNDELIV" {
			t.Errorf("LookupStatus(%q) = %+v, %v", name, s, ok)
		}
	}
	u := cat.DescribeStatus("UNKNOWN")
	if u.Known() || u.Name != "UNKNOWN" || u.Final || u.Failed || u.Title == "" || u.Class() != ClassUnknown {
		t.Errorf("DescribeStatus(UNKNOWN) = %+v, want an unknown placeholder", u)
	}
	// A hostile name from a server is made inert and short.
	evil := cat.DescribeStatus("\x1b[2J" + strings.Repeat("A", 100))
	if strings.ContainsRune(evil.Name, '\x1b') || len([]rune(evil.Name)) > 33 {
		t.Errorf("unknown status name kept as sent: %q", evil.Name)
	}
	if !strings.Contains(StatusCardText(u), "неизвестный статус") {
		t.Errorf("unknown status card:\n%s", StatusCardText(u))
	}
}

func TestStatusJSONIsWhatTheCLIPrints(t *testing.T) {
	s, _ := MustDefaultCatalog().LookupStatus("EXPIRED")
	raw, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var keys map[string]any
	json.Unmarshal(raw, &keys)
	if len(keys) != 6 || keys["status"] != "EXPIRED" || keys["final"] != true || keys["title"] == "" ||
		keys["description"] == nil || keys["hint"] == nil || keys["keywords"] == nil {
		t.Errorf("JSON of a status = %s, want {status, final, title, description, hint, keywords}", raw)
	}
}

func TestStatusCardShapedLikeACodeCard(t *testing.T) {
	s, _ := MustDefaultCatalog().LookupStatus("REJECTD")
	md := StatusCardMarkdown(s)
	for _, want := range []string{"# REJECTD · " + s.Title + "\n", "*окончательный: не доставлено*", "\n## Что делать\n"} {
		if !strings.Contains(md, want) {
			t.Errorf("status card lacks %q:\n%s", want, md)
		}
	}
	head, body := StatusCardMarkdownParts(s)
	if head+body != md || !strings.HasPrefix(body, s.Description) {
		t.Errorf("card parts do not split after the head:\n%q\n%q", head, body)
	}
	// The same structure as a code card: title line, label, text, «Что делать».
	code, _ := MustDefaultCatalog().Lookup(30)
	shape := func(md string) string {
		var lines []string
		for _, l := range strings.Split(md, "\n") {
			switch {
			case strings.HasPrefix(l, "## "):
				lines = append(lines, l)
			case strings.HasPrefix(l, "# "):
				lines = append(lines, "#")
			case strings.HasPrefix(l, "*"):
				lines = append(lines, "*")
			}
		}
		return strings.Join(lines, "|")
	}
	if shape(md) != shape(CardMarkdown(code)) {
		t.Errorf("status card shape %q, code card shape %q", shape(md), shape(CardMarkdown(code)))
	}
	text := StatusCardText(s)
	if !strings.HasPrefix(text, "REJECTD · ") || !strings.Contains(text, "Что делать: "+s.Hint) || strings.Contains(text, "#") {
		t.Errorf("plain card:\n%s", text)
	}
}

// names renders SearchAll's matches: numbers for codes, names for statuses.
func names(cat *Catalog, ms []Match) []string {
	var out []string
	for _, m := range ms {
		if m.Kind == KindStatus {
			out = append(out, cat.Statuses()[m.Index].Name)
		} else {
			out = append(out, fmt.Sprint(cat.Codes()[m.Index].Number))
		}
	}
	return out
}

func TestSearchFindsStatusesByNameOrMeaning(t *testing.T) {
	cat := MustDefaultCatalog()
	cases := []struct{ query, want string }{
		{"UNDELIV", "UNDELIV"}, {"undeliv", "UNDELIV"}, {"undel", "UNDELIV"}, {"expired", "EXPIRED"},
		{"недоставлено", "UNDELIV"}, {"не доставлено", "UNDELIV"}, {"не дошло", "UNDELIV"},
		{"отклонено", "REJECTD"}, {"истёк срок", "EXPIRED"}, {"истек срок", "EXPIRED"},
		{"доставлено", "DELIVRD"}, {"delivered", "DELIVRD"}, {"not delivered", "UNDELIV"},
		{"телефон выключен", "EXPIRED"}, {"частично доставлено", "PDLIVRD"}, {"в очереди", "ENQUEUD"},
		{"имя отправителя", "REJECTD"}, {"delivrd", "DELIVRD"}, {"отклоненно", "REJECTD"}, // a typo
		{"удалено оператором", "DELETED"}, {"new", "NEW"}, {"pdlivrd", "PDLIVRD"},
	}
	for _, tc := range cases {
		got := cat.SearchStatuses(tc.query)
		if len(got) == 0 || got[0].Name != tc.want {
			t.Errorf("SearchStatuses(%q) = %v, want %s first", tc.query, statusNames(got), tc.want)
		}
	}
	if got := fmt.Sprint(statusNames(cat.SearchStatuses(""))); got != fmt.Sprint(statusNames(cat.Statuses())) {
		t.Errorf("SearchStatuses(\"\") = %s, want the table", got)
	}
}

func TestSearchAllShowsCodesThenStatuses(t *testing.T) {
	cat := MustDefaultCatalog()
	cases := []struct{ query, want string }{
		{"недоставлено", "[UNDELIV DELETED]"},
		{"истёк срок", "[EXPIRED]"}, // codes mentioning «срок» alone are left out
		{"лимит", "[30]"},
		{"30", "[30]"},
		{"частично", "[98 PDLIVRD]"}, // a code group, then a status group
	}
	for _, tc := range cases {
		if got := fmt.Sprint(names(cat, cat.SearchAll(tc.query))); got != tc.want {
			t.Errorf("SearchAll(%q) = %s, want %s", tc.query, got, tc.want)
		}
	}
	all := cat.SearchAll("")
	if len(all) != cat.Len()+len(cat.Statuses()) {
		t.Fatalf("SearchAll(\"\") has %d entries, want every code and status", len(all))
	}
	entries := cat.Entries()
	for i, m := range all {
		if cat.EntryIndex(m) != i {
			t.Fatalf("entry %d: EntryIndex %d", i, cat.EntryIndex(m))
		}
		if e := entries[i]; e.Kind != m.Kind {
			t.Fatalf("entry %d has kind %d, match %d", i, e.Kind, m.Kind)
		}
	}
	if e := entries[cat.Len()]; e.Kind != KindStatus || e.Status.Name != "NEW" {
		t.Errorf("first status row = %+v", e)
	}
	// Codes alone stay codes alone: `codedesk codes` lists no status.
	for _, m := range cat.Search("недоставлено") {
		if m.Kind != KindCode {
			t.Errorf("Search returned a status: %+v", m)
		}
	}
}

func TestStopWordsDoNotMatchTheTable(t *testing.T) {
	cat := MustDefaultCatalog()
	total := cat.Len() + len(cat.Statuses())
	for _, q := range []string{"не", "и", "в", "нет", "и в не", "the", "a", "of the"} {
		if got := cat.SearchAll(q); len(got) > total/4 {
			t.Errorf("SearchAll(%q) matches %d of %d entries: %v", q, len(got), total, names(cat, got))
		}
	}
	// A stop word still matters beside a real word, and phrase keywords
	// that hold one still work.
	for _, tc := range []struct {
		query string
		want  int
	}{{"не найдено", 2}, {"нет доступа", 9}, {"ошибка в запросе", 1}, {"лимит и", 30}} {
		got := cat.SearchCodes(tc.query)
		if len(got) == 0 || got[0].Number != tc.want {
			t.Errorf("SearchCodes(%q) = %v, want %d first", tc.query, numbers(got), tc.want)
		}
	}
	// «не» never flips a meaning into its opposite.
	if got := cat.SearchStatuses("не доставлено"); len(got) > 0 && got[0].Name == "DELIVRD" {
		t.Error("«не доставлено» finds DELIVRD first")
	}
	for _, s := range cat.SearchStatuses("доставлено") {
		if s.Name == "UNDELIV" {
			t.Error("«доставлено» finds UNDELIV")
		}
	}
}

// Ranked together, a status the query names exactly comes first, though
// the list keeps codes above statuses: /expired means EXPIRED, not the code
// whose keywords say "session expired". Otherwise the better score wins,
// and a tie goes to the code.
func TestBestOfCodesAndStatuses(t *testing.T) {
	cat := MustDefaultCatalog()
	cases := []struct{ query, want string }{
		{"expired", "EXPIRED"}, {"EXPIRED", "EXPIRED"}, {" Expired ", "EXPIRED"}, {"new", "NEW"},
		{"недоставлено", "UNDELIV"}, {"лимит", "30"}, {"30", "30"}, {"частично", "98"}, {"session expired", "8"},
	}
	for _, tc := range cases {
		matches := cat.SearchAll(tc.query)
		best, ok := cat.Best(tc.query, matches)
		if got := fmt.Sprint(names(cat, []Match{best})); !ok || got != "["+tc.want+"]" {
			t.Errorf("Best(%q) = %s of %v, want %s", tc.query, got, names(cat, matches), tc.want)
		}
	}
	if got := fmt.Sprint(names(cat, cat.SearchAll("expired"))); got != "[8 EXPIRED]" {
		t.Errorf("SearchAll(expired) = %s: the groups keep their order", got)
	}
	if _, ok := cat.Best("zzzqqq", cat.SearchAll("zzzqqq")); ok {
		t.Error("a best match of nothing")
	}
}
