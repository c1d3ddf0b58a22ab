package ru

import (
	"testing"
	"time"
)

func TestCount(t *testing.T) {
	cases := map[int]string{
		0: "0 запросов", 1: "1 запрос", 2: "2 запроса", 4: "4 запроса", 5: "5 запросов",
		11: "11 запросов", 12: "12 запросов", 14: "14 запросов", 21: "21 запрос", 22: "22 запроса",
		25: "25 запросов", 101: "101 запрос", 111: "111 запросов", 112: "112 запросов", 1001: "1001 запрос",
		-1: "-1 запрос",
	}
	for n, want := range cases {
		if got := Requests.Count(n); got != want {
			t.Errorf("Requests.Count(%d) = %q, want %q", n, got, want)
		}
	}
	if got := Params.Count(2); got != "2 параметра" {
		t.Errorf("Params.Count(2) = %q", got)
	}
}

func TestJoin(t *testing.T) {
	if got := Join([]string{"a", "b", "c"}); got != "a, b и c" {
		t.Errorf("Join = %q", got)
	}
	if Join(nil) != "" || Join([]string{"a"}) != "a" {
		t.Error("Join of 0 or 1 items")
	}
}

func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		500 * time.Microsecond: "меньше 1 мс", 250 * time.Millisecond: "250 мс",
		2 * time.Second: "2 с", 7340 * time.Millisecond: "7,3 с", 2 * time.Minute: "2 мин",
		90 * time.Second: "90 с",
	} {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
}
