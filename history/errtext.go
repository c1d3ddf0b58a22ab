package history

import (
	"errors"
	"strings"

	"codedesk/model/syserr"

	"github.com/jackc/pgx/v5/pgconn"
)

// explained is err as a person may read it: what SQLite, PostgreSQL, the
// network or the file system said, in Russian first, their own words after
// it in brackets; err itself when it is one of ours (already Russian).
// errors.Is and errors.As still see err.
func explained(err error) error {
	if err == nil {
		return nil
	}
	if words := says(err); words != "" {
		return syserr.Explained(err, words)
	}
	if e := syserr.Error(err); e != err {
		return e
	}
	return syserr.Explained(err, "сбой")
}

// says is what a store's error means, "" when the system's words
// (syserr) say it better or nothing here knows it.
func says(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgSays(pgErr.Code)
	}
	msg := err.Error()
	for _, m := range []struct{ part, text string }{
		{"database is locked", "файл истории занят другим процессом"},
		{"readonly database", "файл истории только для чтения"},
		{"unable to open database file", "файл истории не открыть"},
		{"disk I/O error", "ошибка ввода-вывода при работе с файлом истории"},
		{"database or disk is full", "на диске нет места"},
		{"out of memory", "не хватило памяти"},
		{"SQL logic error", "SQLite не выполнил запрос"},
	} {
		if strings.Contains(msg, m.part) {
			return m.text
		}
	}
	var parseErr *pgconn.ParseConfigError
	if errors.As(err, &parseErr) {
		return "адрес базы PostgreSQL не разобран"
	}
	var connErr *pgconn.ConnectError
	if errors.As(err, &connErr) && syserr.Words(err) == "" {
		return "нет соединения с сервером PostgreSQL"
	}
	return ""
}

// pgSays is what a PostgreSQL error code means for a person.
func pgSays(code string) string {
	switch {
	case code == "28P01" || code == "28000":
		return "сервер PostgreSQL не пустил: неверный пользователь или пароль"
	case code == "3D000":
		return "на сервере PostgreSQL нет такой базы"
	case code == "42501":
		return "на сервере PostgreSQL нет прав на это"
	case code == "53300":
		return "у сервера PostgreSQL кончились подключения"
	case code == "57P01" || code == "57P02" || code == "57P03":
		return "сервер PostgreSQL выключается или ещё не готов"
	case strings.HasPrefix(code, "08"):
		return "соединение с сервером PostgreSQL прервалось"
	case strings.HasPrefix(code, "53"):
		return "серверу PostgreSQL не хватило ресурсов"
	}
	return "сервер PostgreSQL ответил ошибкой " + code
}
