package model

// WithoutKeyParams is r without the parameters that carry a key
// (IsKeyParam), and the names of those left out: what a request may show
// or hand to someone (a curl to copy, a reply to a customer). The request
// itself is not changed.
func (r Request) WithoutKeyParams() (Request, []string) {
	var dropped []string
	kept := make([]Param, 0, len(r.Params))
	for _, p := range r.Params {
		if IsKeyParam(p.Key) {
			dropped = append(dropped, p.Key)
			continue
		}
		kept = append(kept, p)
	}
	r.Params = kept
	return r, dropped
}
