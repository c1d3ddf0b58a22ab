package delivery

import (
	"bytes"
	"sync"

	"codedesk/model"
)

// OnlyChanges wraps an OnCall for a watch: a round that asks the same ids
// and gets the same answer as the round before it is not passed on, so the
// history keeps a watch as its first lookup and each change (with its
// time), not one row a second while nothing moves. A failed call, another
// code and any new answer are passed on. Safe for the goroutines of one
// watch.
func OnlyChanges(onCall func(model.Request, model.Response, error)) func(model.Request, model.Response, error) {
	var (
		mu   sync.Mutex
		last = map[string][]byte{} // the request's parameters → the data of its last answer passed on
	)
	return func(req model.Request, resp model.Response, err error) {
		if err == nil && resp.Code == 0 {
			asked := paramsKey(req.Params)
			mu.Lock()
			prev, seen := last[asked]
			same := seen && bytes.Equal(prev, resp.Data)
			last[asked] = resp.Data
			mu.Unlock()
			if same {
				return
			}
		}
		onCall(req, resp, err)
	}
}

// paramsKey is the parameters as one string: equal for the same ids asked.
func paramsKey(params []model.Param) string {
	var b bytes.Buffer
	for _, p := range params {
		b.WriteString(p.Key)
		b.WriteByte('=')
		b.WriteString(p.Value)
		b.WriteByte('&')
	}
	return b.String()
}
