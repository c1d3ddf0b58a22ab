package model

import "time"

// Response is an API answer and how it came.
type Response struct {
	Envelope
	Status   int           // HTTP status
	Duration time.Duration // from sending to the last byte
	Size     int           // body bytes
	// TLSUnchecked: the answer came over https without a certificate check
	// (insecure for this very server); whoever shows it must say so.
	TLSUnchecked bool
}

// DefaultTimeout is how long a whole call may take unless the user says
// otherwise.
const DefaultTimeout = 60 * time.Second
