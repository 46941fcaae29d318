// Package generator is protoc-gen-errcat: it reads the errcat catalogues of
// a CodeGeneratorRequest (read.go), validates them (check.go) and emits Go
// (gogen.go) and Markdown (mdgen.go).
//
// Parameters, besides protogen's (module=, paths=, M...):
//
//	docs=<dir>  also write one Markdown reference per catalogue, as
//	            <dir>/<enum full name>.md ("docs/errcat.common.v1.CommonError.md").
//
// A catalogue that breaks a rule fails the whole run with one
// `file:line: message` line per problem; nothing is generated then.
package generator

import (
	"fmt"
	"path"
	"runtime/debug"
	"strings"

	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/pluginpb"
)

// Version is the version of protoc-gen-errcat, written in the header of
// every generated file.
const Version = "v0.1.0"

// options are the plugin's own parameters.
type options struct {
	docs string // directory of the Markdown references; "" for none
}

// Run answers a code generation request. It never panics: a panic is
// reported as an internal error in the response.
func Run(req *pluginpb.CodeGeneratorRequest) *pluginpb.CodeGeneratorResponse {
	return runWith(req, generate)
}

// runWith is Run with the generation step as a parameter, for tests.
func runWith(req *pluginpb.CodeGeneratorRequest, generate func(*protogen.Plugin, options) ([]*pluginpb.CodeGeneratorResponse_File, error)) (resp *pluginpb.CodeGeneratorResponse) {
	defer func() {
		if r := recover(); r != nil {
			resp = &pluginpb.CodeGeneratorResponse{Error: proto.String(fmt.Sprintf(
				"protoc-gen-errcat: internal error: %v (please report it, with this trace)\n%s", r, debug.Stack()))}
		}
	}()
	var opts options
	p, err := protogen.Options{ParamFunc: func(name, value string) error {
		switch name {
		case "docs":
			if value != "" {
				opts.docs = path.Clean(value)
			}
			return nil
		}
		return fmt.Errorf("protoc-gen-errcat: unknown parameter %q", name)
	}}.New(req)
	if err != nil {
		return &pluginpb.CodeGeneratorResponse{Error: proto.String(err.Error())}
	}
	p.SupportedFeatures = uint64(pluginpb.CodeGeneratorResponse_FEATURE_PROTO3_OPTIONAL |
		pluginpb.CodeGeneratorResponse_FEATURE_SUPPORTS_EDITIONS)
	p.SupportedEditionsMinimum = descriptorpb.Edition_EDITION_PROTO2
	p.SupportedEditionsMaximum = descriptorpb.Edition_EDITION_2024

	docs, err := generate(p, opts)
	if err != nil {
		p.Error(err)
	}
	resp = p.Response()
	if resp.Error == nil {
		// Markdown files bypass protogen, which would strip the module= prefix
		// from their names as it does for Go files.
		resp.File = append(resp.File, docs...)
	}
	return resp
}

// generate reads and validates every catalogue, then emits Go into p and
// returns the Markdown files.
func generate(p *protogen.Plugin, opts options) ([]*pluginpb.CodeGeneratorResponse_File, error) {
	r, err := newReader(p)
	if err != nil {
		return nil, fmt.Errorf("protoc-gen-errcat: %w", err)
	}
	cats, err := r.read(p)
	if err != nil {
		return nil, fmt.Errorf("protoc-gen-errcat: %w", err)
	}
	r.check(p, cats)
	if err := r.diags.err(); err != nil {
		return nil, err
	}

	byFile := map[*protogen.File][]*Catalog{}
	var files []*protogen.File
	for _, c := range cats {
		if byFile[c.File] == nil {
			files = append(files, c.File)
		}
		byFile[c.File] = append(byFile[c.File], c)
	}
	for _, f := range files {
		genGo(p, f, byFile[f])
	}

	if opts.docs == "" {
		return nil, nil
	}
	var docs []*pluginpb.CodeGeneratorResponse_File
	for _, c := range cats {
		docs = append(docs, &pluginpb.CodeGeneratorResponse_File{
			Name:    proto.String(path.Join(opts.docs, c.Spec.Name+".md")),
			Content: proto.String(genMarkdown(c)),
		})
	}
	return docs, nil
}

// oneLine makes text safe for a one-line context such as a // comment.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
