package errcat

import (
	"embed"
	"strings"
)

// The schema files, embedded from the module's source tree so that a
// service outside errcat's repository gets them with the Go module alone
// (see SchemaFiles and `errcat proto export`).
//
//go:embed proto/errcat/v1/options.proto third_party/google/rpc/code.proto
var schemaFS embed.FS

// SchemaFile is one .proto file a catalogue needs besides its own files.
type SchemaFile struct {
	// Path is the import path, as a catalogue's import statement names it:
	// "errcat/v1/options.proto".
	Path string
	// Content is the file as shipped in this version of the module.
	Content []byte
}

// SchemaFiles returns the options schema a catalogue imports,
// errcat/v1/options.proto, and the file it imports in turn,
// google/rpc/code.proto, in that order. The contents are fresh copies.
// (google/protobuf/descriptor.proto and duration.proto come with every
// protobuf compiler.)
func SchemaFiles() []SchemaFile {
	var files []SchemaFile
	for _, src := range []string{"proto/errcat/v1/options.proto", "third_party/google/rpc/code.proto"} {
		b, err := schemaFS.ReadFile(src)
		if err != nil {
			panic("errcat: embedded schema file missing: " + src) // cannot happen: go:embed checked it at build time
		}
		_, path, _ := strings.Cut(src, "/")
		files = append(files, SchemaFile{Path: path, Content: b})
	}
	return files
}
