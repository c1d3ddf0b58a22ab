package model

import (
	"fmt"
	"strings"
	"testing"
)

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

// A campaign or a group is sent whole, whatever its size: never counted as
// one message.
func TestReachCountsWhatACallSays(t *testing.T) {
	req := func(method string, kv ...string) Request {
		module, name, _ := strings.Cut(method, "/")
		r := Request{Module: module, Method: name}
		for i := 0; i < len(kv); i += 2 {
			r.Params = append(r.Params, Param{Key: kv[i], Value: kv[i+1]})
		}
		return r
	}
	cases := []struct {
		req  Request
		want Reach
	}{
		{req("message/sendSmsMessage", "recipient", "77001234567", "text", "x"), Reach{Numbers: []string{"77001234567"}}},
		{req("campaign/send", "id", "424242"), Reach{Campaigns: []string{"424242"}}},
		{req("campaign/addRecipients", "id", "1", "recipients[0][recipient]", "77001", "recipients[0][name]", "Айгерим",
			"recipients[1][recipient]", "77002", "recipients[]", "77003"), Reach{Numbers: []string{"77001", "77002", "77003"}}},
		{req("campaign/addRecipients", "id", "1", "recipientGroups[]", "7", "recipientContacts[]", "12"), Reach{Numbers: []string{"12"}, Groups: []string{"7"}}},
		{req("user/getOwnBalance"), Reach{}},
	}
	for _, tc := range cases {
		if got := ReachOf(tc.req); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("ReachOf(%s %v) = %+v, want %+v", tc.req.Name(), tc.req.Params, got, tc.want)
		}
	}
	sum := ReachOf(cases[0].req).Add(ReachOf(cases[1].req)).Add(ReachOf(cases[3].req))
	if sum.Messages() != 2 || len(sum.Campaigns) != 1 || len(sum.Groups) != 1 || sum.Unknown() || !ReachOf(req("campaign/send")).Unknown() {
		t.Errorf("the sum: %+v", sum)
	}
}
