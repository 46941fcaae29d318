package errcat_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/errcat/errcat"
)

// The embedded schema is the schema of the source tree, byte for byte, and
// each file lives at its import path under one of buf.yaml's modules.
func TestSchemaFilesMatchSource(t *testing.T) {
	files := errcat.SchemaFiles()
	want := map[string]string{
		"errcat/v1/options.proto": "proto",
		"google/rpc/code.proto":   "third_party",
	}
	if len(files) != len(want) {
		t.Fatalf("SchemaFiles() = %d files, want %d", len(files), len(want))
	}
	for _, f := range files {
		root, ok := want[f.Path]
		if !ok {
			t.Errorf("unexpected schema file %s", f.Path)
			continue
		}
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f.Path)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(src, f.Content) {
			t.Errorf("%s: embedded copy differs from %s/%s", f.Path, root, f.Path)
		}
	}
	files[0].Content[0] ^= 0xff
	if again := errcat.SchemaFiles(); bytes.Equal(again[0].Content, files[0].Content) {
		t.Error("SchemaFiles returned shared bytes: a caller's change leaked into the next call")
	}
}
