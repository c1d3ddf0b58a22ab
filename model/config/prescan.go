package config

import "fmt"

// Bounds of a config file's shape, checked before the TOML parser sees it:
// the parser recurses on nesting and on dotted keys, and a crafted file
// (a key 100,000 parts long, arrays nested as deep) blew its stack or ran
// for minutes. A real config.toml nests two or three levels.
const (
	maxConfigNesting  = 16 // open [ and { at once, table headers included
	maxConfigKeyParts = 16 // dots outside strings on one line: a.b.c = …
)

// tomlScan is where prescanTOML is in the text.
type tomlScan int

const (
	scanCode tomlScan = iota
	scanComment
	scanBasic     // "…"
	scanLiteral   // '…'
	scanMLBasic   // """…"""
	scanMLLiteral // '''…'''
)

// prescanTOML refuses, in one linear pass that knows TOML's strings and
// comments, a text nested deeper than maxConfigNesting or with more than
// maxConfigKeyParts dots outside strings on one line. It says the line.
func prescanTOML(text string) error {
	state, depth, dots, line := scanCode, 0, 0, 1
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == '\n' {
			line, dots = line+1, 0
			if state == scanComment || state == scanBasic || state == scanLiteral {
				state = scanCode // a one-line string cannot go on; the parser says so
			}
			continue
		}
		switch state {
		case scanComment:
		case scanBasic, scanMLBasic:
			if c == '\\' && i+1 < len(text) && text[i+1] != '\n' {
				i++ // an escape: the next byte is never a quote that ends the string
			} else if c == '"' {
				i, state = closeString(text, i, state, scanBasic)
			}
		case scanLiteral, scanMLLiteral:
			if c == '\'' {
				i, state = closeString(text, i, state, scanLiteral)
			}
		default:
			var err error
			state, i, depth, dots, err = scanCodeByte(text, i, depth, dots, line)
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// scanCodeByte takes one byte outside strings and comments.
func scanCodeByte(text string, i, depth, dots, line int) (tomlScan, int, int, int, error) {
	switch text[i] {
	case '#':
		return scanComment, i, depth, dots, nil
	case '"':
		if hasAt(text, i, `"""`) {
			return scanMLBasic, i + 2, depth, dots, nil
		}
		return scanBasic, i, depth, dots, nil
	case '\'':
		if hasAt(text, i, `'''`) {
			return scanMLLiteral, i + 2, depth, dots, nil
		}
		return scanLiteral, i, depth, dots, nil
	case '[', '{':
		if depth++; depth > maxConfigNesting {
			return scanCode, i, depth, dots, fmt.Errorf("строка %d: вложенность глубже %d уровней — так настройки не пишут, файл не разобран", line, maxConfigNesting)
		}
	case ']', '}':
		depth = max(depth-1, 0)
	case '.':
		if dots++; dots > maxConfigKeyParts {
			return scanCode, i, depth, dots, fmt.Errorf("строка %d: больше %d точек в ключе — так настройки не пишут, файл не разобран", line, maxConfigKeyParts)
		}
	}
	return scanCode, i, depth, dots, nil
}

// hasAt reports text holding s at i.
func hasAt(text string, i int, s string) bool {
	return len(text)-i >= len(s) && text[i:i+len(s)] == s
}

// closeString takes the quote at i inside a string in state (oneLine is
// the one-line kind of its quote): a one-line string ends there; a
// multi-line one ends at the end of a run of three to five quotes (TOML
// lets up to two quotes stand just before the closing three).
func closeString(text string, i int, state, oneLine tomlScan) (int, tomlScan) {
	if state == oneLine {
		return i, scanCode
	}
	run := 0
	for i+run < len(text) && text[i+run] == text[i] {
		run++
	}
	if run < 3 {
		return i + run - 1, state
	}
	return i + min(run, 5) - 1, scanCode
}
