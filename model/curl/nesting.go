package curl

import "fmt"

// Bounds of what the shell parser is given. A curl command nests two or
// three levels and has tens of words; the parser's cost grows with the
// square of the depth and its stack with the depth itself (150,000 "("
// overflow it: a fatal error no recover can catch), and its syntax tree
// costs about 300 bytes a word. Text past either bound is refused before
// the parser sees it.
const (
	// MaxNesting is how deep brackets, braces, parentheses, substitutions
	// ($(…), $((…)), <(…), `…`) and double quotes may nest.
	MaxNesting = 32
	// MaxShellTokens is how many words and ASCII signs ($ " ` ' ( ; | & +
	// = and the rest) outside quotes a command may have.
	MaxShellTokens = 10000
)

var (
	errTooNested = fmt.Errorf("скобки, кавычки и подстановки в команде вложены глубже %d уровней: "+
		"так команды curl не выглядят, и codedesk такую вставку не разбирает — вставьте саму команду curl", MaxNesting)
	errTooManyTokens = fmt.Errorf("в команде больше %d слов и знаков оболочки вне кавычек: "+
		"так команды curl не выглядят, и codedesk такую вставку не разбирает — вставьте саму команду curl", MaxShellTokens)
)

// checkShellShape refuses text nested deeper than MaxNesting or with more
// than MaxShellTokens words and signs, in one pass and with memory bounded
// by MaxNesting, whatever the text. It reads the text as a shell would for
// these counts only: what is inside single quotes (and ANSI-C $'…' quotes)
// is literal, a backslash escapes the next byte, inside double quotes only
// $(…), ${…} and `…` open a level, and a closer that does not match the
// innermost opener is ordinary text. It errs on the side of refusing: a
// comment or a here-document counts too.
func checkShellShape(text string) error {
	s := shapeScan{text: text}
	for s.i = 0; s.i < len(text); s.i++ {
		if err := s.step(); err != nil {
			return err
		}
	}
	return nil
}

// shapeScan is checkShellShape's walk: the openers around the byte at i,
// innermost last, and the tokens seen.
type shapeScan struct {
	text   string
	i      int
	stack  [MaxNesting]byte
	depth  int
	tokens int
	inWord bool
}

// step reads the byte at s.i (and, for a quote or an escape, what it
// covers).
func (s *shapeScan) step() error {
	c := s.text[s.i]
	inQuotes := s.depth > 0 && s.stack[s.depth-1] == '"'
	space := c == ' ' || c == '\t' || c == '\n' || c == '\r'
	if !inQuotes && !space && !s.inWord {
		if err := s.count(); err != nil {
			return err
		}
	}
	s.inWord = !space || inQuotes
	switch {
	case c == '\\':
		s.i++ // the next byte is literal
		return nil
	case inQuotes && c == '"':
		s.depth--
		return nil
	case inQuotes && c == '$' && s.i+1 < len(s.text) && (s.text[s.i+1] == '(' || s.text[s.i+1] == '{'):
		s.i++
		c = s.text[s.i]
	case inQuotes && c != '`':
		return nil
	case c == '\'':
		s.i = singleQuoteEnd(s.text, s.i, s.i > 0 && s.text[s.i-1] == '$')
		return s.count()
	}
	return s.sign(c)
}

// sign reads a byte outside single quotes that may open or close a level.
func (s *shapeScan) sign(c byte) error {
	switch c {
	case '(', '[', '{', '"':
		return s.push(c)
	case '`':
		if s.depth > 0 && s.stack[s.depth-1] == '`' {
			s.depth--
			return nil
		}
		return s.push(c)
	case ')', ']', '}':
		if s.depth > 0 && s.stack[s.depth-1] == opener(c) {
			s.depth--
		}
	default:
		if c > ' ' && c < '0' || c > '9' && c < 'A' || c > 'Z' && c < 'a' || c > 'z' && c < 0x7f {
			return s.count() // $ ; | & < > + = … : each may be a node of the tree
		}
	}
	return nil
}

func (s *shapeScan) push(kind byte) error {
	if s.depth == MaxNesting {
		return errTooNested
	}
	s.stack[s.depth] = kind
	s.depth++
	return s.count()
}

func (s *shapeScan) count() error {
	if s.tokens++; s.tokens > MaxShellTokens {
		return errTooManyTokens
	}
	return nil
}

// opener is the bracket closer closes.
func opener(closer byte) byte {
	switch closer {
	case ')':
		return '('
	case ']':
		return '['
	}
	return '{'
}

// singleQuoteEnd is the index of the quote that closes the single-quoted
// text opened at i (or the last index when it never closes); in an ANSI-C
// quote a backslash escapes the next byte, a quote included.
func singleQuoteEnd(text string, i int, ansiC bool) int {
	for j := i + 1; j < len(text); j++ {
		switch {
		case ansiC && text[j] == '\\':
			j++
		case text[j] == '\'':
			return j
		}
	}
	return len(text) - 1
}
