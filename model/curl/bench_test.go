package curl

import (
	"strings"
	"testing"
)

// BenchmarkHostileImports measures the hostile shapes of issue 7 against
// the importer: each must be refused (or read) in well under a second with
// memory in proportion to its size.
func BenchmarkHostileImports(b *testing.B) {
	shapes := map[string]string{
		"process-substitution": "curl " + balanceURL + " -d <(cat /etc/passwd)",
		"arithmetic":           "curl " + balanceURL + " -d id=$((6*7))",
		"json-body-60000-deep": "curl " + balanceURL + " -H 'Content-Type: application/json' -d '" + nestedBody(60000) + "'",
		"paste-1MB":            "curl " + balanceURL + " -d 'text=" + strings.Repeat("я", 1<<19) + "'",
		"docs-example":         "curl -X POST \\\n  '" + balanceURL + "?output=json&api=v1&apiKey=K' \\\n  -d 'recipient=77001234567&text=Test+sms'",
	}
	// Just inside the bounds: what the shell parser does read.
	deepest := strings.Repeat("$(", MaxNesting/2-1) + "x" + strings.Repeat(")", MaxNesting/2-1)
	shapes["limit-tokens-params"] = "curl " + balanceURL + strings.Repeat(" $a", MaxShellTokens/2-20)
	shapes["limit-depth-repeated"] = "curl " + balanceURL + strings.Repeat(" "+deepest, MaxShellTokens/(2*MaxNesting))
	for name, text := range deepShapes() {
		shapes["deep-"+name] = text
	}
	for name, text := range flatShapes() {
		shapes["flat-"+name] = text
	}
	for name, text := range shapes {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				_, _ = Parse(text)
			}
		})
	}
}

// flatShapes are 256 KiB pastes that nest little but are long: what the
// shell parser reads in full once the nesting is checked.
func flatShapes() map[string]string {
	fill := func(prefix, unit string) string {
		return prefix + strings.Repeat(unit, (MaxText-len(prefix))/len(unit))
	}
	return map[string]string{
		"words":          fill("curl "+balanceURL, " -s"),
		"quoted-words":   fill("curl "+balanceURL, " 'a'"),
		"closed-parens":  fill("curl "+balanceURL+" ", "(())"),
		"closed-substs":  fill("curl "+balanceURL+" ", "$(x)"),
		"params":         fill("curl "+balanceURL+" -d ", "$a"),
		"continuations":  fill("curl "+balanceURL, " \\\n"),
		"statements":     fill("curl "+balanceURL, ";"),
		"double-quotes":  fill("curl "+balanceURL+" -d ", `"a"`),
		"ansi-c":         fill("curl "+balanceURL+" -d ", `$'\x41'`),
		"arith-flat":     fill("curl $((", "1+"),
		"brackets-flat":  fill("curl "+balanceURL+" -d ", "a[1]"),
		"heredoc-starts": fill("curl "+balanceURL, " <<a"),
		"quoted-body":    "curl " + balanceURL + " -d '" + strings.Repeat("text=a^\n", (MaxText-100)/8) + "'",
	}
}
