// Package delivery answers "where is my SMS?": the status of sent messages
// by id (message/getSMSStatus, in batches of at most 100, one after
// another), watching them to their final status at most once a second, the
// messages sent to a number (message/list), and what a text and its
// parameters will cost and risk before message/sendSmsMessage (GSM 03.38
// encoding and segments, the recipient, validity and deferred sending).
//
// It never sends a message, never retries a call that the API refused for
// any reason but code 30, and never hides a wire call from its caller: every
// call goes through Client.OnCall so that it can be kept in the history.
// It knows nothing of terminals: the CLI and the TUI render what it returns.
package delivery
