package model

import "testing"

func TestAnswerSucceeded(t *testing.T) {
	cases := []struct {
		method string
		code   int
		data   string
		want   bool
	}{
		{"message/sendSmsMessage", 0, `{"messageId":"1"}`, true},
		{"campaign/send", 100, `"77"`, true},
		{"message/sendSmsMessage", 30, ``, false},
		{"campaign/addRecipients", 98, `[]`, false},
		{"user/getOwnBalance", 8, `null`, false},
		// A followed task: finished, running, rejected.
		{"taskqueue/getStatus", 0, `{"status":2,"progress":100}`, true},
		{"taskqueue/getStatus", 0, `{"status":"1","progress":"40"}`, true},
		{"taskqueue/getStatus", 0, `{"status":3,"progress":10}`, false},
		{"taskqueue/getStatus", 0, `{"status":"3"}`, false},
		{"TaskQueue/GETSTATUS", 0, `{"status":3}`, false},
		{"getStatus", 0, `{"status":3}`, false},
		// Status 3 means "rejected" only for getStatus.
		{"message/getSMSStatus", 0, `{"status":3}`, true},
		{"other/getStatus", 0, `{"status":3}`, true},
		// Data that cannot be read as a task state does not turn a 0 into a failure.
		{"taskqueue/getStatus", 0, `not json`, true},
		{"taskqueue/getStatus", 0, ``, true},
		// A getStatus that itself failed fails, whatever its data.
		{"taskqueue/getStatus", 2, `{"status":2}`, false},
	}
	for _, c := range cases {
		if got := AnswerSucceeded(c.method, c.code, []byte(c.data)); got != c.want {
			t.Errorf("AnswerSucceeded(%q, %d, %s) = %v, want %v", c.method, c.code, c.data, got, c.want)
		}
	}
}
