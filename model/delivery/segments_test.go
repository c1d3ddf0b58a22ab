package delivery

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCountSegments(t *testing.T) {
	a, ya, emoji := "a", "ы", "😀"
	cases := []struct {
		name       string
		text       string
		encoding   string
		segments   int
		characters int
	}{
		{"empty", "", EncodingGSM7, 0, 0},
		{"one letter", a, EncodingGSM7, 1, 1},
		{"160 GSM", strings.Repeat(a, 160), EncodingGSM7, 1, 160},
		{"161 GSM", strings.Repeat(a, 161), EncodingGSM7, 2, 161},
		{"153×2 GSM", strings.Repeat(a, 306), EncodingGSM7, 2, 306},
		{"153×2+1 GSM", strings.Repeat(a, 307), EncodingGSM7, 3, 307},
		{"80 extension chars fill one", strings.Repeat("€", 80), EncodingGSM7, 1, 160},
		{"159 + an extension char", strings.Repeat(a, 159) + "{", EncodingGSM7, 2, 161},
		{"every extension char counts twice", "^{}\\[~]|€", EncodingGSM7, 1, 18},
		// An extension character is never split between two parts: at 152
		// septets it moves to the next part, which then overflows.
		{"extension at the boundary fits", strings.Repeat(a, 152) + "€" + strings.Repeat(a, 151), EncodingGSM7, 2, 305},
		{"extension at the boundary pushes", strings.Repeat(a, 152) + "€" + strings.Repeat(a, 152), EncodingGSM7, 3, 306},
		{"GSM specials", "@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¡ÄÖÑÜ§¿äöñüà\n\r", EncodingGSM7, 1, 43},
		{"70 UCS-2", strings.Repeat(ya, 70), EncodingUCS2, 1, 70},
		{"71 UCS-2", strings.Repeat(ya, 71), EncodingUCS2, 2, 71},
		{"67×2 UCS-2", strings.Repeat(ya, 134), EncodingUCS2, 2, 134},
		{"67×2+1 UCS-2", strings.Repeat(ya, 135), EncodingUCS2, 3, 135},
		{"one Cyrillic letter turns Latin into UCS-2", strings.Repeat(a, 69) + ya, EncodingUCS2, 1, 70},
		{"an emoji is two units", emoji, EncodingUCS2, 1, 2},
		{"35 emoji fill one", strings.Repeat(emoji, 35), EncodingUCS2, 1, 70},
		{"36 emoji", strings.Repeat(emoji, 36), EncodingUCS2, 2, 72},
		{"a surrogate pair is never split", strings.Repeat(a, 66) + emoji + strings.Repeat(a, 66), EncodingUCS2, 3, 134},
		{"an em dash", "Hello — world", EncodingUCS2, 1, 13},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := CountSegments(tc.text)
			if got.Encoding != tc.encoding || got.Segments != tc.segments || got.Characters != tc.characters {
				t.Errorf("CountSegments = %s, %d segments, %d characters; want %s, %d, %d",
					got.Encoding, got.Segments, got.Characters, tc.encoding, tc.segments, tc.characters)
			}
			if got.Segments > 0 && got.Characters > got.Limit {
				t.Errorf("%d characters over the limit %d", got.Characters, got.Limit)
			}
		})
	}
}

func TestSegmentsNameWhatForcedUCS2(t *testing.T) {
	got := CountSegments("Don’t miss — sale “today”")
	if string(got.NonGSM) != "’—“”" {
		t.Errorf("NonGSM = %q", string(got.NonGSM))
	}
	if long := CountSegments(strings.Repeat("абвгдеёжзийклмн", 5)); len(long.NonGSM) != maxNonGSM {
		t.Errorf("NonGSM keeps %d characters, want at most %d", len(long.NonGSM), maxNonGSM)
	}
}

func TestSegmentsJSON(t *testing.T) {
	raw, err := json.Marshal(CountSegments("Привет"))
	if err != nil {
		t.Fatal(err)
	}
	if string(raw) != `{"encoding":"UCS-2","segments":1,"characters":6}` {
		t.Errorf("JSON = %s", raw)
	}
}

func FuzzCountSegments(f *testing.F) {
	for _, s := range []string{"", "a", "€{", "😀ы", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := CountSegments(s)
		if got.Encoding != EncodingGSM7 && got.Encoding != EncodingUCS2 {
			t.Fatalf("encoding %q", got.Encoding)
		}
		if (got.Characters == 0) != (got.Segments == 0) || got.Characters > got.Limit {
			t.Fatalf("%+v", got)
		}
	})
}
