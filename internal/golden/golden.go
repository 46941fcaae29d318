// Package golden compares test output with golden files under testdata/.
// It holds the repository's only -update flag: `go test ./PKG -update`
// rewrites the golden files of the packages that use it (and the other test
// data they derive, such as the generator's descriptor set) instead of
// comparing.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files (and other derived test data) instead of comparing")

// Update reports whether the test binary runs with -update.
func Update() bool { return *update }

// Check compares got with the file at path. With -update it writes got to
// path (creating its directory) instead. A difference fails t and shows the
// first line that differs.
func Check(t testing.TB, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (if the change is intended, go test -update rewrites it; review the diff):\n%s", path, FirstDiff(string(want), got))
	}
}

// FirstDiff describes the first line where got differs from want, or
// returns "" if they are equal.
func FirstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\nwant: " + strconv.Quote(wl) + "\ngot:  " + strconv.Quote(gl)
		}
	}
	return ""
}
