package delivery

import (
	"errors"
	"strings"
	"testing"
	"time"

	"codedesk/model"
)

func TestNormalizeNumber(t *testing.T) {
	cases := []struct {
		in, want string
		noted    bool
	}{
		{"77001234567", "77001234567", false},
		{"+77001234567", "77001234567", true},
		{"+7 (700) 123-45-67", "77001234567", true},
		{" 7700 ", "7700", false}, // surrounding spaces are not worth a note
		{"7 700 123 45 67", "77001234567", true},
		{"0404", "0404", false},
	}
	for _, tc := range cases {
		got, note, err := NormalizeNumber(tc.in)
		if err != nil || got != tc.want || (note != "") != tc.noted {
			t.Errorf("NormalizeNumber(%q) = %q, %q, %v; want %q, noted %v", tc.in, got, note, err, tc.want, tc.noted)
		}
		if tc.noted && !strings.Contains(note, tc.want) {
			t.Errorf("note %q does not show the number sent", note)
		}
	}
	for _, bad := range []string{"", "  ", "+", "7700abc", "77+001", "12\x1b[2J"} {
		_, _, err := NormalizeNumber(bad)
		var ie *InputError
		if !errors.As(err, &ie) || strings.ContainsRune(err.Error(), '\x1b') {
			t.Errorf("NormalizeNumber(%q) error %v, want an inert *InputError", bad, err)
		}
	}
}

// noteTexts joins the notes of one severity.
func noteTexts(notes []Note, sev Severity) string {
	var out []string
	for _, n := range notes {
		if n.Severity == sev {
			out = append(out, n.Text)
		}
	}
	return strings.Join(out, " | ")
}

func TestCheckRecipient(t *testing.T) {
	cases := []struct {
		in, number, country string
		problem             string // a part of the problem, or "" for none
		info                string // a part of the info and warning notes
	}{
		{"77001234567", "77001234567", "Казахстан", "", "Казахстан"},
		{"+77001234567", "77001234567", "Казахстан", "", "API ждёт цифры: 77001234567; ведущий «+» он принимает"},
		{"+7 (700) 123-45.67", "77001234567", "Казахстан", "", "API ждёт 77001234567: без «+», пробелов, дефисов, скобок и точек"},
		{"998901234567", "998901234567", "Узбекистан", "", "Узбекистан (+998)"},
		{"79161234567", "79161234567", "Россия", "", "Россия"},
		{"996555123456", "996555123456", "Кыргызстан", "", ""},
		{"87001234567", "87001234567", "", "местном формате", ""},
		{"7001234567", "7001234567", "", "нет кода страны", ""},
		{"901234567", "901234567", "", "998901234567", ""},
		{"7700123456", "7700123456", "", "нет кода страны", ""},
		{"770012345678", "770012345678", "Казахстан", "нужно 11 цифр, а в нём 12", ""},
		{"99890123456", "99890123456", "Узбекистан", "нужно 12 цифр", ""},
		{"12ab", "", "", "недопустимый символ", ""},
		{"0501234567", "0501234567", "", "начинается с 0", ""},
	}
	for _, tc := range cases {
		r := CheckRecipient(tc.in)
		problems, infos := noteTexts(r.Notes, Problem), noteTexts(r.Notes, Info)+" | "+noteTexts(r.Notes, Warning)
		if r.Number != tc.number || r.Country != tc.country {
			t.Errorf("CheckRecipient(%q) = %q, %q; want %q, %q", tc.in, r.Number, r.Country, tc.number, tc.country)
		}
		if (tc.problem == "") != (problems == "") || !strings.Contains(problems, tc.problem) {
			t.Errorf("CheckRecipient(%q) problems %q, want %q", tc.in, problems, tc.problem)
		}
		if !strings.Contains(infos, tc.info) {
			t.Errorf("CheckRecipient(%q) info %q, want %q", tc.in, infos, tc.info)
		}
	}
	if r := CheckRecipient("8801712345678"); !strings.Contains(noteTexts(r.Notes, Warning), "не распознан") {
		t.Errorf("an unknown country: %+v", r.Notes)
	}
}

func params(kv ...string) []model.Param {
	var out []model.Param
	for _, s := range kv {
		k, v, _ := strings.Cut(s, "=")
		out = append(out, model.Param{Key: k, Value: v})
	}
	return out
}

func TestCheckSend(t *testing.T) {
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.FixedZone("ALMT", 5*3600))
	at := func(d time.Duration) string { return "params[deferredToTs]=" + now.Add(d).Format(TimeLayout) }
	ok := []string{"recipient=77001234567", "text=Hi"}
	cases := []struct {
		name    string
		extra   []string
		problem string // a part of a problem note, or "" for none
	}{
		{"plain", nil, ""},
		{"validity 60", []string{"params[validity]=60"}, ""},
		{"validity 1440", []string{"params[validity]=1440"}, ""},
		{"validity 59", []string{"params[validity]=59"}, "от 60 до 1440"},
		{"validity 1441", []string{"params[validity]=1441"}, "от 60 до 1440"},
		{"validity words", []string{"params[validity]=day"}, "целое число минут"},
		{"deferred 1 h", []string{at(time.Hour)}, ""},
		{"deferred 14 d", []string{at(14 * 24 * time.Hour)}, ""},
		{"deferred 59 min", []string{at(59 * time.Minute)}, "не меньше чем на час"},
		{"deferred in the past", []string{at(-time.Hour)}, "не меньше чем на час"},
		{"deferred 14 d 1 s", []string{at(14*24*time.Hour + time.Second)}, "не больше чем на 14 дней"},
		{"deferred unreadable", []string{"params[deferredToTs]=завтра"}, "нужны дата и время вида ГГГГ-ММ-ДД ЧЧ:ММ:СС"},
		{"shortenLinks 2", []string{"params[shortenLinks]=2"}, "0 или 1"},
	}
	for _, tc := range cases {
		c := CheckSend(params(append(ok, tc.extra...)...), now)
		problems := noteTexts(c.Notes, Problem)
		if (tc.problem == "") != !c.HasProblems() || !strings.Contains(problems, tc.problem) {
			t.Errorf("%s: problems %q, want %q", tc.name, problems, tc.problem)
		}
	}
	c := CheckSend(params("recipient=+77001234567", "text="+strings.Repeat("ы", 300), "from=MyShop"), now)
	if c.Segments.Segments != 5 || c.Recipient.Number != "77001234567" || c.HasProblems() {
		t.Errorf("a long Russian text: %+v", c)
	}
	infos, warnings := noteTexts(c.Notes, Info), noteTexts(c.Notes, Warning)
	for _, want := range []string{"API ждёт цифры: 77001234567", "UCS-2, 5 сегментов (300 из 335)", "MyShop", "REJECTD"} {
		if !strings.Contains(infos, want) {
			t.Errorf("info %q lacks %q", infos, want)
		}
	}
	if !strings.Contains(warnings, "длинный текст: 5 сегментов") {
		t.Errorf("warnings %q", warnings)
	}
	if w := noteTexts(CheckSend(params("recipient=77001234567", "text=Don’t"), now).Notes, Warning); !strings.Contains(w, "«’»") {
		t.Errorf("a Latin text made UCS-2 by one quote: warnings %q", w)
	}
	for _, tc := range []struct {
		params []model.Param
		want   string
	}{
		{params("text=x"), "нет параметра recipient"},
		{params("recipient=77001234567"), "нет параметра text"},
		{params("recipient=77001234567", "text="), "текст пуст"},
		{params("recipient=77001234567", "text=a", "text=b"), ""},
	} {
		c := CheckSend(tc.params, now)
		if got := noteTexts(c.Notes, Problem); !strings.Contains(got, tc.want) || (tc.want == "") == c.HasProblems() {
			t.Errorf("%v: problems %q, want %q", tc.params, got, tc.want)
		}
	}
	if w := noteTexts(CheckSend(params("recipient=77001234567", "text=a", "text=b"), now).Notes, Warning); !strings.Contains(w, "дважды") {
		t.Errorf("a parameter given twice: %q", w)
	}
}

func TestCheckText(t *testing.T) {
	s, notes := CheckText(strings.Repeat("a", 161))
	if s.Segments != 2 || !strings.Contains(noteTexts(notes, Info), "GSM-7, 2 сегмента (161 из 306)") || noteTexts(notes, Problem) != "" {
		t.Errorf("161 GSM characters: %+v %+v", s, notes)
	}
	if _, notes := CheckText(""); !strings.Contains(noteTexts(notes, Problem), "текст пуст") {
		t.Errorf("an empty text: %+v", notes)
	}
}

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{1: "1 запрос", 2: "2 запроса", 4: "4 запроса", 5: "5 запросов", 11: "11 запросов",
		12: "12 запросов", 21: "21 запрос", 22: "22 запроса", 111: "111 запросов", 0: "0 запросов"} {
		if got := plural(n, "запрос", "запроса", "запросов"); got != want {
			t.Errorf("plural(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestParseIDsAndTimes(t *testing.T) {
	ids, err := ParseIDs([]string{"101,102", "103 101", " 104 "})
	if err != nil || len(ids) != 4 || ids[0] != 101 || ids[3] != 104 {
		t.Errorf("ParseIDs = %v, %v", ids, err)
	}
	for _, bad := range [][]string{{}, {" , "}, {"12a"}, {"0"}, {"-5"}, {"99999999999999999999"}} {
		var ie *InputError
		if _, err := ParseIDs(bad); !errors.As(err, &ie) {
			t.Errorf("ParseIDs(%q) error %v, want *InputError", bad, err)
		}
	}
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.FixedZone("ALMT", 5*3600))
	for in, want := range map[string]time.Time{
		"2026-11-25":          time.Date(2026, 11, 25, 0, 0, 0, 0, now.Location()),
		"2026-11-25 08:30":    time.Date(2026, 11, 25, 8, 30, 0, 0, now.Location()),
		"2026-11-25 08:30:15": time.Date(2026, 11, 25, 8, 30, 15, 0, now.Location()),
		"90m":                 now.Add(-90 * time.Minute),
		"2h":                  now.Add(-2 * time.Hour),
		"3d":                  now.Add(-72 * time.Hour),
		"1w":                  now.Add(-7 * 24 * time.Hour),
	} {
		if got, err := ParseTime(in, now); err != nil || !got.Equal(want) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "yesterday", "2h30", "-2h", "25:00"} {
		if _, err := ParseTime(bad, now); err == nil {
			t.Errorf("ParseTime(%q) succeeded", bad)
		}
	}
}
