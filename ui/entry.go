package ui

import (
	"fmt"

	"codedesk/model/catalog"
)

// The codes list holds two groups, the API's response codes and the SMS
// delivery statuses: a catalog.Entry is one row of either. These helpers
// are what the list, the card and the app ask of a row, so that none of
// them asks which group it is in more than once.

// codeEntry is the row of code c.
func codeEntry(c catalog.Code) catalog.Entry { return catalog.Entry{Kind: catalog.KindCode, Code: c} }

// statusEntry is the row of status s.
func statusEntry(s catalog.Status) catalog.Entry {
	return catalog.Entry{Kind: catalog.KindStatus, Status: s}
}

// entryID names a row: the same id is the same row.
func entryID(e catalog.Entry) string {
	if e.Kind == catalog.KindStatus {
		return "s:" + e.Status.Name
	}
	return fmt.Sprintf("c:%d", e.Code.Number)
}

// entryClass is the colour of a row: a code's class, or the one a status
// borrows.
func entryClass(e catalog.Entry) catalog.Class {
	if e.Kind == catalog.KindStatus {
		return e.Status.Class()
	}
	return e.Code.Class
}

// entryTitle is the card's heading: «Код 30» or «Статус DELIVRD».
func entryTitle(e catalog.Entry) string {
	if e.Kind == catalog.KindStatus {
		return "Статус " + e.Status.Name
	}
	return fmt.Sprintf("Код %d", e.Code.Number)
}

// entryCardParts is the card as markdown, split after its heading (an
// answer goes there).
func entryCardParts(e catalog.Entry) (head, body string) {
	if e.Kind == catalog.KindStatus {
		return catalog.StatusCardMarkdownParts(e.Status)
	}
	return catalog.CardMarkdownParts(e.Code)
}

// entryCardText is the card as plain text.
func entryCardText(e catalog.Entry) string {
	if e.Kind == catalog.KindStatus {
		return catalog.StatusCardText(e.Status)
	}
	return catalog.CardText(e.Code)
}
