package ru

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Duration is d for people, as Russian writes it: "меньше 1 мс", "250 мс"
// under a second, "5 с", "7,3 с" to a tenth, "2 мин" for whole minutes.
func Duration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return "меньше 1 мс"
	case d < time.Second:
		return strconv.FormatInt(d.Milliseconds(), 10) + " мс"
	case d%time.Minute == 0:
		return strconv.FormatInt(int64(d/time.Minute), 10) + " мин"
	}
	s := strconv.FormatFloat(math.Round(d.Seconds()*10)/10, 'f', -1, 64)
	return strings.Replace(s, ".", ",", 1) + " с"
}
