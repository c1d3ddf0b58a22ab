package curl

import (
	"errors"
	"fmt"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"codedesk/model/safe"
)

// shellArgs splits one curl command into its words as a shell would, from
// the syntax tree alone: only literal words, single and double quotes with
// literal content, ANSI-C quotes ($'…') and plain $VAR (kept as written)
// are read. Every expansion, substitution, redirection and compound
// command is refused with an error that names it: nothing is ever run,
// expanded or read, and the shell expander is never called.
func shellArgs(text string) (args []string, err error) {
	defer func() {
		if r := recover(); r != nil { // the parser must never take the TUI down
			args, err = nil, fmt.Errorf("команда не разбирается как строка оболочки: %w", errPanic)
		}
	}()
	if err := checkShellShape(text); err != nil {
		return nil, err
	}
	file, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(text), "")
	if err != nil {
		return nil, fmt.Errorf("команда не разбирается как строка оболочки: %s", safe.Line(safe.MaskSecrets(err.Error())))
	}
	if len(file.Stmts) == 0 {
		return nil, errors.New("пустая команда")
	}
	sh := shellReader{src: text}
	call, err := sh.curlCall(file.Stmts[0])
	if err != nil {
		return nil, err
	}
	if len(file.Stmts) > 1 {
		return nil, errors.New("в тексте несколько команд: вставьте одну команду curl (строки продолжаются \\ в конце)")
	}
	return sh.words(call.Args)
}

// shellReader reads the syntax tree of the text src.
type shellReader struct {
	src string
}

// refused is the error for a shell feature codedesk does not take, quoting
// where it stands in the text.
func (sh shellReader) refused(what string, n syntax.Node) error {
	return fmt.Errorf("в команде %s %s: codedesk ничего не выполняет, не подставляет и не читает — вставьте сами значения",
		what, safe.Quote(sh.fragment(n)))
}

// fragment is the text of node n as written.
func (sh shellReader) fragment(n syntax.Node) string {
	start, end := int(n.Pos().Offset()), int(n.End().Offset())
	if start < 0 || end > len(sh.src) || start >= end {
		return ""
	}
	return sh.src[start:end]
}

// curlCall is the simple command of a statement: curl …, maybe piped into
// jq.
func (sh shellReader) curlCall(st *syntax.Stmt) (*syntax.CallExpr, error) {
	if err := sh.plainStmt(st); err != nil {
		return nil, err
	}
	switch cmd := st.Cmd.(type) {
	case *syntax.CallExpr:
		if len(cmd.Assigns) > 0 {
			return nil, sh.refused("присваивание переменной", cmd.Assigns[0])
		}
		if len(cmd.Args) == 0 {
			return nil, errors.New("не нашёл вызова curl")
		}
		return cmd, nil
	case *syntax.BinaryCmd: // curl … | jq …
		switch cmd.Op {
		case syntax.Pipe:
		case syntax.PipeAll:
			return nil, sh.refused("конвейер |& (кроме | jq)", cmd)
		default:
			return nil, sh.refused("связка команд "+cmd.Op.String(), cmd)
		}
		if err := sh.jqCall(cmd.Y); err != nil {
			return nil, err
		}
		if _, isCall := cmd.X.Cmd.(*syntax.CallExpr); !isCall {
			return nil, sh.refused("конвейер (кроме | jq)", cmd)
		}
		return sh.curlCall(cmd.X)
	case nil:
		return nil, errors.New("не нашёл вызова curl")
	}
	return nil, sh.refused("конструкция оболочки", st.Cmd)
}

// jqCall accepts the right side of "curl … | jq …".
func (sh shellReader) jqCall(st *syntax.Stmt) error {
	call, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || len(call.Args) == 0 || call.Args[0].Lit() != "jq" {
		return sh.refused("конвейер (кроме | jq)", st)
	}
	if err := sh.plainStmt(st); err != nil {
		return err
	}
	_, err := sh.words(call.Args)
	return err
}

// plainStmt refuses what a statement may add to its command: negation,
// background, redirections and here-documents.
func (sh shellReader) plainStmt(st *syntax.Stmt) error {
	switch {
	case st.Background || st.Disown:
		return fmt.Errorf("в команде & без кавычек: оболочка запустила бы её в фоне и разрезала адрес на части — " +
			"возьмите адрес в кавычки: curl 'https://…?a=1&b=2'")
	case st.Coprocess:
		return sh.refused("сопроцесс |&", st)
	case st.Negated:
		return sh.refused("отрицание !", st)
	case len(st.Redirs) > 0:
		r := st.Redirs[0]
		what := "перенаправление " + r.Op.String()
		if r.Hdoc != nil {
			what = "встроенный документ " + r.Op.String()
		}
		return sh.refused(what, r)
	}
	return nil
}

// words reads each word as a shell would, without expanding anything.
func (sh shellReader) words(ws []*syntax.Word) ([]string, error) {
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		s, err := sh.word(w)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// word reads one word. Alongside its value it builds its shape: the
// unquoted characters as written, every quoted one as "x", on which file
// name patterns and brace expansion are found.
func (sh shellReader) word(w *syntax.Word) (string, error) {
	var value, shape strings.Builder
	for _, part := range w.Parts {
		switch p := part.(type) {
		case *syntax.Lit:
			unquoted(p.Value, &value, &shape)
		case *syntax.SglQuoted:
			v := p.Value
			if p.Dollar {
				v = ansiC(v)
			}
			value.WriteString(v)
			shape.WriteByte('x')
		case *syntax.DblQuoted:
			if err := sh.doubleQuoted(p, &value); err != nil {
				return "", err
			}
			shape.WriteByte('x')
		case *syntax.ParamExp:
			v, err := sh.plainParam(p)
			if err != nil {
				return "", err
			}
			value.WriteString(v)
			shape.WriteByte('x')
		default:
			return "", sh.refused(partName(part), part)
		}
	}
	if what := expandingShape(shape.String()); what != "" {
		return "", sh.refused(what, w)
	}
	return value.String(), nil
}

// doubleQuoted reads "…": literal text and plain $VAR only.
func (sh shellReader) doubleQuoted(q *syntax.DblQuoted, value *strings.Builder) error {
	for _, part := range q.Parts {
		switch p := part.(type) {
		case *syntax.Lit:
			value.WriteString(unescapeDouble(p.Value))
		case *syntax.ParamExp:
			v, err := sh.plainParam(p)
			if err != nil {
				return err
			}
			value.WriteString(v)
		default:
			return sh.refused(partName(part), part)
		}
	}
	return nil
}

// plainParam keeps $NAME or ${NAME} as written: a key placeholder such as
// $MOBIZON_API_KEY must not become "", and nothing is looked up. Any
// operator (${a:-b}, ${#a}, ${a/x/y}, ${!a}, ${a[i]}) is refused.
func (sh shellReader) plainParam(p *syntax.ParamExp) (string, error) {
	plain := p.Param != nil && p.Flags == nil && p.NestedParam == nil && p.Index == nil &&
		!p.Excl && !p.Length && !p.Width && !p.IsSet && p.Split == 0 && p.GlobSubst == 0 && p.RcExpand == 0 &&
		len(p.Modifiers) == 0 && p.Slice == nil && p.Repl == nil && p.Names == 0 && p.Exp == nil
	if !plain {
		return "", sh.refused("подстановка переменной с операцией", p)
	}
	if p.Short {
		return "$" + p.Param.Value, nil
	}
	return "${" + p.Param.Value + "}", nil
}

// partName names, in Russian, a word part codedesk refuses.
func partName(part syntax.WordPart) string {
	switch part.(type) {
	case *syntax.CmdSubst:
		return "подстановка команды $(…) или `…`"
	case *syntax.ArithmExp:
		return "арифметическая подстановка $((…))"
	case *syntax.ProcSubst:
		return "подстановка процесса <(…) или >(…)"
	case *syntax.ExtGlob:
		return "шаблон имён файлов"
	case *syntax.BraceExp:
		return "подстановка фигурных скобок {…}"
	}
	return "конструкция оболочки"
}

// unquoted reads an unquoted literal: a backslash keeps the next character
// as it is (the parser already removed line continuations).
func unquoted(lit string, value, shape *strings.Builder) {
	for i := 0; i < len(lit); i++ {
		if lit[i] == '\\' && i+1 < len(lit) {
			i++
			value.WriteByte(lit[i])
			shape.WriteByte('x')
			continue
		}
		value.WriteByte(lit[i])
		shape.WriteByte(lit[i])
	}
}

// unescapeDouble reads a literal inside double quotes: a backslash escapes
// only $ ` " \ and a newline.
func unescapeDouble(lit string) string {
	if !strings.Contains(lit, `\`) {
		return lit
	}
	var b strings.Builder
	for i := 0; i < len(lit); i++ {
		if lit[i] == '\\' && i+1 < len(lit) {
			switch lit[i+1] {
			case '$', '`', '"', '\\':
				i++
			case '\n':
				i++
				continue
			}
		}
		b.WriteByte(lit[i])
	}
	return b.String()
}

// expandingShape names what a shell would expand in an unquoted word:
// brace expansion ({a,b}, {1..3}) or a file name pattern (*, ?, […]). A
// pattern in an address (://) or a parameter (name=value) is kept as
// written: bash leaves a pattern that matches no file alone, and no file is
// named like them.
func expandingShape(shape string) string {
	if open := strings.IndexByte(shape, '{'); open >= 0 {
		if inner, _, closed := strings.Cut(shape[open+1:], "}"); closed && (strings.Contains(inner, ",") || strings.Contains(inner, "..")) {
			return "подстановка фигурных скобок {…} без кавычек"
		}
	}
	if strings.Contains(shape, "://") || strings.Contains(shape, "=") {
		return ""
	}
	if strings.ContainsAny(shape, "*?") || strings.Contains(shape, "[") && strings.Contains(shape, "]") {
		return "шаблон имён файлов (*, ?, […]) без кавычек"
	}
	return ""
}
