package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/errcat/errcat"
)

const modulePath = "github.com/errcat/errcat"

// protoCmd runs `errcat proto export DIR`: it writes the options schema a
// catalogue imports, and what that imports, into the user's proto tree.
func protoCmd(args []string, w io.Writer) error {
	if len(args) == 0 || args[0] != "export" {
		return usageError{fmt.Errorf("proto: want `errcat proto export DIR`")}
	}
	fs := flag.NewFlagSet("proto export", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args[1:]); err != nil {
		return usageError{fmt.Errorf("proto export: %w", err)}
	}
	if fs.NArg() != 1 {
		return usageError{fmt.Errorf("proto export: want one directory, got %d arguments", fs.NArg())}
	}
	dir := fs.Arg(0)
	header := fmt.Sprintf("// Exported by `errcat proto export` from %s. DO NOT EDIT:\n// rerun the command after upgrading errcat.\n", moduleVersion())
	for _, f := range errcat.SchemaFiles() {
		path := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, append([]byte(header), f.Content...), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(w, "wrote %s\n", path)
	}
	return nil
}

// moduleVersion names the errcat module this binary was built from, as
// "github.com/errcat/errcat v0.1.0": the version the user's go.mod
// requires when errcat is a dependency (`go tool errcat`), the installed
// version for `go install ...@v0.1.0`, and "(devel)" in errcat's own tree.
var moduleVersion = func() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return modulePath + " (devel)"
	}
	return describeModule(bi)
}

// describeModule finds errcat in the build information: the main module
// for `go tool` and `go install` builds of errcat's commands, a dependency
// for a program that links errcat's packages.
func describeModule(bi *debug.BuildInfo) string {
	m := &bi.Main
	for _, d := range bi.Deps {
		if d.Path == modulePath {
			m = d
		}
	}
	if m.Path != modulePath || m.Version == "" {
		return modulePath + " (devel)"
	}
	s := modulePath + " " + m.Version
	if r := m.Replace; r != nil && (r.Version == "" || r.Version == "(devel)") {
		// A replace by a local directory: the files are that directory's,
		// whatever the version says.
		s += " (replaced by a local directory)"
	}
	return s
}
