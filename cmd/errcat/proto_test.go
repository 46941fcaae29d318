package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/errcat/errcat"
)

func TestProtoExport(t *testing.T) {
	defer func(f func() string) { moduleVersion = f }(moduleVersion)
	moduleVersion = func() string { return "github.com/errcat/errcat v9.8.7" }
	dir := t.TempDir()
	code, out, errOut := exec("", "proto", "export", dir)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, f := range errcat.SchemaFiles() {
		path := filepath.Join(dir, filepath.FromSlash(f.Path))
		if !strings.Contains(out, "wrote "+path+"\n") {
			t.Errorf("output does not name %s:\n%s", path, out)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		header, body, ok := bytes.Cut(got, []byte("\n// rerun the command after upgrading errcat.\n"))
		if !ok || !bytes.Contains(header, []byte("from github.com/errcat/errcat v9.8.7.")) {
			t.Errorf("%s: header does not name the version:\n%s", f.Path, header)
		}
		if !bytes.Equal(body, f.Content) {
			t.Errorf("%s: body differs from the embedded schema", f.Path)
		}
	}
	// Exporting again overwrites: the same bytes.
	before, _ := os.ReadFile(filepath.Join(dir, "errcat", "v1", "options.proto"))
	if code, _, errOut := exec("", "proto", "export", dir); code != exitOK {
		t.Fatalf("second export: exit %d, %s", code, errOut)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "errcat", "v1", "options.proto")); !bytes.Equal(before, after) {
		t.Error("a second export changed the file")
	}
}

func TestProtoExportUsage(t *testing.T) {
	for _, args := range [][]string{{"proto"}, {"proto", "import", "x"}, {"proto", "export"}, {"proto", "export", "a", "b"}, {"proto", "export", "-x", "a"}} {
		if code, _, errOut := exec("", args...); code != exitUsage || !strings.HasPrefix(errOut, "errcat: proto") {
			t.Errorf("%q: exit %d, stderr %q; want %d and a proto usage message", args, code, errOut, exitUsage)
		}
	}
	// A directory that cannot be created is an error, not a crash.
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := exec("", "proto", "export", file); code != exitUsage || errOut == "" {
		t.Errorf("export under a file: exit %d, stderr %q", code, errOut)
	}
}

func TestModuleVersionInTree(t *testing.T) {
	// Built inside errcat's own module: no dependency entry, so the main
	// module's version, which go test reports as (devel) or empty.
	if got := moduleVersion(); !strings.HasPrefix(got, "github.com/errcat/errcat ") {
		t.Errorf("moduleVersion() = %q", got)
	}
}

func TestDescribeModule(t *testing.T) {
	const p = "github.com/errcat/errcat"
	tests := []struct {
		name string
		bi   debug.BuildInfo
		want string
	}{
		{"go install @version", debug.BuildInfo{Main: debug.Module{Path: p, Version: "v0.1.0"}}, p + " v0.1.0"},
		{"go tool, replaced", debug.BuildInfo{Main: debug.Module{Path: p, Version: "v0.1.0", Replace: &debug.Module{Path: "../..", Version: "(devel)"}}},
			p + " v0.1.0 (replaced by a local directory)"},
		{"dependency", debug.BuildInfo{Main: debug.Module{Path: "example.com/x"}, Deps: []*debug.Module{{Path: p, Version: "v0.2.0"}}}, p + " v0.2.0"},
		{"in errcat's tree", debug.BuildInfo{Main: debug.Module{Path: p, Version: "(devel)"}}, p + " (devel)"},
		{"not linked", debug.BuildInfo{Main: debug.Module{Path: "example.com/x"}}, p + " (devel)"},
	}
	for _, tt := range tests {
		if got := describeModule(&tt.bi); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
