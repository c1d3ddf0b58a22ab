package delivery

import (
	"encoding/json"
	"errors"
	"testing"

	"codedesk/model"
)

// A watch passes on its first round, each change and every failure; a
// round that asks the same ids and hears the same is dropped, per ids.
func TestOnlyChangesKeepsTheFirstRoundAndEachChange(t *testing.T) {
	var seen []string
	on := OnlyChanges(func(req model.Request, resp model.Response, err error) {
		seen = append(seen, req.Params[0].Value+":"+string(resp.Data))
	})
	ask := func(ids, data string, code int, err error) {
		on(model.Request{Params: []model.Param{{Key: "ids[]", Value: ids}}},
			model.Response{Envelope: model.Envelope{Code: code, Data: json.RawMessage(data)}}, err)
	}
	ask("1", `"NEW"`, 0, nil)
	ask("1", `"NEW"`, 0, nil)              // nothing moved
	ask("2", `"NEW"`, 0, nil)              // other ids: their first round
	ask("1", `"NEW"`, 30, nil)             // too often: an answer of its own
	ask("1", ``, 0, errors.New("timeout")) // no answer
	ask("1", `"DELIVRD"`, 0, nil)          // a change
	ask("1", `"DELIVRD"`, 0, nil)          // nothing moved
	want := []string{`1:"NEW"`, `2:"NEW"`, `1:"NEW"`, `1:`, `1:"DELIVRD"`}
	if len(seen) != len(want) {
		t.Fatalf("passed on %q, want %q", seen, want)
	}
	for i := range want {
		if seen[i] != want[i] {
			t.Errorf("round %d: %q, want %q", i, seen[i], want[i])
		}
	}
}
