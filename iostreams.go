package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"codedesk/model/jsonx"
	"codedesk/model/safe"
	"codedesk/model/syserr"
)

// IOStreams are a command's standard streams, as cli/cli shapes them: the
// real ones in main, buffers in tests, with TTY flags a test switches on
// and off.
//
// Out and ErrOut are the only way a command writes for people, and every
// byte written to them passes safe.Text: text from a server or a customer
// cannot clear the screen, set the title, write the clipboard or reorder
// a line, whatever path it took, and an API key in it is masked. A command
// cannot forget to sanitise: it has no other writer. JSON goes through
// JSON, which keeps the values exact and escapes what a terminal would
// act on; Raw is for codedesk's own escape sequences (a glamour card).
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// InTTY, OutTTY and ErrTTY say which streams are terminals.
	InTTY, OutTTY, ErrTTY bool
	// Width is the width to wrap a card at when Out is a terminal (its
	// width, at most 100 columns); Columns is the terminal's whole width,
	// for tables that should not wrap; both 0 when Out is no terminal.
	Width, Columns int

	rawOut      io.Writer
	out, errOut *inertWriter
	secrets     []string
	// lost is the first write to standard output that failed.
	lost writeFailure
}

// NewIOStreams wraps the raw streams; nothing is a terminal until the
// caller says so.
func NewIOStreams(in io.Reader, out, errOut io.Writer) *IOStreams {
	s := &IOStreams{In: in}
	s.rawOut = failureWriter{w: out, lost: &s.lost}
	s.out = &inertWriter{w: s.rawOut, secrets: &s.secrets}
	s.errOut = &inertWriter{w: errOut, secrets: &s.secrets}
	s.Out, s.ErrOut = s.out, s.errOut
	return s
}

// minMaskedSecret is the shortest key masked in what people read: masking
// a key like "5" would garble every number on the screen and hide nothing.
const minMaskedSecret = 6

// Secret makes every later write mask key, wherever it shows up.
func (s *IOStreams) Secret(key string) {
	key = strings.TrimSpace(key)
	if len(key) >= minMaskedSecret {
		s.secrets = append(s.secrets, key)
	}
}

// CanPrompt reports whether a question can be asked and answered: both
// the keyboard and the screen are a terminal.
func (s *IOStreams) CanPrompt() bool { return s.InTTY && s.ErrTTY }

// Raw is standard output without sanitising, for codedesk's own escape
// sequences only (a glamour rendering of a card from the code table).
func (s *IOStreams) Raw() io.Writer {
	s.out.Flush()
	return s.rawOut
}

// JSON prints v for scripts: indented, values exact, and every character
// a terminal would act on (controls, bidi, zero-width, separators) as a
// \u escape, so that `--json` piped to a terminal is as inert as the rest.
// A plausible key is masked inside string values. Whatever v holds, it
// costs time and memory in proportion to its size: a value whose
// indentation would make it more than jsonIndentGrowth times longer (deep
// data indents to the square of its depth) is printed on one line. A value
// that cannot be written as JSON is a local failure, said in Russian.
func (s *IOStreams) JSON(v any) error { return s.writeJSON(v, "  ") }

// JSONLine prints v as JSON on one line, as JSON does otherwise: for a
// stream of objects, one per line (`webhook listen --json`).
func (s *IOStreams) JSONLine(v any) error { return s.writeJSON(v, "") }

// jsonIndentGrowth bounds how much longer indenting may make JSON output
// (beyond its first 64 KiB): ordinary answers grow two or three times.
const jsonIndentGrowth = 6

func (s *IOStreams) writeJSON(v any, indent string) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return &localError{fmt.Errorf("вывод --json не собран: в нём значение, которое не записать как JSON "+
			"(данные повреждены?): %s", safe.Line(err.Error()))}
	}
	data := b.Bytes()
	if indent != "" {
		if size := jsonx.IndentedSize(data, indent); size <= jsonIndentGrowth*len(data)+64<<10 {
			var indented bytes.Buffer
			indented.Grow(size)
			if json.Indent(&indented, data, "", indent) == nil {
				data = indented.Bytes()
			}
		}
	}
	for _, key := range s.secrets {
		data = safe.ScrubJSON(data, key)
	}
	s.out.Flush()
	if _, err := s.rawOut.Write(escapeInvisible(data)); err != nil {
		// Said once, when the command ends (see WriteFailure); a script
		// waiting for JSON gets nothing more after this.
		return &localError{&outputError{err}}
	}
	return nil
}

// WriteFailure is the first write to standard output that failed, as the
// local failure it is, or nil: whatever the command did, what it printed
// did not arrive. execute turns it into exit status 4, once for every
// command, after the command ends.
func (s *IOStreams) WriteFailure() error {
	s.lost.mu.Lock()
	defer s.lost.mu.Unlock()
	if s.lost.err == nil {
		return nil
	}
	return &localError{&outputError{s.lost.err}}
}

// outputError is output that could not be written.
type outputError struct{ err error }

func (e *outputError) Error() string { return "вывод не записан: " + syserr.Say(e.err) }
func (e *outputError) Unwrap() error { return e.err }

// writeFailure remembers the first failed write.
type writeFailure struct {
	mu  sync.Mutex
	err error
}

// failureWriter is standard output that remembers its first failed write.
type failureWriter struct {
	w    io.Writer
	lost *writeFailure
}

func (f failureWriter) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	if err != nil {
		f.lost.mu.Lock()
		if f.lost.err == nil {
			f.lost.err = err
		}
		f.lost.mu.Unlock()
	}
	return n, err
}

// Flush writes what the streams hold back (the start of a character cut
// between two writes).
func (s *IOStreams) Flush() {
	s.out.Flush()
	s.errOut.Flush()
}

// escapeInvisible rewrites the characters of encoded JSON that a terminal
// would act on as \u escapes. Outside strings JSON has only ASCII, so every
// such character is inside a string, where the escape means the same.
func escapeInvisible(data []byte) []byte {
	if safe.Text(string(data)) == string(data) && !bytes.ContainsAny(data, "\u200b\u200c\u200d\ufeff\u2028\u2029") {
		return data
	}
	var out bytes.Buffer
	out.Grow(len(data) + 16)
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		i += size
		if r == '\n' || r >= 0x20 && safe.Text(string(r)) == string(r) && !invisible(r) {
			out.WriteRune(r)
			continue
		}
		fmt.Fprintf(&out, `\u%04x`, r)
	}
	return out.Bytes()
}

// invisible are the characters safe.Text may let through that change how a
// line looks without showing themselves: zero-width ones and separators.
func invisible(r rune) bool {
	return r >= 0x200b && r <= 0x200d || r == 0xfeff || r == 0x2028 || r == 0x2029
}

// inertWriter passes every write through safe.Text and masks keys. A
// character cut between two writes is held until the rest comes.
type inertWriter struct {
	w       io.Writer
	secrets *[]string
	pending []byte
}

func (iw *inertWriter) Write(p []byte) (int, error) {
	buf := append(iw.pending, p...)
	cut := completeRunes(buf)
	iw.pending = append([]byte(nil), buf[cut:]...)
	if cut == 0 {
		return len(p), nil
	}
	if _, err := io.WriteString(iw.w, iw.clean(string(buf[:cut]))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes a held-back partial character (as the replacement
// character: it never got its end).
func (iw *inertWriter) Flush() {
	if len(iw.pending) > 0 {
		_, _ = io.WriteString(iw.w, iw.clean(string(iw.pending)))
		iw.pending = nil
	}
}

func (iw *inertWriter) clean(s string) string {
	s = safe.Text(s)
	for _, key := range *iw.secrets {
		if strings.Contains(s, key) {
			s = strings.ReplaceAll(s, key, safe.MaskKey(key))
		}
	}
	return maskKeyParams(s)
}

// completeRunes is the length of b without a trailing partial UTF-8
// sequence (at most three bytes that may still get their end).
func completeRunes(b []byte) int {
	for back := 1; back <= 3 && back <= len(b); back++ {
		c := b[len(b)-back]
		if c < 0x80 {
			return len(b)
		}
		if utf8.RuneStart(c) {
			if utf8.FullRune(b[len(b)-back:]) {
				return len(b)
			}
			return len(b) - back
		}
	}
	return len(b)
}

// keyParam finds an apiKey=… value in a customer's text; a shell variable
// ($MOBIZON_API_KEY, as exports write it), the placeholder of an export for
// a foreign server and an already masked value are left alone.
var keyParam = regexp.MustCompile(`(?i)(apikey=)([^&\s'"#$\\][^&\s'"#\\]*)`)

func maskKeyParams(s string) string {
	if !strings.Contains(strings.ToLower(s), "apikey=") {
		return s
	}
	return keyParam.ReplaceAllStringFunc(s, func(m string) string {
		name, value := m[:len("apikey=")], m[len("apikey="):]
		if strings.HasSuffix(value, "…") || value == safe.KeyPlaceholder {
			return m
		}
		return name + safe.MaskKey(value)
	})
}
