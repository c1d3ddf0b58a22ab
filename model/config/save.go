package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"

	"codedesk/model"
	"codedesk/model/safe"
	"codedesk/model/syserr"
)

// SaveProfileServer sets a profile's server in the config file, creating
// the file and the profile if needed. The file is edited in place, so its
// comments and layout survive; the result is read back to make sure it
// says what was meant. A symlinked config file is edited through the link:
// its target is replaced atomically (a temporary file beside the target,
// then a rename), keeping the target's mode, and the link stays a link.
func SaveProfileServer(path, profile string, server model.Server) error {
	if profile == "" {
		profile = "default"
	}
	target, err := linkTarget(path)
	if err != nil {
		return fmt.Errorf("настройки %s: %s", safe.Line(path), safe.Line(syserr.Sentence(err)))
	}
	old, st, err := readRegularFile(target, maxConfigFile)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("настройки %s: %s", safe.Line(path), safe.Line(syserr.Sentence(err)))
	}
	updated := setServerLine(string(old), profile, server.String())
	var check Config
	if err := prescanTOML(updated); err != nil {
		return fmt.Errorf("настройки %s: %w", safe.Line(path), err)
	}
	if _, err := toml.Decode(updated, &check); err != nil || check.Profiles[profile].Server != server.String() {
		return fmt.Errorf("настройки %s: не удалось записать сервер профиля %s", safe.Line(path), safe.Quote(profile))
	}
	if check.Default == "" && len(check.Profiles) == 1 {
		updated = fmt.Sprintf("default = %q\n", profile) + updated
	}
	mode := fs.FileMode(0o600)
	if st != nil {
		mode = st.Mode().Perm()
	}
	if err := writeAtomically(target, []byte(updated), mode); err != nil {
		return fmt.Errorf("настройки %s: %s", safe.Line(path), safe.Line(syserr.Sentence(err)))
	}
	return nil
}

// linkTarget is the file path names, following symbolic links, so that an
// edit goes where the link points; a path that does not exist yet is
// itself (a dangling link: where it points).
func linkTarget(path string) (string, error) {
	for range 40 { // as the kernel's limit on nested links
		st, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			return path, nil
		}
		if err != nil {
			return "", err
		}
		if st.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		dest, err := os.Readlink(path)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(path), dest)
		}
		path = dest
	}
	return "", errors.New("слишком много символьных ссылок")
}

// writeAtomically replaces path with data: a temporary file in the same
// directory (never a predictable name another user could plant a link at),
// synced, then renamed over path.
func writeAtomically(path string, data []byte, mode fs.FileMode) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, nothing is there
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(mode)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if closeErr := tmp.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

var tableHeader = regexp.MustCompile(`^\s*\[`)

// setServerLine replaces or adds `server = "…"` in [profiles.<name>].
func setServerLine(text, profile, server string) string {
	header := fmt.Sprintf("[profiles.%s]", quoteKey(profile))
	line := fmt.Sprintf("server = %q", server)
	lines := strings.Split(text, "\n")
	start := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == header || strings.TrimSpace(l) == fmt.Sprintf("[profiles.%q]", profile) {
			start = i
			break
		}
	}
	if start < 0 {
		var b bytes.Buffer
		b.WriteString(strings.TrimRight(text, "\n"))
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(header + "\n" + line + "\n")
		return b.String()
	}
	end := len(lines)
	for i := start + 1; i < len(lines); i++ {
		if tableHeader.MatchString(lines[i]) {
			end = i
			break
		}
	}
	for i := start + 1; i < end; i++ {
		if k, v, ok := strings.Cut(lines[i], "="); ok && strings.TrimSpace(k) == "server" {
			lines[i] = k + "=" + leadingSpace(v) + fmt.Sprintf("%q", server) + valueTail(v)
			return strings.Join(lines, "\n")
		}
	}
	lines = append(lines[:start+1], append([]string{line}, lines[start+1:]...)...)
	return strings.Join(lines, "\n")
}

// leadingSpace is the blanks v starts with.
func leadingSpace(v string) string {
	return v[:len(v)-len(strings.TrimLeft(v, " \t"))]
}

// valueTail is what follows a one-line TOML string value in v (the text
// after "server ="): the blanks and the comment after it, and a CR of a
// CRLF file, kept byte for byte when the value is replaced.
func valueTail(v string) string {
	quote := byte(0)
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		case quote == '"' && c == '\\':
			i++
		case quote != 0 && c == quote:
			return v[i+1:]
		}
	}
	if strings.HasSuffix(v, "\r") {
		return "\r"
	}
	return ""
}

// quoteKey quotes a TOML key when it is not bare.
func quoteKey(k string) string {
	for _, r := range k {
		if !(r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return fmt.Sprintf("%q", k)
		}
	}
	return k
}
