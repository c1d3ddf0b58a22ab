package history

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"codedesk/model/ru"
)

// explainedError is a library's error said in Russian, its own words kept
// as a quoted detail; errors.Is and errors.As still see it.
type explainedError struct {
	msg string
	err error
}

func (e *explainedError) Error() string { return e.msg }
func (e *explainedError) Unwrap() error { return e.err }

// explained is err as a person may read it: a Russian sentence for what
// SQLite, PostgreSQL, the network or the file system said, their words
// after it in «»; err itself when it is one of ours (already Russian).
func explained(err error) error {
	if err == nil || ru.IsRussian(err.Error()) {
		return err
	}
	return &explainedError{msg: says(err) + " — «" + ru.OneLine(err.Error()) + "»", err: err}
}

// says is the Russian sentence for a store's error.
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
	if s := ru.Says(err); s != "ошибка" {
		return s
	}
	var parseErr *pgconn.ParseConfigError
	if errors.As(err, &parseErr) {
		return "адрес базы PostgreSQL не разобран"
	}
	var connErr *pgconn.ConnectError
	if errors.As(err, &connErr) {
		return "нет соединения с сервером PostgreSQL"
	}
	return "ошибка"
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
