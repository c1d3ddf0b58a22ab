package history

import (
	"cmp"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"codedesk/model"
)

// damageWords are the Russian names of the columns Call.Damaged names.
var damageWords = map[string]string{
	"uid": "uid", "at": "время", "agent": "автор", "server": "сервер", "module": "модуль", "method": "метод",
	"http_method": "HTTP-метод", "params": "параметры", "code": "код", "message": "сообщение", "data": "данные",
	"data_cut": "пометка обрезки", "error_kind": "вид ошибки", "error": "ошибка", "duration_ms": "длительность",
	"replay_of": "повтор", "source": "источник", "starred": "звезда", "note": "заметка", "note_author": "автор заметки",
	"note_at": "время заметки",
}

// DamageText says in Russian which fields of the call could not be read:
// "повреждены поля: параметры, данные"; "" for a sound call.
func (c Call) DamageText() string {
	if len(c.Damaged) == 0 {
		return ""
	}
	words := make([]string, 0, len(c.Damaged))
	for _, d := range c.Damaged {
		words = append(words, cmp.Or(damageWords[d], d))
	}
	if len(words) == 1 {
		return "повреждено поле: " + words[0]
	}
	return "повреждены поля: " + strings.Join(words, ", ")
}

// rowReader turns the loosely typed values of a SQLite row into a Call's
// fields, noting every column whose value is not what codedesk writes
// instead of failing the whole read.
type rowReader struct{ damaged []string }

func (r *rowReader) bad(col string) { r.damaged = append(r.damaged, col) }

// text is a TEXT column; NULL is "".
func (r *rowReader) text(col string, v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	}
	r.bad(col)
	return ""
}

// integer is an INTEGER column; ok is false for NULL.
func (r *rowReader) integer(col string, v any) (n int64, ok bool) {
	switch x := v.(type) {
	case nil:
		return 0, false
	case int64:
		return x, true
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case string:
		if n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64); err == nil {
			return n, true
		}
	}
	r.bad(col)
	return 0, false
}

func (r *rowReader) nullable(col string, v any) *int64 {
	if n, ok := r.integer(col, v); ok {
		return &n
	}
	return nil
}

func (r *rowReader) flag(col string, v any) bool {
	n, _ := r.integer(col, v)
	return n != 0
}

// params decodes the JSON list of parameters.
func (r *rowReader) params(v any) []model.Param {
	var ps []model.Param
	if raw := r.text("params", v); json.Unmarshal([]byte(raw), &ps) != nil {
		if len(r.damaged) == 0 || r.damaged[len(r.damaged)-1] != "params" {
			r.bad("params")
		}
		return nil
	}
	return ps
}

// data is the stored JSON data. Data that is not JSON comes back as valid
// JSON (validData: a cut mark for what an older codedesk cut mid-value, a
// string otherwise), fixed says so; data not cut is then damage.
func (r *rowReader) data(v any, cut bool) (data []byte, fixed bool) {
	var b []byte
	switch x := v.(type) {
	case nil:
		return nil, false
	case []byte:
		b = x
	case string:
		b = []byte(x)
	default:
		r.bad("data")
		return nil, false
	}
	if len(b) == 0 || json.Valid(b) {
		return b, false
	}
	if !cut {
		r.bad("data")
	}
	return validData(b, cut), true
}

// millis is a unix-milliseconds column as a time.
func (r *rowReader) millis(col string, v any) *time.Time {
	n, ok := r.integer(col, v)
	if !ok {
		return nil
	}
	t := time.UnixMilli(n)
	return &t
}
