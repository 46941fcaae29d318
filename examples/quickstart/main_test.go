package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/errcat/errcat/internal/golden"
)

// masks replace what changes from run to run: the port and the request id.
var masks = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`127\.0\.0\.1:[0-9]+`), "127.0.0.1:PORT"},
	{regexp.MustCompile(`\b[0-9a-f]{16}\b`), "REQUEST-ID"},
}

// TestQuickstart runs the README's main command and compares its output with
// testdata/quickstart.golden (go test -update rewrites it).
func TestQuickstart(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out); err != nil {
		t.Fatalf("run: %v\noutput so far:\n%s", err, out.String())
	}
	got := out.Bytes()
	for _, m := range masks {
		got = m.re.ReplaceAll(got, []byte(m.with))
	}
	golden.Check(t, filepath.Join("testdata", "quickstart.golden"), string(got))
}
