package model

import (
	"encoding/json"
)

// Envelope is every API answer: a code, a message (empty on success) and
// data whose shape depends on the method and the code.
type Envelope struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

// MaxCode is the largest code the API uses (999, a general error).
const MaxCode = 999
