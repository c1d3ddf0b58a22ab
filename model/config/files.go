package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"codedesk/model/safe"
	"codedesk/model/syserr"
)

// File size limits: a key or a webhook secret is one short line; a config
// file is a few profiles.
const (
	maxSecretFile = 4 << 10
	maxConfigFile = 256 << 10
)

// readRegularFile reads a regular file of at most max bytes. Anything else
// is refused before it can hurt: a FIFO would hang forever, /dev/zero would
// fill memory, /proc/self/environ would hand over the environment (files
// under /proc and /sys report a size their content does not have). A
// device is never even opened (opening some has effects); the file is
// opened without blocking and checked again through the open descriptor,
// so that it cannot be swapped between the check and the read.
func readRegularFile(path string, max int64) ([]byte, fs.FileInfo, error) {
	if st, err := os.Stat(path); err != nil {
		return nil, nil, err
	} else if !st.Mode().IsRegular() {
		return nil, st, fmt.Errorf("это %s, а не обычный файл", syserr.FileKind(st.Mode()))
	}
	f, err := openNoBlock(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, st, fmt.Errorf("это %s, а не обычный файл", syserr.FileKind(st.Mode()))
	}
	if st.Size() > max {
		return nil, st, fmt.Errorf("файл больше %s", sizeText(max))
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	switch {
	case err != nil:
		return nil, st, err
	case int64(len(data)) > max:
		return nil, st, fmt.Errorf("файл больше %s", sizeText(max))
	case int64(len(data)) != st.Size():
		return nil, st, errors.New("прочитано не столько, сколько файл заявляет о себе: это не обычный файл (/proc, /sys?)")
	}
	return data, st, nil
}

// FileError is a file of the settings (a key or secret file) that could
// not be read: a local failure, not a usage one.
type FileError struct{ Err error }

func (e *FileError) Error() string { return e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// readSecretFile reads a key or a secret: the first line of a small
// regular file, trimmed. Errors name the file, never its content.
func readSecretFile(path string) (string, error) {
	data, _, err := readRegularFile(path, maxSecretFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", &FileError{fmt.Errorf("файла %s нет", safe.Quote(path))}
	case errors.Is(err, fs.ErrPermission):
		return "", &FileError{fmt.Errorf("файл %s: нет прав на чтение", safe.Quote(path))}
	case err != nil:
		return "", &FileError{fmt.Errorf("файл %s: %s", safe.Quote(path), safe.Line(syserr.Sentence(err)))}
	}
	first, _, _ := strings.Cut(string(data), "\n")
	first, _, _ = strings.Cut(first, "\r")
	secret := strings.TrimSpace(first)
	if secret == "" {
		return "", &FileError{fmt.Errorf("файл %s пуст или его первая строка пуста", safe.Quote(path))}
	}
	return secret, nil
}

func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d МиБ", n>>20)
	}
	return fmt.Sprintf("%d КиБ", n>>10)
}
