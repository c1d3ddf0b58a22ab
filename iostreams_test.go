package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// A character cut between two writes (tabwriter and fmt write in pieces)
// comes out whole, and an escape cut the same way is still made inert.
func TestInertWriterAcrossWrites(t *testing.T) {
	var out bytes.Buffer
	ios := NewIOStreams(strings.NewReader(""), &out, &out)
	word := []byte("привет \x1b[2J")
	for i := range word {
		ios.Out.Write(word[i : i+1])
	}
	ios.Flush()
	if got := out.String(); got != "привет ␛[2J" {
		t.Errorf("got %q", got)
	}
	// A sequence that never gets its end is shown, not dropped or passed.
	out.Reset()
	ios.Out.Write([]byte("конец\xd0"))
	ios.Flush()
	if got := out.String(); got != "конец\ufffd" {
		t.Errorf("got %q", got)
	}
}

// The user's key and an apiKey=… in a customer's text are masked for
// people; a shell variable in an export is not a key.
func TestStreamsMaskKeys(t *testing.T) {
	var out bytes.Buffer
	ios := NewIOStreams(strings.NewReader(""), &out, &out)
	ios.Secret("support-key-0123456789")
	ios.Secret("5") // too short to hide anything: numbers stay numbers
	ios.Out.Write([]byte("echo support-key-0123456789 · ?apiKey=customer123&x=5 · apiKey=$MOBIZON_API_KEY · apiKey=cust…\n"))
	want := "echo supp… · ?apiKey=cus…&x=5 · apiKey=$MOBIZON_API_KEY · apiKey=cust…\n"
	if got := out.String(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// JSON keeps every value exact and escapes what a terminal would act on.
func TestJSONEscapesWhatATerminalActsOn(t *testing.T) {
	var out bytes.Buffer
	ios := NewIOStreams(strings.NewReader(""), &out, &out)
	in := map[string]string{"m": "a\x1b[2J \u009b \u202e \u200b \ufeff \u2028 \x7f я"}
	if err := ios.JSON(in); err != nil {
		t.Fatal(err)
	}
	for _, r := range out.String() {
		if r < 0x20 && r != '\n' || r >= 0x7f && r <= 0x9f || r == 0x202e || r == 0x200b || r == 0xfeff || r == 0x2028 {
			t.Errorf("%U raw in %q", r, out.String())
		}
	}
	var back map[string]string
	if err := json.Unmarshal(out.Bytes(), &back); err != nil || back["m"] != in["m"] {
		t.Errorf("not the same value back: %q %v", back["m"], err)
	}
}
