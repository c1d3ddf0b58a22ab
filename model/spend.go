package model

import "strings"

// spendingMethods send real SMS and spend the customer's money: resending
// them (a replay after a fix, say) needs consent, because a call that timed
// out may well have been delivered.
var spendingMethods = []string{
	"message/sendSmsMessage",
	"campaign/send",
	"campaign/addRecipients",
}

// SpendsMoney reports a method that sends messages.
func SpendsMoney(method string) bool {
	for _, m := range spendingMethods {
		if strings.EqualFold(strings.TrimSpace(method), m) {
			return true
		}
	}
	return false
}

// Recipients names whom a sending call would reach, for a consent prompt:
// the recipient parameters' values, at most max of them.
func Recipients(req Request, max int) (names []string, total int) {
	for _, p := range req.Params {
		k := strings.ToLower(p.Key)
		if k == "recipient" || k == "id" && strings.EqualFold(req.Name(), "campaign/send") ||
			strings.HasPrefix(k, "recipients[") || strings.HasPrefix(k, "recipientgroups[") ||
			strings.HasPrefix(k, "recipientcontacts[") {
			total++
			if len(names) < max {
				names = append(names, p.Value)
			}
		}
	}
	return names, total
}
