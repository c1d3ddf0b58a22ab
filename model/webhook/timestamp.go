package webhook

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// tsLayout is how Mobizon writes eventCreateTs.
const tsLayout = "2006-01-02 15:04:05"

// anyTs reads the forms a library turns eventCreateTs into: an ISO "T",
// fractions of a second, a time zone, seconds dropped.
var anyTs = regexp.MustCompile(`^([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(?:[.,][0-9]{1,9})?\s*(Z|[+-][0-9]{2}:?[0-9]{2})?$`)

// tsForm is one way eventCreateTs may have been written when it was signed.
type tsForm struct {
	text string
	say  string
}

// tsAlternatives are the texts the signer may have hashed, given the
// eventCreateTs of the body: when the body holds the documented form, the
// signer may have re-formatted it; when the body holds another form, the
// body was re-formatted after signing and the documented form was signed.
func tsAlternatives(ts string) []tsForm {
	m := anyTs.FindStringSubmatch(ts)
	if m == nil {
		return nil
	}
	wall, err := time.Parse("2006-01-02 15:04", m[1]+" "+m[2]+":"+m[3])
	if err != nil {
		return nil
	}
	if isCanonicalTs(ts) {
		wall = wall.Add(secondsOf(m[4]))
		return append(signerForms(wall), shiftedForms(wall, "подпись сделана по времени, переведённому в другой часовой пояс (на %+d ч): берите eventCreateTs как есть")...)
	}
	rewritten := fmt.Sprintf("в теле eventCreateTs = %s, а подписан исходный вид %%s: тело переписали после отправки (ISO, часовой пояс, секунды) — считайте подпись по исходному тексту тела", quote(ts))
	var forms []tsForm
	if m[4] == "" {
		for s := range 60 { // the seconds were dropped: any of them may have been signed
			t := wall.Add(time.Duration(s) * time.Second).Format(tsLayout)
			forms = append(forms, tsForm{t, fmt.Sprintf(rewritten, quote(t))})
		}
		return forms
	}
	wall = wall.Add(secondsOf(m[4]))
	forms = append(forms, tsForm{wall.Format(tsLayout), fmt.Sprintf(rewritten, quote(wall.Format(tsLayout)))})
	if m[5] != "" {
		forms = append(forms, shiftedForms(wall, "в теле время переведено в другой часовой пояс, а подписано исходное (сдвиг %+d ч): считайте подпись по исходному тексту тела")...)
	}
	return forms
}

func secondsOf(s string) time.Duration {
	n, _ := strconv.Atoi(s)
	return time.Duration(n) * time.Second
}

// signerForms are the ways a signer's code re-formats the documented time.
func signerForms(wall time.Time) []tsForm {
	say := "подпись сделана по eventCreateTs в другом виде (%s): берите eventCreateTs как текст тела, yyyy-mm-dd hh:mm:ss"
	var forms []tsForm
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04:05Z", "2006-01-02T15:04:05+00:00", "2006-01-02T15:04:05.000Z", "2006-01-02 15:04"} {
		t := wall.Format(layout)
		forms = append(forms, tsForm{t, fmt.Sprintf(say, quote(t))})
	}
	return forms
}

// shiftedForms are the documented form of wall moved by whole hours, as a
// time-zone conversion would move it.
func shiftedForms(wall time.Time, say string) []tsForm {
	var forms []tsForm
	for h := -14; h <= 14; h++ {
		if h != 0 {
			forms = append(forms, tsForm{wall.Add(time.Duration(h) * time.Hour).Format(tsLayout), fmt.Sprintf(say, h)})
		}
	}
	return forms
}
