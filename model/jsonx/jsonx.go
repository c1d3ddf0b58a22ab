// Package jsonx reads JSON from servers and customers leniently (numbers
// that arrive as strings) and boundedly: every walk is linear and stops at a
// depth limit, so hostile shapes cost time and memory in proportion to
// their size, never more.
//
// It never walks deeper than MaxDepth and never returns text that is not
// inert.
package jsonx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"codedesk/model/safe"
)

// MaxDepth is how deep codedesk reads JSON: no API answer nests more than a
// handful of levels, and hostile data nests thousands.
const MaxDepth = 64

// ErrTooDeep is data nested deeper than MaxDepth.
var ErrTooDeep = fmt.Errorf("JSON вложен глубже %d уровней", MaxDepth)

// CheckDepth reports ErrTooDeep for data nested deeper than MaxDepth. One
// pass over the bytes, stopping at the first level too deep; it does not
// check that data is valid JSON.
func CheckDepth(data []byte) error {
	if DeeperThan(data, MaxDepth) {
		return ErrTooDeep
	}
	return nil
}

// DeeperThan reports data whose brackets nest more than max levels: one
// pass over the bytes, stopping at the first level too deep; it does not
// check that data is valid JSON.
func DeeperThan(data []byte, max int) bool {
	depth := 0
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '"':
			i = stringEnd(data, i) - 1
		case '{', '[':
			if depth++; depth > max {
				return true
			}
		case '}', ']':
			depth--
		}
	}
	return false
}

// Decode unmarshals data into v after CheckDepth: linear in the size of
// data, whatever its shape.
func Decode(data []byte, v any) error {
	if err := CheckDepth(data); err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}

// stringEnd is the index just past the JSON string literal that starts at
// i (data[i] is '"'), or len(data) when it never ends.
func stringEnd(data []byte, i int) int {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(data)
}

// Scalar is the text of a JSON string, number or boolean, inert and on one
// line; null and containers give "" without being read.
func Scalar(raw json.RawMessage) string {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || t[0] == '{' || t[0] == '[' || t[0] == 'n' {
		return ""
	}
	var v any
	if json.Unmarshal(t, &v) != nil {
		return ""
	}
	switch x := v.(type) {
	case string:
		return safe.Line(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64) // 77001234567, not 7.7e+10
	case bool:
		return fmt.Sprint(x)
	}
	return ""
}

// SortedKeys are the keys of m in order, so output never depends on map order.
func SortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// IntErr reads a JSON number or a string holding one, which must be a
// whole number. Anything else is refused without being read.
func IntErr(raw json.RawMessage) (int, error) {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || !(t[0] == '"' || t[0] == '-' || t[0] >= '0' && t[0] <= '9') {
		return 0, errors.New("not a number")
	}
	var v any
	if err := json.Unmarshal(t, &v); err != nil {
		return 0, err
	}
	switch x := v.(type) {
	case float64:
		if x != math.Trunc(x) || math.Abs(x) > 1e9 {
			return 0, errors.New("not a whole number")
		}
		return int(x), nil
	case string:
		return strconv.Atoi(strings.TrimSpace(x))
	}
	return 0, errors.New("not a number")
}

// Int reads a number inside data, where numbers often arrive as
// strings ("400145").
func Int(raw json.RawMessage) (int, bool) {
	n, err := IntErr(raw)
	return n, err == nil
}
