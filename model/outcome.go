package model

import (
	"encoding/json"
	"strings"
)

// AnswerSucceeded decides whether an answer with this code (and data) to the
// method ("module/method", as Request.Name gives it, any letter case; a bare
// method name is read the same) did what was asked. Codes 0 and 100
// succeed, any other code fails, with one exception: a taskqueue/getStatus
// answer with code 0 whose data says the task was rejected (status 3)
// reports a failure, even though the call itself went through. The
// history's "failed" filter and Explain use this one rule.
func AnswerSucceeded(method string, code int, data json.RawMessage) bool {
	if !IsSuccess(code) {
		return false
	}
	if code == 0 && isGetStatus(method) {
		if st, err := ParseTaskState(data); err == nil && st.Status == TaskRejected {
			return false
		}
	}
	return true
}

// isGetStatus reports taskqueue/getStatus, however it is written.
func isGetStatus(method string) bool {
	module, name, ok := strings.Cut(method, "/")
	if !ok {
		name = module
	} else if !strings.EqualFold(module, "taskqueue") {
		return false
	}
	return strings.EqualFold(name, "getStatus")
}
