package model

import (
	"slices"
	"testing"
)

func TestWithoutKeyParamsDropsEverySpelling(t *testing.T) {
	r := Request{Module: "hostile", Method: "x", Params: []Param{{Key: "apiKey", Value: "a"}, {Key: "note", Value: "a"},
		{Key: "API_KEY", Value: "b"}, {Key: "key", Value: "c"}, {Key: "apiKey[]", Value: "d"}, {Key: "Api-Key", Value: "e"},
		{Key: "keyword", Value: "kept"}}}
	got, dropped := r.WithoutKeyParams()
	if want := []Param{{Key: "note", Value: "a"}, {Key: "keyword", Value: "kept"}}; !slices.Equal(got.Params, want) {
		t.Errorf("kept %v, want %v", got.Params, want)
	}
	if len(dropped) != 5 || len(r.Params) != 7 {
		t.Errorf("dropped %v; the request itself must not change (%d params)", dropped, len(r.Params))
	}
}
