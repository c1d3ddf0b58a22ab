// Package jsonx reads JSON from servers and customers leniently (numbers
// that arrive as strings) and boundedly: every walk is linear and stops at a
// depth limit, so hostile shapes cost time and memory in proportion to
// their size, never more.
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

// Pretty indents data for reading; anything that is not JSON comes
// back as it is. The result is inert.
func Pretty(data json.RawMessage) string {
	var b bytes.Buffer
	if err := json.Indent(&b, data, "", "  "); err != nil {
		return safe.Text(string(data))
	}
	return safe.Text(b.String())
}

// Scalar is the text of a JSON string, number or boolean; null and
// containers give "".
func Scalar(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
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
// whole number.
func IntErr(raw json.RawMessage) (int, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
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
