package catalog

import (
	"strings"
	"testing"

	"codedesk/assets"
)

func TestParseCodeTable(t *testing.T) {
	rows, err := ParseCodeTable(assets.CodesTable)
	if err != nil {
		t.Fatal(err)
	}
	var nums []int
	for _, r := range rows {
		nums = append(nums, r.Number)
	}
	want := []int{0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 30, 98, 99, 100, 999}
	if len(nums) != len(want) {
		t.Fatalf("parsed codes %v, want %v", nums, want)
	}
	for i := range want {
		if nums[i] != want[i] {
			t.Fatalf("parsed codes %v, want %v", nums, want)
		}
	}
	byNum := map[int]string{}
	for _, r := range rows {
		byNum[r.Number] = r.Description
	}
	if got := byNum[0]; got != "Операция завершена успешно." {
		t.Errorf("description of 0 = %q", got)
	}
	// Links keep their text and lose their (relative, broken) destination.
	d4 := byNum[4]
	if !strings.Contains(d4, "в документации к API.") || strings.Contains(d4, "quick-start") || strings.Contains(d4, "](") {
		t.Errorf("description of 4 = %q: want the link's text only", d4)
	}
	for n, d := range byNum {
		if strings.Contains(d, "<span") || strings.Contains(d, "data-anchor") {
			t.Errorf("description of %d keeps HTML: %q", n, d)
		}
	}
}

func TestParseCodeTableEditsChangeTheCatalog(t *testing.T) {
	edited := strings.Replace(string(assets.CodesTable), "Операция завершена успешно.", "Всё хорошо.", 1)
	rows, err := ParseCodeTable([]byte(edited))
	if err != nil {
		t.Fatal(err)
	}
	if rows[0].Description != "Всё хорошо." {
		t.Errorf("edited description = %q", rows[0].Description)
	}
}

func TestParseCodeTableErrors(t *testing.T) {
	cases := map[string]string{
		"no table":    "# Коды\n\nнет таблицы\n",
		"no columns":  "a | b\n--|--\n1 | x\n",
		"bad number":  "Код | Описание\n--|--\nабв | x\n",
		"duplicate":   "Код | Описание\n--|--\n1 | x\n1 | y\n",
		"header only": "Код | Описание\n--|--\n",
	}
	for name, md := range cases {
		if _, err := ParseCodeTable([]byte(md)); err == nil {
			t.Errorf("%s: ParseCodeTable succeeded, want an error", name)
		}
	}
}

func TestMetadataCoversTheTableExactly(t *testing.T) {
	cat, err := LoadCatalog(assets.CodesTable, assets.CodesMeta)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cat.Codes() {
		if c.Title == "" || c.Hint == "" || c.Description == "" || len(c.Keywords) == 0 {
			t.Errorf("code %d is incomplete: %+v", c.Number, c)
		}
	}
}

func TestLoadCatalogRejectsMismatchedMetadata(t *testing.T) {
	table := []byte("Код | Описание\n--|--\n1 | один\n2 | два\n")
	meta := func(codes ...string) []byte {
		var b strings.Builder
		for _, c := range codes {
			b.WriteString("[[code]]\ncode = " + c + "\ntitle = \"t\"\nclass = \"client\"\nhint = \"h\"\n")
		}
		return []byte(b.String())
	}
	if _, err := LoadCatalog(table, meta("1", "2")); err != nil {
		t.Fatalf("matching metadata rejected: %v", err)
	}
	_, err := LoadCatalog(table, meta("1"))
	if err == nil || !strings.Contains(err.Error(), "no entry for code(s) 2") {
		t.Errorf("a table code without metadata: err = %v", err)
	}
	_, err = LoadCatalog(table, meta("1", "2", "7"))
	if err == nil || !strings.Contains(err.Error(), "7 are not in the table") {
		t.Errorf("metadata for a code the table lacks: err = %v", err)
	}
	bad := []byte("[[code]]\ncode = 1\ntitle = \"t\"\nclass = \"purple\"\nhint = \"h\"\n")
	if _, err := LoadCatalog(table, bad); err == nil || !strings.Contains(err.Error(), "class") {
		t.Errorf("unknown class: err = %v", err)
	}
}

func TestDescribeUnknownCode(t *testing.T) {
	cat := MustDefaultCatalog()
	c := cat.Describe(777)
	if c.Known() || c.Number != 777 || c.Title == "" {
		t.Errorf("Describe(777) = %+v, want an unknown-code placeholder", c)
	}
	if c := cat.Describe(30); !c.Known() || c.Title != "Превышен лимит запросов" {
		t.Errorf("Describe(30) = %+v", c)
	}
}
