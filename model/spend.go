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

// Reach is how much a sending call would send, as far as the call itself
// says: one message for each number or contact it names, and whole
// campaigns or contact groups, whose size only the API knows.
type Reach struct {
	Numbers   []string // recipient numbers and contact ids: one message each
	Campaigns []string // campaign/send: every recipient of these campaigns
	Groups    []string // recipientGroups: every contact of these groups
}

// ReachOf is what req would send; nothing for a method that sends nothing.
func ReachOf(req Request) Reach {
	var r Reach
	if !SpendsMoney(req.Name()) {
		return r
	}
	campaignSend := strings.EqualFold(req.Name(), "campaign/send")
	for _, p := range req.Params {
		k := strings.ToLower(strings.TrimSpace(p.Key))
		switch {
		case k == "id" && campaignSend:
			r.Campaigns = append(r.Campaigns, p.Value)
		case strings.HasPrefix(k, "recipientgroups["):
			r.Groups = append(r.Groups, p.Value)
		case k == "recipient", strings.HasPrefix(k, "recipientcontacts["), recipientNumberKey(k):
			r.Numbers = append(r.Numbers, p.Value)
		}
	}
	return r
}

// recipientNumberKey is a key of campaign/addRecipients that holds one
// number: recipients[], recipients[0], recipients[0][recipient] (not the
// same recipient's [name] or other fields).
func recipientNumberKey(k string) bool {
	rest, ok := strings.CutPrefix(k, "recipients[")
	if !ok {
		return false
	}
	_, field, ok := strings.Cut(rest, "]")
	return ok && (field == "" || field == "[recipient]")
}

// Messages is how many messages the named numbers and contacts get.
func (r Reach) Messages() int { return len(r.Numbers) }

// Unknown reports a call that names no recipient at all.
func (r Reach) Unknown() bool {
	return len(r.Numbers) == 0 && len(r.Campaigns) == 0 && len(r.Groups) == 0
}

// Add is r and o together.
func (r Reach) Add(o Reach) Reach {
	return Reach{
		Numbers:   append(r.Numbers[:len(r.Numbers):len(r.Numbers)], o.Numbers...),
		Campaigns: append(r.Campaigns[:len(r.Campaigns):len(r.Campaigns)], o.Campaigns...),
		Groups:    append(r.Groups[:len(r.Groups):len(r.Groups)], o.Groups...),
	}
}
