package webhook

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"codedesk/model/ru"
)

const (
	adviceAnswerFirst = "Отвечайте 200 сразу, как только приняли запрос, а обрабатывайте потом (очередь, фоновая задача): иначе Mobizon сочтёт доставку неудачной и пришлёт её снова."
	adviceDedup       = "Повторы неизбежны: отбрасывайте уже обработанные eventId (у повтора тот же eventId, но другие attempt и sign)."
	adviceFinalURL    = "Укажите в настройках вебхука конечный адрес, без перенаправлений: Mobizon следует не более чем за одним."
	adviceMethodLost  = "После перенаправления 301, 302 или 303 запрос приходит как GET без тела: укажите конечный адрес или перенаправляйте кодом 307/308."
	adviceLogs        = "Посмотрите журнал обработчика: ошибка на его стороне."
	adviceCert        = "Mobizon проверяет сертификат так же: поставьте сертификат публичного центра (например, Let's Encrypt) с полной цепочкой промежуточных."
	adviceReachable   = "Адрес должен быть доступен из интернета: не localhost и не внутренняя сеть, порт открыт в брандмауэре."
)

// explainNoAnswer: connected, but no answer before patience ran out.
func explainNoAnswer(d *Delivery, limit, patience time.Duration) {
	if patience > limit {
		d.Message = fmt.Sprintf("соединение есть, но ответа нет и через %s, а Mobizon ждёт не дольше %s: доставка не удалась", ru.Duration(patience), ru.Duration(limit))
	} else {
		d.Message = fmt.Sprintf("соединение есть, но ответа нет за %s — дольше Mobizon не ждёт: доставка не удалась", ru.Duration(limit))
	}
	d.Advice = []string{adviceAnswerFirst, adviceDedup}
}

// explainAnswer says what an answer means for the customer.
func explainAnswer(d *Delivery, limit time.Duration, finalMethod string) {
	status := fmt.Sprintf("%d %s", d.HTTPStatus, http.StatusText(d.HTTPStatus))
	took := ru.Duration(d.Elapsed)
	switch d.Problem {
	case "":
		d.Message = fmt.Sprintf("доставлено: %s за %s (Mobizon ждёт до %s)", status, took, ru.Duration(limit))
	case "slow":
		d.Message = fmt.Sprintf("ответ %s пришёл через %s — на %s позже, чем Mobizon ждёт (%s): доставка засчитана бы как неудачная и повторена", status, took, ru.Duration(d.Elapsed-limit), ru.Duration(limit))
		d.Advice = []string{adviceAnswerFirst, adviceDedup}
	case "too-many-redirects":
		d.Message = fmt.Sprintf("%s: перенаправлений больше одного, а Mobizon следует только за первым — доставка не удалась", plural(len(d.Redirects), "перенаправление", "перенаправления", "перенаправлений"))
		d.Advice = []string{adviceFinalURL}
	case "redirect":
		d.Message = fmt.Sprintf("ответ %s — перенаправление, за которым Mobizon не пойдёт: доставка не удалась", status)
		d.Advice = []string{adviceFinalURL}
	default:
		d.Message = fmt.Sprintf("ответ %s за %s: Mobizon засчитывает только 200–299", status, took)
		d.Advice = statusAdvice(d.HTTPStatus)
	}
	if len(d.Redirects) > 0 && finalMethod == http.MethodGet {
		d.Message += "; после перенаправления запрос пришёл как GET без тела"
		d.Advice = append(d.Advice, adviceMethodLost)
	}
}

// statusAdvice is what a 4xx or 5xx from a webhook handler usually means.
func statusAdvice(status int) []string {
	switch {
	case status == 401 || status == 403:
		return []string{"Обработчик отверг запрос: если он проверяет подпись, сверьте секрет (codedesk webhook verify); Mobizon не шлёт ни логина, ни токена."}
	case status == 404:
		return []string{"По этому пути обработчика нет: проверьте адрес в настройках вебхука."}
	case status == 405:
		return []string{"Обработчик не принимает POST: Mobizon шлёт вебхуки только методом POST."}
	case status == 400 || status == 415 || status == 422:
		return []string{"Обработчик не принял тело: Mobizon шлёт JSON (Content-Type: application/json) с полями eventId, eventType, eventCreateTs, webhookId, attempt, data, sign."}
	case status == 413:
		return []string{"Обработчик счёл тело слишком большим, хотя вебхук занимает несколько сотен байт: проверьте ограничения сервера."}
	case status == 429:
		return []string{"Обработчик ограничивает частоту запросов: не ограничивайте адреса Mobizon, иначе доставки будут повторяться."}
	case status >= 500:
		return []string{adviceLogs, adviceAnswerFirst}
	}
	return nil
}

// explainNetwork says why no answer came.
func explainNetwork(d *Delivery, err error, secret Secret) {
	var dnsErr *net.DNSError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var record tls.RecordHeaderError
	var certErr *tls.CertificateVerificationError
	switch {
	case errors.As(err, &dnsErr):
		d.Problem, d.Message = "dns", fmt.Sprintf("имя %s не найдено в DNS", quote(dnsErr.Name))
		d.Advice = []string{"Проверьте имя хоста в адресе вебхука и его DNS-запись."}
	case errors.Is(err, syscall.ECONNREFUSED):
		d.Problem, d.Message = "refused", "соединение отвергнуто: по этому адресу и порту никто не слушает"
		d.Advice = []string{"Запустите обработчик или проверьте порт в адресе.", adviceReachable}
	case errors.As(err, &unknownAuth):
		d.Problem, d.Message = "tls", "сертификат выдан неизвестным центром (самоподписанный или без промежуточных сертификатов)"
		d.Advice = []string{adviceCert}
	case errors.As(err, &hostErr):
		d.Problem, d.Message = "tls", fmt.Sprintf("сертификат выдан на другое имя: %s", line(secret.scrub(hostErr.Error())))
		d.Advice = []string{adviceCert}
	case errors.As(err, &invalid):
		d.Problem, d.Message = "tls", fmt.Sprintf("сертификат недействителен (просрочен или ещё не действует): %s", line(secret.scrub(invalid.Error())))
		d.Advice = []string{adviceCert}
	case errors.As(err, &certErr):
		d.Problem, d.Message = "tls", fmt.Sprintf("сертификат не прошёл проверку: %s", line(secret.scrub(certErr.Error())))
		d.Advice = []string{adviceCert}
	case errors.As(err, &record), strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		d.Problem, d.Message = "tls", "по этому адресу отвечают не по TLS: может быть, нужен http://, а не https://"
		d.Advice = []string{"Проверьте схему и порт в адресе вебхука."}
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		d.Problem, d.Message = "timeout", fmt.Sprintf("не удалось соединиться за %s", ru.Duration(d.Elapsed))
		d.Advice = []string{adviceReachable}
	default:
		d.Problem, d.Message = "network", "сетевая ошибка: "+line(secret.scrub(unwrapURL(err).Error()))
		d.Advice = []string{adviceReachable}
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// unwrapURL drops the "Post "…":" prefix of a client error: the URL is
// shown on its own, with a password masked.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
