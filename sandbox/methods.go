package sandbox

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// faultRecipients make message/sendSmsMessage fail on the server side, one
// number per fault code, like a payment provider's test card numbers.
var faultRecipients = map[string]answer{
	"77000000003": fail(3, "Неопознанная ошибка приложения (песочница)", nil),
	"77000000009": fail(9, "Нет доступа к методу (песочница)", nil),
	"77000000010": fail(10, "Данные изменены другим запросом во время сохранения (песочница)", nil),
	"77000000015": fail(15, "Оператор временно не принимает сообщения (песочница)", nil),
	"77000000999": fail(999, "Общая ошибка (песочница)", nil),
}

// recipientFaults give per-recipient codes in campaign/addRecipients by the
// last four digits of the number.
var recipientFaults = map[string]int{
	"0002": 2, // number not found
	"0005": 5, // on a stop list
	"0006": 6, // country blocked by account settings
	"0007": 7, // operator or country unknown
	"0008": 8, // no route to the operator
}

// rejectedGroup is the recipient group whose background upload is rejected.
const rejectedGroup = "3"

func (s *Sandbox) call(method string, f form) answer {
	switch method {
	case "user/getownbalance":
		return ok(map[string]string{"balance": "1520.7500", "currency": "KZT"})
	case "message/sendsmsmessage", "message/getsmsstatus", "message/list":
		return s.callMessage(method, f)
	case "campaign/list", "link/list":
		return ok(map[string]any{"items": []any{}, "totalItemCount": "0"})
	case "campaign/create":
		return s.createCampaign(f)
	case "campaign/addrecipients":
		return s.addRecipients(f)
	case "campaign/send":
		return s.campaignAction(f, s.sendCampaign)
	case "campaign/delete":
		return s.campaignAction(f, func(c *campaign) answer {
			if c.status != "READY_FOR_SEND" {
				return fail(10, "Рассылку, которая уже отправляется, удалить нельзя", nil)
			}
			delete(s.campaigns, c.id)
			return ok(nil)
		})
	case "campaign/get", "campaign/getinfo":
		return s.campaignAction(f, func(c *campaign) answer {
			return ok(map[string]any{"id": strconv.Itoa(c.id), "text": c.text, "status": c.status, "recipients": strconv.Itoa(len(c.recipients))})
		})
	case "link/create":
		full := f.get("data[fullLink]")
		if full == "" {
			return fail(11, "Не передан обязательный параметр data[fullLink]", nil)
		}
		if u, err := url.Parse(full); err != nil || u.Scheme == "" || u.Host == "" {
			return fail(1, "Ошибка валидации", map[string]string{"fullLink": "Нужен полный адрес с http:// или https://"})
		}
		return ok(map[string]any{"id": strconv.Itoa(s.newID()), "fullLink": full, "shortLink": "https://mbz.kz/sbx"})
	case "link/get":
		if f.get("id") == "" && f.get("code") == "" && f.get("shortLink") == "" {
			return fail(12, "Нужен один из параметров id, code или shortLink", nil)
		}
		return fail(2, "Ссылка не найдена", nil)
	case "link/getlinks":
		if f.get("campaignId") == "" {
			return fail(11, "Не передан обязательный параметр campaignId", nil)
		}
		return s.campaignByID(f.get("campaignId"), func(*campaign) answer { return ok([]any{}) })
	case "link/getstats":
		ids := f.list("ids")
		if len(ids) == 0 {
			return fail(11, "Не передан обязательный параметр ids", nil)
		}
		if len(ids) > 5 {
			return fail(12, "Не больше 5 ссылок за запрос", nil)
		}
		switch f.get("type") {
		case "", "monthly", "daily", "hourly", "minute":
		default:
			return fail(12, fmt.Sprintf("Неизвестный type %q", f.get("type")), nil)
		}
		return ok([]any{})
	case "link/delete":
		ids := f.list("ids")
		if len(ids) == 0 {
			return fail(11, "Не передан обязательный параметр ids", nil)
		}
		return ok(map[string]any{"processed": []string{}, "notProcessed": ids})
	case "link/update":
		if f.get("id") == "" {
			return fail(11, "Не передан обязательный параметр id", nil)
		}
		return fail(2, "Ссылка не найдена", nil)
	case "taskqueue/getstatus":
		return s.taskStatus(f)
	}
	return fail(5, "Метод не реализован в песочнице", nil)
}

func (s *Sandbox) newID() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	return s.nextID
}

func isPhone(n string) bool {
	if len(n) < 11 || len(n) > 15 {
		return false
	}
	for _, r := range n {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func (s *Sandbox) createCampaign(f form) answer {
	if f.get("data[text]") == "" {
		return fail(11, "Не передан обязательный параметр data[text]", nil)
	}
	if t := f.get("data[type]"); t != "" && t != "1" && t != "2" && t != "3" {
		return fail(1, "Ошибка валидации", map[string]string{"type": "Тип рассылки — 1, 2 или 3"})
	}
	if len([]rune(f.get("data[name]"))) > 255 {
		return fail(1, "Ошибка валидации", map[string]string{"name": "Не длиннее 255 символов"})
	}
	id := s.newID()
	s.mu.Lock()
	s.campaigns[id] = &campaign{id: id, text: f.get("data[text]"), status: "READY_FOR_SEND"}
	s.mu.Unlock()
	return ok(strconv.Itoa(id))
}

func (s *Sandbox) campaignAction(f form, do func(*campaign) answer) answer {
	if f.get("id") == "" {
		return fail(11, "Не передан обязательный параметр id", nil)
	}
	return s.campaignByID(f.get("id"), do)
}

func (s *Sandbox) campaignByID(raw string, do func(*campaign) answer) answer {
	id, err := strconv.Atoi(raw)
	s.mu.Lock()
	defer s.mu.Unlock()
	c, found := s.campaigns[id]
	if err != nil || !found {
		return fail(2, fmt.Sprintf("Рассылка %s не найдена", raw), nil)
	}
	return do(c)
}

func (s *Sandbox) addRecipients(f form) answer {
	if f.get("id") == "" {
		return fail(11, "Не передан обязательный параметр id", nil)
	}
	kinds := 0
	for _, k := range []string{"recipients", "recipientContacts", "recipientGroups", "recipientsFile"} {
		if f.has(k) {
			kinds++
		}
	}
	if kinds != 1 {
		return fail(12, "Нужен ровно один вид получателей: recipients, recipientContacts, recipientGroups или recipientsFile", nil)
	}
	numbers := f.list("recipients")
	if len(numbers) > 500 {
		return fail(12, "Не больше 500 получателей за вызов", nil)
	}
	id, _ := strconv.Atoi(f.get("id"))
	s.mu.Lock()
	c, found := s.campaigns[id]
	locked := found && c.status != "READY_FOR_SEND"
	s.mu.Unlock()
	if !found {
		return fail(2, fmt.Sprintf("Рассылка %s не найдена", f.get("id")), nil)
	}
	if locked {
		return fail(10, "Рассылка заблокирована: идёт отправка", nil)
	}
	if groups := f.list("recipientGroups"); len(groups) > 0 || f.has("recipientsFile") {
		t := &task{id: s.newID(), created: s.opts.Now()}
		for _, g := range groups {
			t.reject = t.reject || g == rejectedGroup
		}
		s.mu.Lock()
		s.tasks[t.id] = t
		s.mu.Unlock()
		return answer{code: 100, data: strconv.Itoa(t.id)}
	}
	if f.has("recipientContacts") {
		return ok(nil)
	}
	seen := map[string]bool{}
	items := make([]map[string]any, 0, len(numbers))
	failed := 0
	for _, raw := range numbers {
		n := strings.TrimPrefix(strings.TrimSpace(raw), "+")
		code := 0
		switch {
		case n == "":
			code = 1
		case !isPhone(n):
			code = 3
		case seen[n]:
			code = 4
		case len(n) >= 4 && recipientFaults[n[len(n)-4:]] != 0:
			code = recipientFaults[n[len(n)-4:]]
		}
		seen[n] = true
		item := map[string]any{"recipient": raw, "code": code, "number": n}
		if code == 0 {
			id := s.newID()
			item["messageId"] = strconv.Itoa(id)
			s.mu.Lock()
			c.recipients = append(c.recipients, n)
			c.messageIDs = append(c.messageIDs, id)
			s.addMessage(&message{id: id, campaignID: c.id, to: n, text: c.text})
			s.mu.Unlock()
		} else {
			failed++
		}
		items = append(items, item)
	}
	switch {
	case failed == 0:
		return ok(items)
	case failed < len(items):
		return answer{code: 98, message: fmt.Sprintf("Добавлено %d из %d получателей", len(items)-failed, len(items)), data: items}
	}
	return answer{code: 99, message: "Ни один получатель не добавлен: проверьте номера", data: items}
}

func (s *Sandbox) taskStatus(f form) answer {
	raw := f.get("id")
	if raw == "" {
		return fail(11, "Не передан обязательный параметр id", nil)
	}
	id, err := strconv.Atoi(raw)
	if err != nil {
		return fail(11, fmt.Sprintf("ID задачи %q — не число", raw), nil)
	}
	s.mu.Lock()
	t, found := s.tasks[id]
	s.mu.Unlock()
	if !found {
		return fail(2, fmt.Sprintf("Задача %d не найдена", id), nil)
	}
	st := t.state(s.opts.Now(), s.opts.TaskDuration)
	if st["status"] == strconv.Itoa(taskRejected) {
		// The real API may say why in message, next to code 0.
		return answer{code: 0, message: RejectedTaskReason, data: st}
	}
	return ok(st)
}

// taskRejected is the status of a rejected task.
const taskRejected = 3

// RejectedTaskReason is the message of the getStatus answer that reports a
// rejected task (recipientGroups[]=3), as the real API may give its reason.
const RejectedTaskReason = "Загрузка получателей отклонена: группа контактов 3 недоступна для рассылки"

// state is where a task stands at now: waiting for its first 30%, then
// running to the end of its duration; a rejected task stops at 60%.
func (t *task) state(now time.Time, total time.Duration) map[string]string {
	elapsed := now.Sub(t.created)
	wait := total * 3 / 10
	status, progress := 0, 0
	switch {
	case elapsed < wait:
	case t.reject && elapsed >= wait+(total-wait)*3/5:
		status, progress = taskRejected, 60
	case elapsed >= total:
		status, progress = 2, 100
	default:
		status, progress = 1, int(100*(elapsed-wait)/(total-wait))
	}
	return map[string]string{"status": strconv.Itoa(status), "progress": strconv.Itoa(progress)}
}
