package delivery_test

import (
	"context"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"codedesk/model/delivery"
	"codedesk/sandbox"
)

// BenchmarkLookupVsCurl times a status lookup of 1,000 ids against the
// sandbox on loopback (its rate limit lifted) and, in the same iteration,
// 10 sequential curl processes asking getSMSStatus for 100 ids each: the
// same wire work done the plainest way. The budget is the lookup within
// 1.2× the curls; both are timed interleaved so that a loaded machine
// slows both alike, and the medians are reported.
func BenchmarkLookupVsCurl(b *testing.B) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		b.Skip("curl is not installed (apt-get install -y curl)")
	}
	srv := startSandbox(b, nil, sandbox.Options{RateLimit: 1 << 20})
	ids := make([]int64, 1000)
	for i := range ids {
		ids[i] = send(b, srv.KZ, "77001234567", "x")
	}
	c := newClient(srv.KZ, nil, nil)
	url := "http://" + srv.KZ + "/service/message/getsmsstatus?api=v1&apiKey=" + sandbox.KeyKZ + "&output=json"
	batches := make([]string, 0, 10)
	for start := 0; start < len(ids); start += delivery.MaxBatch {
		var parts []string
		for _, id := range ids[start : start+delivery.MaxBatch] {
			parts = append(parts, strconv.FormatInt(id, 10))
		}
		batches = append(batches, "ids="+strings.Join(parts, ","))
	}
	lookup := func() {
		rep, err := c.Lookup(context.Background(), ids)
		if err != nil || rep.Summary().Missing != 0 {
			b.Fatalf("lookup: %v %+v", err, rep.Summary())
		}
	}
	curls := func() {
		for _, body := range batches {
			out, err := exec.Command(curl, "-sS", "--fail", "-d", body, url).Output()
			if err != nil || !strings.HasPrefix(string(out), `{"code":0`) {
				b.Fatalf("curl: %v %.80s", err, out)
			}
		}
	}
	var ours, theirs []time.Duration
	for i := 0; b.Loop(); i++ {
		first, second, a, z := lookup, curls, &ours, &theirs
		if i%2 == 1 { // alternate who goes first
			first, second, a, z = curls, lookup, &theirs, &ours
		}
		start := time.Now()
		first()
		*a = append(*a, time.Since(start))
		start = time.Now()
		second()
		*z = append(*z, time.Since(start))
	}
	lm, cm := median(ours), median(theirs)
	b.ReportMetric(float64(lm.Microseconds())/1000, "lookup-ms")
	b.ReportMetric(float64(cm.Microseconds())/1000, "10curl-ms")
	b.ReportMetric(float64(lm)/float64(cm), "ratio")
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
