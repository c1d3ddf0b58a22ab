// Package webhook is Mobizon's webhook domain, with no user interface: it
// reads a delivery (JSON, XML or "raw" form-encoded), checks its sign and,
// when the sign is wrong, finds which of the documented mistakes would
// explain it; it receives deliveries over HTTP (Handler, Server), fires a
// signed sample delivery at a customer's endpoint and judges the answer as
// Mobizon does (Send), and lets the sandbox deliver reports with Mobizon's
// retry rule (Dispatcher).
//
// The signing secret is passed in by the caller as a Secret. This package
// never prints, logs, marshals or returns it in an error: every value it
// hands back is safe to show, store in the history and print as JSON. Text
// that came from a body is made inert (model/safe) before it is handed back.
// It never reads the environment or a file on its own, never sends the API
// key, and never follows more than one redirect.
//
// "Raw" format: Mobizon's control panel offers json, xml and raw. The docs
// do not show raw; codedesk reads it as an HTML form body
// (application/x-www-form-urlencoded, PHP style: data[status]=DELIVRD), the
// usual meaning of a "raw" POST for a PHP service, and says so.
package webhook
