package ru

import (
	"errors"
	"io/fs"
	"syscall"
)

// FileKind names, in Russian, a kind of file that is not a regular one.
func FileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "каталог"
	case m&fs.ModeNamedPipe != 0:
		return "именованный канал (FIFO)"
	case m&fs.ModeSocket != 0:
		return "сокет"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "устройство"
	case m&fs.ModeSymlink != 0:
		return "символьная ссылка"
	}
	return "особый файл"
}

// sysErrors are the system's errors a person meets with files, said in
// Russian.
var sysErrors = []struct {
	errno syscall.Errno
	text  string
}{
	{syscall.ENOENT, "такого файла или каталога нет"},
	{syscall.ELOOP, "символьные ссылки замкнуты в круг или вложены слишком глубоко"},
	{syscall.EACCES, "нет прав доступа"},
	{syscall.EPERM, "операция не разрешена"},
	{syscall.ENOTDIR, "часть пути — не каталог"},
	{syscall.EISDIR, "это каталог, а не файл"},
	{syscall.ENAMETOOLONG, "слишком длинное имя"},
	{syscall.ENOSPC, "на диске нет места"},
	{syscall.EROFS, "файловая система только для чтения"},
	{syscall.EEXIST, "файл уже есть"},
	{syscall.EIO, "ошибка ввода-вывода"},
	{syscall.ENXIO, "нет такого устройства (или у канала нет читателя)"},
	{syscall.EBUSY, "файл занят"},
	{syscall.EMFILE, "открыто слишком много файлов"},
}

// FileError says in Russian what went wrong with a file: the path the
// error names, then what the system said, in Russian when it is one of the
// errors people meet (missing, no rights, a loop of symbolic links, a full
// disk…), else as the system said it.
func FileError(err error) string {
	if err == nil {
		return ""
	}
	what := err.Error()
	for _, e := range sysErrors {
		if errors.Is(err, e.errno) {
			what = e.text
			break
		}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + what
	}
	return what
}
