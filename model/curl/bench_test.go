package curl

import (
	"strings"
	"testing"
)

// BenchmarkHostileImports measures the hostile shapes of issue 7 against
// the importer: each must be refused (or read) in well under a second with
// memory in proportion to its size.
func BenchmarkHostileImports(b *testing.B) {
	for _, bc := range []struct{ name, text string }{
		{"process-substitution", "curl " + balanceURL + " -d <(cat /etc/passwd)"},
		{"arithmetic", "curl " + balanceURL + " -d id=$((6*7))"},
		{"json-body-60000-deep", "curl " + balanceURL + " -H 'Content-Type: application/json' -d '" + nestedBody(60000) + "'"},
		{"paste-1MB", "curl " + balanceURL + " -d 'text=" + strings.Repeat("я", 1<<19) + "'"},
		{"docs-example", "curl -X POST \\\n  '" + balanceURL + "?output=json&api=v1&apiKey=K' \\\n  -d 'recipient=77001234567&text=Test+sms'"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.text)))
			for b.Loop() {
				_, _ = Parse(bc.text)
			}
		})
	}
}
