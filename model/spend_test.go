package model

import "testing"

func TestSpendsMoney(t *testing.T) {
	for _, m := range []string{"message/sendSmsMessage", "message/sendsmsmessage", "campaign/send", "CAMPAIGN/addRecipients"} {
		if !SpendsMoney(m) {
			t.Errorf("%s spends nothing?", m)
		}
	}
	for _, m := range []string{"user/getOwnBalance", "message/getSMSStatus", "campaign/create", "taskqueue/getStatus"} {
		if SpendsMoney(m) {
			t.Errorf("%s spends money?", m)
		}
	}
	req := Request{Module: "campaign", Method: "addRecipients", Params: []Param{{Key: "id", Value: "1"},
		{Key: "recipients[]", Value: "77001"}, {Key: "recipients[]", Value: "77002"}, {Key: "recipients[]", Value: "77003"}}}
	names, total := Recipients(req, 2)
	if total != 3 || len(names) != 2 || names[0] != "77001" {
		t.Errorf("Recipients = %v, %d", names, total)
	}
}
