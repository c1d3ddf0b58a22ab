package webhook

import (
	"crypto/subtle"
	"fmt"
	"strconv"
	"strings"
)

// alternative is one documented mistake: the four values as the mistaken
// signer would have hashed them, and what that means.
type alternative struct {
	cause Cause
	parts [4]string
	say   string
}

// The docs' own sample payload (eventId 26, attempt 1). Its sign was not
// made with the secret the docs use in their code example, so a customer
// who pastes it never sees it verify.
const (
	docsSampleID   = "26"
	docsSampleTs   = "2026-01-15 11:42:28"
	docsSampleType = EventDeliveryReport
)

// maxDiagnosed bounds the signed values worth trying alternatives on:
// Mobizon's are a few dozen bytes, and a hundred hashes of a megabyte
// would let one forged request cost a listener a second.
const maxDiagnosed = 512

// diagnose names why p's sign does not match with secret.
func diagnose(p *Payload, secret Secret) (Cause, string, string) {
	sign := p.Sign
	lower := strings.ToLower(sign)
	switch {
	case len(sign) != 40 || !isHex(lower):
		return CauseSignMalformed, fmt.Sprintf("sign %s не похож на подпись: Mobizon шлёт 40 строчных шестнадцатеричных знаков SHA-1", quote(secret.scrub(sign))), ""
	case lower != sign && equal(lower, signParts([4]string{p.EventID, p.Attempt, p.EventCreateTs, string(secret)})):
		return CauseSignUpperCase, "цифры подписи верны, но записаны заглавными буквами: Mobizon шлёт строчные, сравнивайте строчные", ""
	case p.EventID == docsSampleID && p.Attempt == "1" && p.EventCreateTs == docsSampleTs && p.EventType == docsSampleType:
		return CauseDocsSample, "это пример из документации Mobizon (eventId 26, attempt 1): его sign сделан не тем секретом, что показан в примере кода там же, и ни с каким вашим секретом он не сойдётся. Проверьте настоящую доставку (codedesk webhook listen) или пошлите себе пример (codedesk webhook send)", ""
	}
	if len(p.EventID)+len(p.Attempt)+len(p.EventCreateTs) > maxDiagnosed {
		return CauseWrongSecret, "подпись не сходится; значения eventId, attempt и eventCreateTs слишком длинные для вебхука Mobizon, и типичные ошибки для них не проверялись", ""
	}
	for _, alt := range alternatives(p, secret) {
		if equal(lower, signParts(alt.parts)) {
			return alt.cause, alt.say, maskedJoin(alt.parts, secret)
		}
	}
	return CauseWrongSecret, "подпись не сходится ни с этим секретом, ни с одной из типичных ошибок (порядок полей, номер попытки, переписанные числа и время): скорее всего, секрет не тот — у каждого вебхука свой, — или тело изменили после отправки", ""
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !(s[i] >= '0' && s[i] <= '9' || s[i] >= 'a' && s[i] <= 'f') {
			return false
		}
	}
	return true
}

// alternatives are the documented mistakes, most telling first.
func alternatives(p *Payload, secret Secret) []alternative {
	id, attempt, ts, key := p.EventID, p.Attempt, p.EventCreateTs, string(secret)
	var alts []alternative
	if trimmed := strings.TrimSpace(key); trimmed != key && trimmed != "" {
		alts = append(alts, alternative{CauseSecretWhitespace, [4]string{id, attempt, ts, trimmed},
			"подпись сходится с секретом без пробелов и перевода строки по краям: в переменной или файле с секретом лишние символы"})
	}
	alts = append(alts, attemptAlternatives(id, attempt, ts, key)...)
	alts = append(alts, numberAlternatives(id, attempt, ts, key)...)
	for _, t := range tsAlternatives(ts) {
		alts = append(alts, alternative{CauseTimestampReformatted, [4]string{id, attempt, t.text, key}, t.say})
	}
	alts = append(alts, quotedAlternatives(id, attempt, ts, key)...)
	return append(alts, orderAlternatives(id, attempt, ts, key)...)
}

// attemptAlternatives: a sign made for another attempt of the same event.
func attemptAlternatives(id, attempt, ts, key string) []alternative {
	n, err := strconv.Atoi(attempt)
	if err != nil {
		return nil
	}
	var alts []alternative
	for k := 1; k <= MaxAttempts; k++ {
		if k == n {
			continue
		}
		alts = append(alts, alternative{CauseAttemptChanged, [4]string{id, strconv.Itoa(k), ts, key},
			fmt.Sprintf("подпись сделана для попытки %d, а в теле attempt = %d: Mobizon считает подпись заново на каждой попытке — берите attempt из этого же тела и не храните подпись первой попытки", k, n)})
	}
	return alts
}

// numberAlternatives: eventId or attempt re-formatted by a JSON library
// (26 ↔ 26.0), on either side.
func numberAlternatives(id, attempt, ts, key string) []alternative {
	var alts []alternative
	forms := func(name, value string) []struct{ text, say string } {
		var out []struct{ text, say string }
		if canon, ok := canonicalInt(value); ok && canon != value {
			out = append(out, struct{ text, say string }{canon, fmt.Sprintf("в теле %s = %s, а подписано %s: тело переписала JSON-библиотека (целое число стало дробным) — считайте подпись по исходному тексту тела", name, quote(value), canon)})
		}
		if isInt(value) {
			out = append(out, struct{ text, say string }{value + ".0", fmt.Sprintf("подпись сделана по %s = %s.0: код подписи превращает целое число в дробное — берите значение как текст тела", name, value)})
		}
		return out
	}
	for _, f := range forms("eventId", id) {
		alts = append(alts, alternative{CauseNumberReformatted, [4]string{f.text, attempt, ts, key}, f.say})
	}
	for _, f := range forms("attempt", attempt) {
		alts = append(alts, alternative{CauseNumberReformatted, [4]string{id, f.text, ts, key}, f.say})
	}
	return alts
}

// quotedAlternatives: values hashed as JSON text, quotes included.
func quotedAlternatives(id, attempt, ts, key string) []alternative {
	q := func(s string) string { return strconv.Quote(s) }
	say := "подпись сделана по значениям в кавычках, как их пишет JSON (\"26\"): берите сами значения, без кавычек"
	return []alternative{
		{CauseNumbersQuoted, [4]string{q(id), attempt, ts, key}, say},
		{CauseNumbersQuoted, [4]string{q(id), q(attempt), ts, key}, say},
		{CauseNumbersQuoted, [4]string{q(id), q(attempt), q(ts), key}, say},
	}
}

// orderAlternatives: the four values joined in any other order.
func orderAlternatives(id, attempt, ts, key string) []alternative {
	names := [4]string{"eventId", "attempt", "eventCreateTs", "секрет"}
	values := [4]string{id, attempt, ts, key}
	var alts []alternative
	for _, perm := range permutations4() {
		var parts [4]string
		var order [4]string
		for i, j := range perm {
			parts[i], order[i] = values[j], names[j]
		}
		alts = append(alts, alternative{CauseFieldOrder, parts,
			fmt.Sprintf("подпись сделана в порядке %s, а Mobizon подписывает eventId|attempt|eventCreateTs|секрет", strings.Join(order[:], "|"))})
	}
	return alts
}

// permutations4 are the 23 orders of four things other than 0 1 2 3.
func permutations4() [][4]int {
	var out [][4]int
	for a := range 4 {
		for b := range 4 {
			for c := range 4 {
				d := 6 - a - b - c
				if a == b || a == c || b == c || d == a || d == b || d == c || d < 0 || d > 3 {
					continue
				}
				if a == 0 && b == 1 && c == 2 {
					continue
				}
				out = append(out, [4]int{a, b, c, d})
			}
		}
	}
	return out
}
