// Package ru holds what Russian text needs that Go's fmt does not know:
// plural forms of nouns after numbers, and spans of time as people write
// them. What the system's errors mean is model/syserr's.
package ru

import (
	"fmt"
	"strings"
)

// Form picks the noun form that goes after n: one (1, 21, 101 запрос), few
// (2–4, 22–24 запроса) or many (0, 5–20, 11–14, 25 запросов).
func Form(n int64, one, few, many string) string {
	if n < 0 {
		n = -n
	}
	switch last2, last := n%100, n%10; {
	case last2 >= 11 && last2 <= 14:
		return many
	case last == 1:
		return one
	case last >= 2 && last <= 4:
		return few
	}
	return many
}

// Count is n followed by the right form of the noun: "5 запросов".
func Count(n int64, one, few, many string) string {
	return fmt.Sprintf("%d %s", n, Form(n, one, few, many))
}

// Nouns is a noun's three forms, written once and used wherever it counts
// something: ru.Calls.Count(n).
type Nouns struct{ One, Few, Many string }

// Count is n with the right form.
func (w Nouns) Count(n int) string { return Count(int64(n), w.One, w.Few, w.Many) }

// Form is the right form alone.
func (w Nouns) Form(n int) string { return Form(int64(n), w.One, w.Few, w.Many) }

// The nouns codedesk counts.
var (
	Requests   = Nouns{"запрос", "запроса", "запросов"}
	Calls      = Nouns{"вызов", "вызова", "вызовов"}
	Params     = Nouns{"параметр", "параметра", "параметров"}
	Messages   = Nouns{"сообщение", "сообщения", "сообщений"}
	Recipients = Nouns{"получатель", "получателя", "получателей"}
	Seconds    = Nouns{"секунда", "секунды", "секунд"}
	Codes      = Nouns{"код", "кода", "кодов"}
	Events     = Nouns{"событие", "события", "событий"}
	Segments   = Nouns{"сегмент", "сегмента", "сегментов"}
	Characters = Nouns{"символ", "символа", "символов"}
	Attempts   = Nouns{"попытка", "попытки", "попыток"}
	Rows       = Nouns{"строка", "строки", "строк"}
	Times      = Nouns{"раз", "раза", "раз"}
)

// Join lists items as Russian does: "a, b и c".
func Join(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " и " + items[len(items)-1]
}
