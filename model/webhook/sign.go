package webhook

import (
	"crypto/sha1"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"math/big"
	"regexp"
	"strconv"
	"strings"
)

// Sign is Mobizon's sign of one attempt of an event: the lower-case hex
// SHA-1 of eventId|attempt|eventCreateTs|secret, each value as the text
// the body carries.
func Sign(eventID, attempt, eventCreateTs string, secret Secret) string {
	return signParts([4]string{eventID, attempt, eventCreateTs, string(secret)})
}

func signParts(parts [4]string) string {
	sum := sha1.Sum([]byte(strings.Join(parts[:], "|")))
	return hex.EncodeToString(sum[:])
}

// ErrNoSecret: nothing can be verified or signed without the webhook's
// secret (exit status 2).
var ErrNoSecret = errors.New("не задан секрет вебхука: задайте MOBIZON_WEBHOOK_SECRET или webhook_secret_env / webhook_secret_file в профиле")

// Verdict is the outcome of checking a delivery, stable for scripts.
type Verdict string

// The verdicts. The first three come from Verify; the listener adds the
// rest for requests that carry no payload to check.
const (
	VerdictValid       Verdict = "valid"        // the sign matches
	VerdictInvalid     Verdict = "invalid"      // a sign, but not this one
	VerdictMissingSign Verdict = "missing-sign" // no sign to check
	VerdictNotPayload  Verdict = "not-payload"  // HTTP 400
	VerdictTooLarge    Verdict = "too-large"    // HTTP 413
	VerdictNotPost     Verdict = "not-post"     // HTTP 405: Mobizon only POSTs
)

// Cause is why a sign did not match, stable for scripts.
type Cause string

// The causes Verify can name, from the docs' list of typical mistakes.
const (
	CauseWrongSecret          Cause = "wrong-secret"          // no alternative matches either
	CauseSecretWhitespace     Cause = "secret-whitespace"     // the secret with spaces or a newline at its ends
	CauseFieldOrder           Cause = "field-order"           // the four values in another order
	CauseAttemptChanged       Cause = "attempt-changed"       // a sign made for another attempt
	CauseNumberReformatted    Cause = "number-reformatted"    // 26 written as 26.0, or the other way
	CauseTimestampReformatted Cause = "timestamp-reformatted" // ISO T, a time zone, seconds dropped
	CauseNumbersQuoted        Cause = "numbers-quoted"        // values hashed with their JSON quotes
	CauseSignUpperCase        Cause = "sign-upper-case"       // the right digits in upper case
	CauseSignMalformed        Cause = "sign-malformed"        // not 40 hex digits at all
	CauseDocsSample           Cause = "docs-sample"           // the documentation's own example
)

var causeTitles = map[Cause]string{
	CauseWrongSecret: "не тот секрет", CauseSecretWhitespace: "пробелы в секрете",
	CauseFieldOrder: "другой порядок полей", CauseAttemptChanged: "подпись другой попытки",
	CauseNumberReformatted: "число переписано", CauseTimestampReformatted: "время переписано",
	CauseNumbersQuoted: "значения в кавычках", CauseSignUpperCase: "заглавные буквы",
	CauseSignMalformed: "sign — не SHA-1", CauseDocsSample: "пример из документации",
}

// Title is the cause in a few Russian words, for a list line.
func (c Cause) Title() string { return causeTitles[c] }

// Verification is the verdict on one payload, for people (Message, Advice,
// in Russian) and for scripts (Verdict, Cause). It never holds the secret:
// the strings that were hashed are shown with the secret masked.
type Verification struct {
	Verdict      Verdict  `json:"verdict"`
	Verified     bool     `json:"verified"`
	Cause        Cause    `json:"cause,omitempty"`
	Message      string   `json:"message"`
	ReceivedSign string   `json:"receivedSign,omitempty"` // the body's sign, inert
	Signed       string   `json:"signed,omitempty"`       // what was hashed, secret masked
	ExpectedSign string   `json:"expectedSign,omitempty"` // sha1 of Signed with the real secret
	MatchedWith  string   `json:"matchedWith,omitempty"`  // the alternative that matches, secret masked
	Advice       []string `json:"advice,omitempty"`
}

// ExitCode is the CLI's exit status for the verdict: 0 valid, 1 otherwise.
func (v Verification) ExitCode() int {
	if v.Verified {
		return 0
	}
	return 1
}

// Verify checks p's sign with secret in constant time. When it does not
// match it tries the documented mistakes with the same secret and names
// the one that would match.
func Verify(p *Payload, secret Secret) (Verification, error) {
	if secret.IsZero() {
		return Verification{}, ErrNoSecret
	}
	parts := [4]string{p.EventID, p.Attempt, p.EventCreateTs, string(secret)}
	v := Verification{Signed: maskedJoin(parts, secret), ExpectedSign: signParts(parts), ReceivedSign: line(secret.scrub(p.Sign))}
	if !p.HasSign {
		v.Verdict, v.Cause = VerdictMissingSign, ""
		v.Message = "в теле нет поля sign: подлинность проверить нельзя. Mobizon подписывает доставки вебхука, у которого задан секретный ключ: задайте его в настройках вебхука"
		v.Advice = []string{adviceSecretSet}
		return v, nil
	}
	if subtle.ConstantTimeCompare([]byte(p.Sign), []byte(v.ExpectedSign)) == 1 {
		v.Verdict, v.Verified = VerdictValid, true
		v.Message = "подпись верна: sha1(eventId|attempt|eventCreateTs|секрет) совпадает с sign"
		return v, nil
	}
	v.Verdict = VerdictInvalid
	v.Cause, v.Message, v.MatchedWith = diagnose(p, secret)
	v.Advice = advice(v.Cause)
	// The messages quote values of the body; a body may carry the secret.
	v.Message, v.Signed, v.MatchedWith = secret.scrub(v.Message), secret.scrub(v.Signed), secret.scrub(v.MatchedWith)
	return v, nil
}

// maskedJoin is the string that is hashed, with the secret masked: in its
// own place (wherever an alternative order put it), and inside any value
// that holds it, masked before a long value is cut so no piece is left.
func maskedJoin(parts [4]string, secret Secret) string {
	key, trimmed := string(secret), strings.TrimSpace(string(secret))
	shown := make([]string, 4)
	for i, part := range parts {
		if part == key || part == trimmed {
			shown[i] = secretMask
		} else {
			shown[i] = line(secret.scrub(part))
		}
	}
	return strings.Join(shown, "|")
}

var (
	numberLiteral = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][+-]?([0-9]{1,2}))?$`)
	canonicalTs   = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$`)
)

// canonicalInt is the plain integer text of a number literal that holds a
// whole number however it is written (26, 26.0, 2.6e1 → "26"). Exponents
// are at most two digits, so the arithmetic stays small.
func canonicalInt(s string) (string, bool) {
	if len(s) > 64 || !numberLiteral.MatchString(s) {
		return "", false
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok || !r.IsInt() {
		return "", false
	}
	return r.Num().String(), true
}

// isInt reports a plain decimal integer, as Mobizon writes ids.
func isInt(s string) bool {
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

// isCanonicalTs reports yyyy-mm-dd hh:mm:ss, the documented form.
func isCanonicalTs(s string) bool { return canonicalTs.MatchString(s) }
