package delivery

import (
	"slices"
	"unicode/utf16"
)

// The two encodings an SMS is sent in, exactly as --json prints them.
const (
	EncodingGSM7 = "GSM-7"
	EncodingUCS2 = "UCS-2"
)

// Segment sizes by the GSM 03.38 rule: a part of a split message loses room
// to the header that joins the parts again.
const (
	GSM7Single = 160
	GSM7Part   = 153
	UCS2Single = 70
	UCS2Part   = 67
)

// Segments is what a text costs: its encoding, how many segments (each paid
// for) and how many units it takes. Its JSON is what `codedesk sms check
// --json` prints.
type Segments struct {
	Encoding string `json:"encoding"`
	Segments int    `json:"segments"`
	// Characters counts what the limits count: GSM-7 septets (an extension
	// character such as € or { takes two) or UCS-2 UTF-16 code units (an
	// emoji takes two).
	Characters int `json:"characters"`
	// Limit is how many units fit in this many segments (160, 306, …, 70,
	// 134, …), for "45 из 160".
	Limit int `json:"-"`
	// NonGSM are the first few characters that made the text UCS-2, for a
	// hint: one «—» or «’» halves the room of a Latin text.
	NonGSM []rune `json:"-"`
}

// gsmBasic is the GSM 03.38 default alphabet (without the escape itself).
const gsmBasic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
	"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"

// gsmExtension are the characters sent as an escape and a second septet.
const gsmExtension = "^{}\\[~]|€\f"

var gsmWidth = func() map[rune]int {
	m := make(map[rune]int, len(gsmBasic)+len(gsmExtension))
	for _, r := range gsmBasic {
		m[r] = 1
	}
	for _, r := range gsmExtension {
		m[r] = 2
	}
	return m
}()

// maxNonGSM is how many offending characters Segments names.
const maxNonGSM = 5

// CountSegments applies the GSM 03.38 rule: a text of the GSM-7 alphabet
// takes 160 septets in one segment or 153 per segment when split, an
// extension character two septets (never split between segments); any other
// character makes the whole text UCS-2: 70 UTF-16 units in one segment or 67
// per segment (a surrogate pair is never split). An empty text takes no
// segment.
func CountSegments(text string) Segments {
	var widths []int
	seg := Segments{Encoding: EncodingGSM7}
	for _, r := range text {
		w, ok := gsmWidth[r]
		if !ok {
			seg.Encoding = EncodingUCS2
			if len(seg.NonGSM) < maxNonGSM && !slices.Contains(seg.NonGSM, r) {
				seg.NonGSM = append(seg.NonGSM, r)
			}
		}
		widths = append(widths, w)
	}
	single, part := GSM7Single, GSM7Part
	if seg.Encoding == EncodingUCS2 {
		single, part = UCS2Single, UCS2Part
		for i, r := range []rune(text) {
			widths[i] = utf16.RuneLen(r)
			if widths[i] < 0 {
				widths[i] = 1 // an invalid rune is sent as U+FFFD
			}
		}
	}
	for _, w := range widths {
		seg.Characters += w
	}
	switch {
	case seg.Characters == 0:
		seg.Limit = single
	case seg.Characters <= single:
		seg.Segments, seg.Limit = 1, single
	default:
		seg.Segments = splitCount(widths, part)
		seg.Limit = seg.Segments * part
	}
	return seg
}

// splitCount is how many parts of at most size units the characters take
// when none of them is split across two parts.
func splitCount(widths []int, size int) int {
	parts, used := 1, 0
	for _, w := range widths {
		if used+w > size {
			parts++
			used = 0
		}
		used += w
	}
	return parts
}
