// Package assets holds the data codedesk ships inside its binary: the code
// table exactly as the user gave it (codes.md), our own per-code metadata
// (codes_meta.toml) and what we know of each API method (methods.toml).
//
// The package only embeds bytes; parsing and validation live in model, so that
// editing a file here changes the app without touching code.
package assets

import _ "embed"

// CodesTable is the seed table of API response codes, verbatim.
//
//go:embed codes.md
var CodesTable []byte

// CodesMeta is our own metadata per code: title, class, keywords, hint.
//
//go:embed codes_meta.toml
var CodesMeta []byte

// Methods describes each API method: its parameters, which are required,
// and what codes mean for it.
//
//go:embed methods.toml
var Methods []byte
