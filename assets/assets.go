// Package assets holds the data codedesk ships inside its binary: the code
// table exactly as the user gave it (codes.md), our own per-code metadata
// (codes_meta.toml), what we know of each API method (methods.toml) and the
// SMS delivery statuses (statuses.toml).
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

// Statuses are the SMS delivery statuses in the API's table order, with our
// own titles, descriptions, hints and keywords.
//
//go:embed statuses.toml
var Statuses []byte
