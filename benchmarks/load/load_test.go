package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestLoadSmoke runs a small load: every kind of call is answered as asked,
// the server logs what it must, and the report has its sections.
func TestLoadSmoke(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out, 2000, 16, time.Minute, "", 7); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{"calls 2000, concurrency 16", "misclassified", "big arg", "after load", "errors logged by the server"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}
