package webhook

// What to check when a sign does not match: the docs' list of typical
// mistakes, in our words. advice puts the one that was diagnosed first.
const (
	adviceSecret    = "Секрет: тот ли, что задан при создании именно этого вебхука в панели Mobizon (у каждого вебхука свой), без пробелов и перевода строки по краям."
	adviceOrder     = "Порядок: sha1 от eventId|attempt|eventCreateTs|секрет — именно в этом порядке, через вертикальную черту."
	adviceAttempt   = "attempt: берите из этого же тела; при каждом повторе Mobizon увеличивает attempt и считает подпись заново, eventId не меняется."
	adviceNumbers   = "Числа: eventId и attempt — текст тела как есть; JSON-библиотека может переписать 26 как 26.0 или «26»."
	adviceTs        = "eventCreateTs: как в теле, yyyy-mm-dd hh:mm:ss, без перевода в ISO (T, Z), в другой часовой пояс и без отбрасывания секунд."
	adviceRawBody   = "Тело: считайте подпись по сырому телу запроса; если фреймворк уже разобрал его (JSON-middleware, $_POST, модель запроса), значения могли измениться — читайте исходные байты до разбора."
	adviceCompare   = "Сравнение: подпись — 40 строчных шестнадцатеричных знаков; сравнивайте за постоянное время (hash_equals, hmac.compare_digest, subtle.ConstantTimeCompare)."
	adviceSecretSet = "Секретный ключ задаётся в панели Mobizon: API → Вебхуки → настройки вебхука. Без него Mobizon не подписывает доставки, и проверить их подлинность нельзя."
	adviceDocs      = "Пример из документации проверять бессмысленно: проверьте настоящую доставку (codedesk webhook listen) или пошлите себе подписанный пример (codedesk webhook send)."
)

// adviceByCause is the point of the checklist each cause belongs to.
var adviceByCause = map[Cause]string{
	CauseWrongSecret:          adviceSecret,
	CauseSecretWhitespace:     adviceSecret,
	CauseFieldOrder:           adviceOrder,
	CauseAttemptChanged:       adviceAttempt,
	CauseNumberReformatted:    adviceNumbers,
	CauseNumbersQuoted:        adviceNumbers,
	CauseTimestampReformatted: adviceTs,
	CauseSignUpperCase:        adviceCompare,
	CauseSignMalformed:        adviceCompare,
	CauseDocsSample:           adviceDocs,
}

// advice is the checklist for a mismatch, the diagnosed point first.
func advice(cause Cause) []string {
	first := adviceByCause[cause]
	list := []string{}
	if first != "" {
		list = append(list, first)
	}
	for _, a := range []string{adviceSecret, adviceOrder, adviceAttempt, adviceNumbers, adviceTs, adviceRawBody, adviceCompare} {
		if a != first {
			list = append(list, a)
		}
	}
	return list
}
