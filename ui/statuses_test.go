package ui

import (
	"strconv"
	"strings"
	"testing"
)

// The SMS statuses sit beside the codes: found by the same search, shown
// with a card like a code's.

func TestTypingAStatusWordShowsTheStatusAndItsCard(t *testing.T) {
	for _, c := range []struct{ query, name, title string }{
		{"недоставлено", "UNDELIV", "Не доставлено"},
		{"отклонено", "REJECTD", "Отклонено оператором"},
		{"истёк срок", "EXPIRED", "Истёк срок доставки"},
	} {
		t.Run(c.query, func(t *testing.T) {
			ls := start(t, newApp(t, 100, 30), 100, 30)
			ls.waitFor(t, "Коды ответов 20", glamourCard)
			ls.typeText("/" + c.query)
			// The card is glamour's once "Статус:" (the plain card's label)
			// is gone.
			scr := ls.waitFor(t, "── "+statusesTitle, c.name+"  "+c.title, "Статус "+c.name, c.name+" · "+c.title, "Что делать", "!Статус: ")
			if strings.Contains(scr, "ничего не найдено") {
				t.Errorf("a status search said nothing was found:\n%s", scr)
			}
		})
	}
}

func TestExpiredFindsTheStatusAfterTheCodesAndCountsOnlyRows(t *testing.T) {
	ls := start(t, newApp(t, 100, 30), 100, 30)
	ls.waitFor(t, "Коды ответов 20", glamourCard)
	ls.typeText("/expired")
	ls.send(press("enter"))
	matches := testCatalog.SearchAll("expired")
	// The count leaves the heading out.
	ls.waitFor(t, "EXPIRED  Истёк срок доставки", "── "+statusesTitle, "/ expired "+itoa(len(matches))+" из 29")
	for range len(matches) - 1 {
		ls.send(press("j"))
	}
	ls.waitFor(t, "Статус EXPIRED", "!Статус: ")
	ls.typeText("/zzzqqq")
	ls.waitFor(t, "ничего не найдено", "!"+statusesTitle)
}

func itoa(n int) string { return strconv.Itoa(n) }
