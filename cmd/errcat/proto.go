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
	version := "(devel)"
	replaced := false
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Path == modulePath && bi.Main.Version != "" {
			version = bi.Main.Version
		}
		for _, d := range bi.Deps {
			if d.Path == modulePath {
				version, replaced = d.Version, d.Replace != nil && d.Replace.Version == ""
			}
		}
	}
	s := modulePath + " " + version
	if replaced {
		// A replace by a local directory: the files are that directory's,
		// whatever the version says.
		s += " (replaced by a local directory)"
	}
	return s
}
