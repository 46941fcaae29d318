// Command protoc-gen-errcat is the protoc / buf plugin of errcat. For each
// proto file that defines error catalogues (enums with the errcat.v1.catalog
// option) it validates them and writes <file>.errcat.go next to
// protoc-gen-go's output; with docs=<dir> it also writes one Markdown
// reference per catalogue. In your module, make it a tool
// (`go mod edit -tool=github.com/errcat/errcat/cmd/protoc-gen-errcat`, then
// `go mod tidy`) and add it to buf.gen.yaml next to protoc-gen-go:
//
//	plugins:
//	  - local: ["go", "tool", "protoc-gen-errcat"]
//	    out: .
//	    opt: [module=example.com/orders, docs=docs]
//	    strategy: all
//
// or run protoc with --errcat_out=. --errcat_opt=module=example.com/orders,docs=docs.
// The schema a catalogue imports comes from `go tool errcat proto export
// proto`. docs/guide.md in errcat's repository walks through it all
// (examples/orders is the result); errcat's own tree runs the plugin from
// source (`go run ./cmd/protoc-gen-errcat`, see its buf.gen.yaml).
//
// An invalid catalogue fails the run with `file:line: message` diagnostics.
package main

import (
	"fmt"
	"io"
	"os"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/pluginpb"

	"github.com/errcat/errcat/cmd/protoc-gen-errcat/internal/generator"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "--version" {
		fmt.Println("protoc-gen-errcat", generator.Version)
		return
	}
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "protoc-gen-errcat:", err)
		os.Exit(1)
	}
}

// run reads a CodeGeneratorRequest from in and writes the response to out.
// Problems of the catalogues travel in the response, not as an exit code.
func run(in io.Reader, out io.Writer) error {
	b, err := io.ReadAll(in)
	if err != nil {
		return err
	}
	req := new(pluginpb.CodeGeneratorRequest)
	if err := proto.Unmarshal(b, req); err != nil {
		return fmt.Errorf("reading the request: %w", err)
	}
	b, err = proto.Marshal(generator.Run(req))
	if err != nil {
		return err
	}
	_, err = out.Write(b)
	return err
}
