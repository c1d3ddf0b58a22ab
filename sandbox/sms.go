package sandbox

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"codedesk/model/delivery"
)

// maxStatusIDs is how many ids getSMSStatus takes in one call.
const maxStatusIDs = 100

func (s *Sandbox) callMessage(method string, f form) answer {
	switch method {
	case "message/sendsmsmessage":
		return s.sendSMS(f)
	case "message/getsmsstatus":
		s.sweep()
		return s.smsStatus(f)
	}
	s.sweep()
	return s.messageList(f)
}

func (s *Sandbox) sendSMS(f form) answer {
	var missing []string
	for _, p := range []string{"recipient", "text"} {
		if f.get(p) == "" {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		return fail(11, "Не переданы обязательные параметры: "+strings.Join(missing, ", "), nil)
	}
	recipient := strings.TrimPrefix(f.get("recipient"), "+")
	if a, isFault := faultRecipients[recipient]; isFault {
		return a
	}
	now := s.opts.Now()
	invalid, start := sendParamErrors(f, recipient, now)
	if len(invalid) > 0 {
		return fail(1, "Ошибка валидации параметров", invalid)
	}
	id := s.newID()
	s.mu.Lock()
	s.addMessage(&message{id: id, campaignID: id + 5000, from: f.get("from"), to: recipient, text: f.Values.Get("text"), start: start})
	s.mu.Unlock()
	return ok(map[string]string{"campaignId": strconv.Itoa(id + 5000), "messageId": strconv.Itoa(id), "status": "2"})
}

// sendParamErrors checks message/sendSmsMessage's parameters as the API
// does (field → error) and says when sending starts: now, or the deferred
// time.
func sendParamErrors(f form, recipient string, now time.Time) (map[string]string, time.Time) {
	invalid := map[string]string{}
	if !isPhone(recipient) {
		invalid["recipient"] = "Номер должен быть в международном формате: 11–15 цифр, например 77001234567"
	}
	if v := f.get("params[validity]"); v != "" {
		if n, err := strconv.Atoi(v); err != nil || n < delivery.MinValidity || n > delivery.MaxValidity {
			invalid["params[validity]"] = "Срок жизни — от 60 до 1440 минут"
		}
	}
	if v := f.get("params[shortenLinks]"); v != "" && v != "0" && v != "1" {
		invalid["params[shortenLinks]"] = "Допустимо 0 или 1"
	}
	start := now
	if v := f.get("params[deferredToTs]"); v != "" {
		at, err := time.ParseInLocation(delivery.TimeLayout, v, now.Location())
		if ahead := at.Sub(now); err != nil || ahead < delivery.MinDeferral || ahead > delivery.MaxDeferral {
			invalid["params[deferredToTs]"] = "Время отправки — от часа до 14 дней вперёд, в виде 2006-01-02 15:04:05"
		}
		start = at
	}
	return invalid, start
}

// sendCampaign starts a campaign's messages; s.mu is held.
func (s *Sandbox) sendCampaign(c *campaign) answer {
	if c.status != "READY_FOR_SEND" {
		return fail(10, "Статус рассылки не позволяет запустить её снова", nil)
	}
	c.status = "RUNNING"
	now := s.opts.Now()
	for _, id := range c.messageIDs {
		if m, ok := s.messages[id]; ok {
			m.start = now
		}
	}
	return ok(2)
}

func (s *Sandbox) smsStatus(f form) answer {
	ids := f.list("ids")
	if len(ids) == 0 {
		return fail(2, "Не передан ни один ID сообщения", nil)
	}
	if len(ids) > maxStatusIDs {
		return fail(12, fmt.Sprintf("Не больше %d ID за запрос", maxStatusIDs), nil)
	}
	now := s.opts.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	items := []map[string]any{}
	for _, raw := range ids {
		id, err := strconv.Atoi(raw)
		m, known := s.messages[id]
		if err != nil || !known {
			continue // unknown ids are silently left out, as the API does
		}
		items = append(items, s.statusItem(m, now))
	}
	return ok(items)
}

// listCriteria is what message/list filters by.
type listCriteria struct {
	to, from, text, status string
	campaigns              map[int]bool
	ranges                 []timeRange
}

type timeRange struct {
	field    string // startSendTs or statusUpdateTs
	from, to time.Time
}

func (s *Sandbox) messageList(f form) answer {
	crit, invalid := readListCriteria(f, s.opts.Now().Location())
	size, page := 25, 0
	if v := f.get("pagination[pageSize]"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && (n == 25 || n == 50 || n == 100) {
			size = n
		} else {
			invalid["pagination[pageSize]"] = "Размер страницы — 25, 50 или 100"
		}
	}
	if v := f.get("pagination[currentPage]"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			page = n
		} else {
			invalid["pagination[currentPage]"] = "Номер страницы — целое число от 0"
		}
	}
	sortField, desc, sortErr := readSort(f)
	if sortErr != "" {
		invalid["sort"] = sortErr
	}
	if len(invalid) > 0 {
		return fail(1, "Ошибка валидации параметров", invalid)
	}
	rows := s.listRows(crit, f.get("withNumberInfo") == "1")
	sortRows(rows, sortField, desc)
	total := len(rows)
	from := min(page*size, total)
	return ok(map[string]any{"items": rows[from:min(from+size, total)], "totalItemCount": strconv.Itoa(total)})
}

func readListCriteria(f form, loc *time.Location) (listCriteria, map[string]string) {
	invalid := map[string]string{}
	c := listCriteria{
		to: strings.TrimPrefix(f.get("criteria[to]"), "+"), from: f.get("criteria[from]"),
		text: f.Values.Get("criteria[text]"), status: strings.ToUpper(f.get("criteria[status]")),
	}
	if ids := f.list("criteria[campaignIds]"); len(ids) > 0 {
		c.campaigns = map[int]bool{}
		for i, raw := range ids {
			if i == maxStatusIDs {
				break // the docs: only the first 100 count
			}
			if n, err := strconv.Atoi(raw); err == nil {
				c.campaigns[n] = true
			}
		}
	}
	for _, field := range []string{"startSendTs", "statusUpdateTs"} {
		r := timeRange{field: field}
		for _, end := range []struct {
			suffix string
			t      *time.Time
		}{{"From", &r.from}, {"To", &r.to}} {
			name := "criteria[" + field + end.suffix + "]"
			if v := f.get(name); v != "" {
				t, err := time.ParseInLocation(delivery.TimeLayout, v, loc)
				if err != nil {
					invalid[name] = "Нужны дата и время вида ГГГГ-ММ-ДД ЧЧ:ММ:СС"
				}
				*end.t = t
			}
		}
		if !r.from.IsZero() || !r.to.IsZero() {
			c.ranges = append(c.ranges, r)
		}
	}
	return c, invalid
}

var sortFields = []string{"id", "campaignId", "from", "to", "text", "status", "startSendTs", "statusUpdateTs", "segNum"}

// readSort reads sort[field]=ASC|DESC; the default is by id, oldest first.
func readSort(f form) (field string, desc bool, problem string) {
	field = "id"
	for _, name := range sortFields {
		v := f.get("sort[" + name + "]")
		if v == "" {
			continue
		}
		switch strings.ToUpper(v) {
		case "ASC":
		case "DESC":
			desc = true
		default:
			return "", false, "Порядок сортировки — ASC или DESC"
		}
		return name, desc, ""
	}
	return field, false, ""
}

// listRows are the messages matching c, as message/list items.
func (s *Sandbox) listRows(c listCriteria, numberInfo bool) []map[string]any {
	now := s.opts.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	rows := []map[string]any{}
	for _, id := range s.order {
		m := s.messages[id]
		cur, sent := m.timeline(now, s.opts.DeliveryTime)
		if !c.matches(m, cur, sent) {
			continue
		}
		row := map[string]any{
			"id": strconv.Itoa(m.id), "campaignId": strconv.Itoa(m.campaignID), "from": m.from, "to": m.to,
			"text": m.text, "status": cur.status, "segNum": strconv.Itoa(m.segNum),
			"segUserBuy": fmt.Sprintf("%.4f", 7.5*float64(m.segNum)), "groups": "", "uuid": fmt.Sprintf("sandbox-%d", m.id),
			"startSendTs": apiTime(sent), "statusUpdateTs": apiTime(cur.at),
		}
		if numberInfo {
			row["countryA2"], row["operatorName"] = "KZ", "Sandbox Mobile"
		}
		rows = append(rows, row)
	}
	return rows
}

func (c listCriteria) matches(m *message, cur step, sent time.Time) bool {
	switch {
	case c.to != "" && !strings.Contains(m.to, c.to),
		c.from != "" && m.from != c.from,
		c.text != "" && m.text != c.text,
		c.status != "" && cur.status != c.status,
		c.campaigns != nil && !c.campaigns[m.campaignID]:
		return false
	}
	for _, r := range c.ranges {
		t := sent
		if r.field == "statusUpdateTs" {
			t = cur.at
		}
		if t.IsZero() || (!r.from.IsZero() && t.Before(r.from)) || (!r.to.IsZero() && t.After(r.to)) {
			return false
		}
	}
	return true
}

// sortRows orders rows by a field: numbers as numbers, times and text as
// text (the API's time format sorts as text); ties by id.
func sortRows(rows []map[string]any, field string, desc bool) {
	key := func(r map[string]any) string {
		v, _ := r[field].(string)
		switch field {
		case "id", "campaignId", "segNum":
			return fmt.Sprintf("%020s", v)
		}
		return v
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := key(rows[i]), key(rows[j])
		if a == b {
			return false
		}
		if desc {
			return a > b
		}
		return a < b
	})
}
