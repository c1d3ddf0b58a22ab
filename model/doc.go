// Package model is codedesk's domain, with no user interface. Its root holds
// the value types every part shares (a request, a server, an answer, a call
// error, a task's state), the trust rule (where the API key may go) and
// Explain, the one place that decides what an answer means and which
// actions apply. Sub-packages hold one concern each:
//
//	catalog   the code table, the SMS statuses, their search, the methods book
//	wire      the HTTP client, envelope decoding, the task poller and pacer
//	config    the config file and the settings a call runs with
//	curl      importing a customer's curl command or URL, exporting curl
//	delivery  "where is my SMS?": status lookups, watching, segments
//	webhook   verifying, receiving, sending and dispatching webhooks
//	reply     the text a support engineer sends back to a customer
//	jsonx     bounded, lenient reading of JSON from servers and customers
//	safe      making foreign text inert and masking the API key
//	syserr    the system's errors (files, disks, sockets) said in Russian
//	words     reading Russian and English words for search
//	ru        Russian plural forms
//
// Nothing here imports a UI package, prints to a terminal or reads the
// process environment on its own: callers pass what it needs.
package model
