package model

import (
	"encoding/json"
	"strings"
)

// AnswerSucceeded reports whether an answer means the call did what was
// asked: codes 0 and 100 (accepted, finishing in the background) succeed,
// as the official client counts them, except a background task that
// taskqueue/getStatus reports rejected (status 3). Every other code fails.
func AnswerSucceeded(method string, code int, data json.RawMessage) bool {
	switch code {
	case 0:
		if strings.EqualFold(method, TaskStatusMethod) {
			if st, err := ParseTaskState(data); err == nil && st.Status == TaskRejected {
				return false
			}
		}
		return true
	case 100:
		return true
	}
	return false
}
