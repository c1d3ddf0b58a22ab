package webhook

import (
	"errors"
	"strings"
	"testing"
)

func TestSignIsLowerHexSHA1OfTheFourValues(t *testing.T) {
	got := Sign("26", "1", "2026-01-15 11:42:28", "k")
	want := sha1hex("26|1|2026-01-15 11:42:28|k")
	if got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
	if strings.ToLower(got) != got || len(got) != 40 {
		t.Fatalf("sign %q is not 40 lower-case hex digits", got)
	}
	if Sign("26", "2", "2026-01-15 11:42:28", "k") == got {
		t.Fatal("the sign must change with the attempt")
	}
}

func TestTheValidFixtureIsSignedAsTheDocsSay(t *testing.T) {
	p, err := Parse(fixture(t, "valid.json"), "application/json")
	if err != nil {
		t.Fatal(err)
	}
	if want := sha1hex("4711|2|2026-03-02 09:15:07|" + string(testSecret)); p.Sign != want {
		t.Fatalf("fixture sign %s, own SHA-1 %s", p.Sign, want)
	}
}

func TestVerifyFixtures(t *testing.T) {
	cases := []struct {
		file, contentType string
		secret            Secret
		verdict           Verdict
		cause             Cause
		note              string // a note code the payload must carry
		say               string // in the message
	}{
		{"valid.json", "application/json", testSecret, VerdictValid, "", "", "подпись верна"},
		{"numbers-as-strings.json", "application/json", testSecret, VerdictValid, "", NoteNumbersAsStrings, "подпись верна"},
		{"reformatted-ts.json", "application/json", testSecret, VerdictInvalid, CauseTimestampReformatted, NoteTimestampReformatted, "2026-03-02 09:15:07"},
		{"reformatted-number.json", "application/json", testSecret, VerdictInvalid, CauseNumberReformatted, NoteNumberReformatted, "4711.0"},
		{"missing-sign.json", "application/json", testSecret, VerdictMissingSign, "", "", "нет поля sign"},
		{"docs-sample.json", "application/json", "secret123", VerdictInvalid, CauseDocsSample, "", "пример из документации"},
		{"valid.xml", "application/xml", testSecret, VerdictValid, "", "", "подпись верна"},
		{"valid.raw", "application/x-www-form-urlencoded", testSecret, VerdictValid, "", "", "подпись верна"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			p, err := Parse(fixture(t, c.file), c.contentType)
			if err != nil {
				t.Fatal(err)
			}
			v, err := Verify(p, c.secret)
			if err != nil {
				t.Fatal(err)
			}
			if v.Verdict != c.verdict || v.Cause != c.cause || v.Verified != (c.verdict == VerdictValid) {
				t.Fatalf("verdict %s/%s verified=%v, want %s/%s: %s", v.Verdict, v.Cause, v.Verified, c.verdict, c.cause, v.Message)
			}
			if !strings.Contains(v.Message, c.say) {
				t.Errorf("message %q lacks %q", v.Message, c.say)
			}
			if c.note != "" && !hasNote(p, c.note) {
				t.Errorf("notes %v lack %s", p.Notes, c.note)
			}
			if v.ExitCode() != map[bool]int{true: 0, false: 1}[v.Verified] {
				t.Errorf("exit code %d for %s", v.ExitCode(), v.Verdict)
			}
			if p.Status() != "DELIVRD" {
				t.Errorf("status %q, want DELIVRD", p.Status())
			}
		})
	}
}

func hasNote(p *Payload, code string) bool {
	for _, n := range p.Notes {
		if n.Code == code {
			return true
		}
	}
	return false
}

func TestTheDocsSampleIsNamedWithoutNamingTheSecret(t *testing.T) {
	p, _ := Parse(fixture(t, "docs-sample.json"), "")
	v, _ := Verify(p, "secret123")
	if strings.Contains(v.Message, "secret123") || strings.Contains(strings.Join(v.Advice, " "), "secret123") {
		t.Fatalf("the message names the secret it was given: %s", v.Message)
	}
	if v.Advice[0] != adviceDocs {
		t.Errorf("first advice %q, want the docs-sample advice", v.Advice[0])
	}
}

// TestDiagnosesEachDocumentedMistake signs each payload as a mistaken
// signer would (the test's own SHA-1) and expects Verify to name the
// mistake.
func TestDiagnosesEachDocumentedMistake(t *testing.T) {
	s := string(testSecret)
	ts := "2026-03-02 09:15:07"
	cases := []struct {
		name                string
		id, attempt, bodyTs string
		signed              string // what the mistaken signer hashed
		secret              Secret
		cause               Cause
		say                 string
	}{
		{"wrong secret", "4711", "2", ts, "4711|2|" + ts + "|another-secret", testSecret, CauseWrongSecret, "секрет не тот"},
		{"field order", "4711", "2", ts, "2|4711|" + ts + "|" + s, testSecret, CauseFieldOrder, "attempt|eventId|eventCreateTs|секрет"},
		{"secret first", "4711", "2", ts, s + "|4711|2|" + ts, testSecret, CauseFieldOrder, "секрет|eventId"},
		{"attempt of an earlier retry", "4711", "3", ts, "4711|1|" + ts + "|" + s, testSecret, CauseAttemptChanged, "попытки 1"},
		{"eventId hashed as 26.0", "4711", "2", ts, "4711.0|2|" + ts + "|" + s, testSecret, CauseNumberReformatted, "4711.0"},
		{"body re-written as 26.0", "4711.0", "2", ts, "4711|2|" + ts + "|" + s, testSecret, CauseNumberReformatted, "исходному тексту"},
		{"attempt hashed as 2.0", "4711", "2", ts, "4711|2.0|" + ts + "|" + s, testSecret, CauseNumberReformatted, "attempt = 2.0"},
		{"timestamp hashed as ISO", "4711", "2", ts, "4711|2|2026-03-02T09:15:07|" + s, testSecret, CauseTimestampReformatted, "2026-03-02T09:15:07"},
		{"timestamp hashed in UTC", "4711", "2", ts, "4711|2|2026-03-02 04:15:07|" + s, testSecret, CauseTimestampReformatted, "-5 ч"},
		{"body timestamp lost its seconds", "4711", "2", "2026-03-02 09:15", "4711|2|" + ts + "|" + s, testSecret, CauseTimestampReformatted, ts},
		{"body timestamp moved to UTC", "4711", "2", "2026-03-02T04:15:07Z", "4711|2|" + ts + "|" + s, testSecret, CauseTimestampReformatted, "+5 ч"},
		{"values hashed with quotes", "4711", "2", ts, `"4711"|"2"|` + ts + "|" + s, testSecret, CauseNumbersQuoted, "кавычках"},
		{"secret file ends with a newline", "4711", "2", ts, "4711|2|" + ts + "|" + s, testSecret + "\n", CauseSecretWhitespace, "перевода строки"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Parse(payloadJSON(c.id, c.attempt, c.bodyTs, sha1hex(c.signed)), "application/json")
			if err != nil {
				t.Fatal(err)
			}
			v, _ := Verify(p, c.secret)
			if v.Verdict != VerdictInvalid || v.Cause != c.cause {
				t.Fatalf("got %s/%s (%s), want invalid/%s", v.Verdict, v.Cause, v.Message, c.cause)
			}
			if !strings.Contains(v.Message, c.say) {
				t.Errorf("message %q lacks %q", v.Message, c.say)
			}
			if c.cause != CauseWrongSecret && !strings.HasSuffix(v.MatchedWith, "|"+secretMask) && !strings.HasPrefix(v.MatchedWith, secretMask) {
				t.Errorf("matchedWith %q should show what was hashed, the secret masked", v.MatchedWith)
			}
			if v.Advice[0] != adviceByCause[c.cause] || !strings.Contains(strings.Join(v.Advice, "\n"), "фреймворк") {
				t.Errorf("advice should start with the diagnosed point and include the raw-body advice: %q", v.Advice)
			}
		})
	}
}

func TestSignShapeMistakes(t *testing.T) {
	ts := "2026-03-02 09:15:07"
	good := sha1hex("4711|2|" + ts + "|" + string(testSecret))
	for sign, cause := range map[string]Cause{strings.ToUpper(good): CauseSignUpperCase, "abc": CauseSignMalformed, good[:39] + "z": CauseSignMalformed} {
		p, _ := Parse(payloadJSON("4711", "2", ts, sign), "")
		if v, _ := Verify(p, testSecret); v.Cause != cause {
			t.Errorf("sign %q: cause %s, want %s", sign, v.Cause, cause)
		}
	}
}

func TestVerifyNeedsASecret(t *testing.T) {
	p, _ := Parse(fixture(t, "valid.json"), "")
	if _, err := Verify(p, ""); !errors.Is(err, ErrNoSecret) {
		t.Fatalf("err = %v, want ErrNoSecret", err)
	}
}

func TestMissingSignSaysHowToGetOne(t *testing.T) {
	p, _ := Parse(fixture(t, "missing-sign.json"), "")
	v, _ := Verify(p, testSecret)
	if v.Verified || v.ExitCode() != 1 || v.Advice[0] != adviceSecretSet {
		t.Fatalf("missing sign: %+v", v)
	}
}

func TestHugeValuesAreNotDiagnosed(t *testing.T) {
	id := `"` + strings.Repeat("9", 4096) + `"`
	p, _ := Parse(payloadJSON(id, "1", "2026-03-02 09:15:07", strings.Repeat("a", 40)), "")
	v, _ := Verify(p, testSecret)
	if v.Cause != CauseWrongSecret || !strings.Contains(v.Message, "слишком длинные") {
		t.Fatalf("got %s: %s", v.Cause, v.Message)
	}
}
