package generator

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/pluginpb"

	"github.com/errcat/errcat/internal/golden"
)

// go test -update needs buf (go tool -modfile=tools/go.mod buf, from the
// repository root) to rebuild the descriptors; plain go test needs nothing.

const (
	protoDir    = "testdata/proto"
	descriptors = "testdata/descriptors.binpb"
	goldenDir   = "testdata/golden"
	// repoRoot is the errcat module, where tools/go.mod and proto/ live.
	repoRoot = "../../../.."
)

var (
	loadOnce sync.Once
	loaded   *descriptorpb.FileDescriptorSet
	loadErr  error
)

// descriptorSet returns the descriptors of testdata/proto (with source info)
// and their imports, rebuilt first with -update.
func descriptorSet(t *testing.T) *descriptorpb.FileDescriptorSet {
	t.Helper()
	loadOnce.Do(func() {
		if golden.Update() {
			if loadErr = buildDescriptors(); loadErr != nil {
				return
			}
		}
		var b []byte
		if b, loadErr = os.ReadFile(descriptors); loadErr != nil {
			return
		}
		loaded = new(descriptorpb.FileDescriptorSet)
		loadErr = proto.Unmarshal(b, loaded)
	})
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return loaded
}

// buildDescriptors compiles testdata/proto with buf (a workspace made of
// errcat's proto/, third_party/ and testdata/proto) and keeps the source info
// of the test files only, so that the committed set stays small.
func buildDescriptors() error {
	protos, err := filepath.Glob(filepath.Join(protoDir, "*.proto"))
	if err != nil {
		return err
	}
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	rel, err := filepath.Rel(filepath.Join(wd, repoRoot), filepath.Join(wd, protoDir))
	if err != nil {
		return err
	}
	config, err := json.Marshal(map[string]any{
		"version": "v2",
		"modules": []map[string]string{{"path": "proto"}, {"path": "third_party"}, {"path": filepath.ToSlash(rel)}},
	})
	if err != nil {
		return err
	}
	out := filepath.Join(os.TempDir(), "errcat-generator-test.binpb")
	args := []string{"tool", "-modfile=tools/go.mod", "buf", "build", "--config", string(config),
		"--as-file-descriptor-set", "-o", out}
	own := map[string]bool{}
	for _, p := range protos {
		own[filepath.Base(p)] = true
		args = append(args, "--path", filepath.ToSlash(filepath.Join(rel, filepath.Base(p))))
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = repoRoot
	if b, err := cmd.CombinedOutput(); err != nil {
		return &exec.ExitError{Stderr: b, ProcessState: cmd.ProcessState}
	}
	b, err := os.ReadFile(out)
	if err != nil {
		return err
	}
	defer os.Remove(out)
	set := new(descriptorpb.FileDescriptorSet)
	if err := proto.Unmarshal(b, set); err != nil {
		return err
	}
	for _, f := range set.File {
		if !own[f.GetName()] {
			f.SourceCodeInfo = nil
		}
	}
	b, err = proto.MarshalOptions{Deterministic: true}.Marshal(set)
	if err != nil {
		return err
	}
	return os.WriteFile(descriptors, b, 0o644)
}

// request asks to generate one file of the test set.
func request(t *testing.T, file, param string) *pluginpb.CodeGeneratorRequest {
	return &pluginpb.CodeGeneratorRequest{
		FileToGenerate: []string{file},
		Parameter:      proto.String(param),
		ProtoFile:      descriptorSet(t).File,
	}
}

func TestGolden(t *testing.T) {
	resp := Run(request(t, "valid.proto", "module=example.com/errcattest,docs=docs"))
	if resp.Error != nil {
		t.Fatalf("unexpected error:\n%s", resp.GetError())
	}
	if golden.Update() {
		if err := os.RemoveAll(goldenDir); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, f := range resp.File {
		got = append(got, f.GetName())
		golden.Check(t, filepath.Join(goldenDir, filepath.FromSlash(f.GetName())), f.GetContent())
	}
	// Every golden file is still produced.
	var goldenFiles []string
	err := filepath.WalkDir(goldenDir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(goldenDir, path)
			goldenFiles = append(goldenFiles, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	if !slices.Equal(got, goldenFiles) {
		t.Errorf("generated files %q, golden files %q", got, goldenFiles)
	}
}

// TestInvalid feeds broken catalogues: the plugin generates nothing and
// reports every problem, one `file:line: message` line each, in line order.
func TestInvalid(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{{
		file: "dup_code.proto",
		want: []string{
			`dup_code.proto:19: entry DUP_CODE_SECOND option code: "000001" is already used by DUP_CODE_FIRST`,
		},
	}, {
		file: "placeholder.proto",
		want: []string{
			`placeholder.proto:15: entry PLACEHOLDER_NO_ARG option message: placeholder {1} has no argument (the entry declares 1)`,
			`placeholder.proto:25: entry PLACEHOLDER_UNUSED_ARG option message: argument "object" ({0}) is not used by the message`,
		},
	}, {
		file: "bad_reason.proto",
		want: []string{
			`bad_reason.proto:9: entry BAD_REASON_lower_case reason: "lower_case" does not match AIP-193 ^[A-Z][A-Z0-9_]+[A-Z0-9]$`,
			`bad_reason.proto:17: entry BAD_REASON_THIS_REASON_IS_MUCH_TOO_LONG_FOR_AIP_193_WHICH_ALLOWS_63_CHARACTERS reason: "THIS_REASON_IS_MUCH_TOO_LONG_FOR_AIP_193_WHICH_ALLOWS_63_CHARACTERS" is longer than 63 characters`,
			`bad_reason.proto:25: entry BAD_REASON_TRAILING_ reason: "TRAILING_" does not match AIP-193 ^[A-Z][A-Z0-9_]+[A-Z0-9]$`,
		},
	}, {
		file: "missing_field.proto",
		want: []string{
			`missing_field.proto:8: catalog MissingField option domain: is required`,
			`missing_field.proto:10: entry MISSING_FIELD_NO_MESSAGE option message: is required`,
			`missing_field.proto:17: entry MISSING_FIELD_NO_CODES option code: is required`,
			`missing_field.proto:17: entry MISSING_FIELD_NO_CODES option grpc_code: must be an error code, not OK`,
			`missing_field.proto:17: entry MISSING_FIELD_NO_CODES option http_status: must be an HTTP error status (400-599), not 0`,
		},
	}, {
		file: "summary.proto",
		want: []string{
			`summary.proto:16: entry SUMMARY_TWO_LINES option summary: must be a single line`,
			`summary.proto:25: entry SUMMARY_BLANK option summary: is blank: write a text or leave the option unset`,
		},
	}, {
		file: "variant.proto",
		want: []string{
			`variant.proto:18: entry VARIANT_ORPHAN option code: "000002[0]" is a variant of "000002", which the catalogue does not define`,
		},
	}, {
		file: "arg_code.proto",
		want: []string{
			`arg_code.proto:16: entry ARG_CODE_RESERVED_NAME option args[0].name: "code" is reserved for the numeric code`,
			`arg_code.proto:16: entry ARG_CODE_RESERVED_NAME option args[1].name: "Help" must be lowerCamelCase matching ^[a-z][a-zA-Z0-9]+$`,
		},
	}, {
		file: "plugin_checks.proto",
		want: []string{
			`plugin_checks.proto:9: value PLUGIN_CHECK_UNSPECIFIED: the zero value is not an entry; remove its (errcat.v1.entry) option`,
			`plugin_checks.proto:10: entry PLUGIN_CHECK_NO_OPTION: missing option (errcat.v1.entry): every value of a catalogue but the zero value is an entry`,
			`plugin_checks.proto:20: entry PLUGIN_CHECK_NEW_FOO: generated Go identifier NewFoo clashes with entry PLUGIN_CHECK_FOO in Go package "example.com/errcattest/pluginchecksv1"`,
			`plugin_checks.proto:29: entry PLUGIN_CHECK_PLUGIN_CHECK: generated Go identifier PluginCheck clashes with protoc-gen-go's enum errcattest.pluginchecks.v1.PluginCheck (plugin_checks.proto) in Go package "example.com/errcattest/pluginchecksv1"`,
			`plugin_checks.proto:37: entry PLUGIN_CHECK_RETRY_WITHOUT_DELAY option retry.delay: is required when retry is set, and must be positive`,
			`plugin_checks.proto:50: catalog OtherCheck option domain: "pluginchecks.example.com" is already used by catalog errcattest.pluginchecks.v1.PluginCheck (plugin_checks.proto:7)`,
			`plugin_checks.proto:52: entry WRONG_PREFIX: the value name must be the enum prefix "OTHER_CHECK_" followed by the reason`,
		},
	}, {
		file: "grpc_names.proto",
		want: []string{
			`grpc_names.proto:11: entry GRPC_NAME_NOT_FOUND: Go name NotFound is the name of a gRPC status code (google.golang.org/grpc/codes); set option go_name to a name that cannot be read as one (the reason stays NOT_FOUND)`,
			`grpc_names.proto:20: entry GRPC_NAME_CANCELLED: Go name Cancelled is the name of a gRPC status code (google.golang.org/grpc/codes); set option go_name to a name that cannot be read as one (the reason stays CANCELLED)`,
			`grpc_names.proto:36: entry GRPC_NAME_TOO_LATE option go_name: "DeadlineExceeded" is the name of a gRPC status code (google.golang.org/grpc/codes): choose a name that cannot be read as one`,
			`grpc_names.proto:45: entry GRPC_NAME_BAD_GO_NAME option go_name: "notExported" is not an exported Go identifier`,
		},
	}}
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.file, ".proto"), func(t *testing.T) {
			resp := Run(request(t, tt.file, "docs=docs"))
			if len(resp.File) != 0 {
				t.Errorf("generated %d files despite the errors", len(resp.File))
			}
			got := strings.Split(resp.GetError(), "\n")
			if !slices.Equal(got, tt.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestNoCatalogue checks that files without catalogues give no output:
// one that imports the options but defines no catalogue, and one that does
// not even see the options schema.
func TestNoCatalogue(t *testing.T) {
	for _, file := range []string{"errcat/v1/options.proto", "google/rpc/code.proto"} {
		resp := Run(request(t, file, "docs=docs"))
		if resp.Error != nil || len(resp.File) != 0 {
			t.Errorf("%s: got error %q and %d files, want neither", file, resp.GetError(), len(resp.File))
		}
	}
}

func TestParameters(t *testing.T) {
	resp := Run(request(t, "valid.proto", "colour=blue"))
	if want := `protoc-gen-errcat: unknown parameter "colour"`; resp.GetError() != want {
		t.Errorf("error %q, want %q", resp.GetError(), want)
	}
	// Without docs=, only Go is written.
	resp = Run(request(t, "valid.proto", ""))
	if resp.Error != nil || len(resp.File) != 1 || !strings.HasSuffix(resp.File[0].GetName(), ".errcat.go") {
		t.Errorf("without docs=: error %q, files %v", resp.GetError(), resp.File)
	}
}

func TestPanicIsReported(t *testing.T) {
	resp := runWith(request(t, "valid.proto", ""), func(*protogen.Plugin, options) ([]*pluginpb.CodeGeneratorResponse_File, error) {
		panic("boom")
	})
	if !strings.HasPrefix(resp.GetError(), "protoc-gen-errcat: internal error: boom") {
		t.Errorf("error %q, want an internal error", resp.GetError())
	}
}
