package main

import (
	"bytes"
	"encoding/base64"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/errcat/errcat"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// exec runs the command line and returns its exit status and outputs.
func exec(stdin string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func golden(t *testing.T, name string, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it); got:\n%s", path, got)
	}
}

func allEntries() []*errcat.Entry {
	var all []*errcat.Entry
	for _, c := range errcat.Catalogs() {
		all = append(all, c.Entries()...)
	}
	return all
}

func examples(e *errcat.Entry) []string {
	var ex []string
	for _, a := range e.Args() {
		ex = append(ex, a.Example)
	}
	return ex
}

// encode returns the grpc-status-details-bin value of st, as gRPC sends
// it: standard base64 without padding.
func encode(t *testing.T, st *spb.Status) string {
	t.Helper()
	b, err := proto.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	return base64.RawStdEncoding.EncodeToString(b)
}

// TestExplainEveryEntry explains every entry by code and by reason.
func TestExplainEveryEntry(t *testing.T) {
	var all strings.Builder
	for _, e := range allEntries() {
		code, out, stderr := exec("", "explain", "-domain", e.Domain(), e.Code())
		if code != 0 || stderr != "" {
			t.Fatalf("explain %s: status %d, stderr %s", e.Code(), code, stderr)
		}
		for _, want := range []string{e.Code(), e.Reason(), e.Domain(), e.Description(), fmt.Sprint(e.HTTPStatus())} {
			if !strings.Contains(out, want) {
				t.Errorf("explain %s lacks %q", e.Code(), want)
			}
		}
		for _, r := range e.Resolutions(placeholders(e)...) {
			if !strings.Contains(out, r) {
				t.Errorf("explain %s lacks resolution %q", e.Code(), r)
			}
		}
		if _, byReason, _ := exec("", "explain", "-domain", e.Domain(), strings.ToLower(e.Reason())); byReason != out {
			t.Errorf("explain %s by reason differs from by code", e.Code())
		}
		all.WriteString(out + "\n")
	}
	golden(t, "explain.golden", all.String())
}

// TestDecodeEveryEntry encodes every entry with its example arguments as a
// server sends it and decodes the trailer value back.
func TestDecodeEveryEntry(t *testing.T) {
	var all strings.Builder
	for _, e := range allEntries() {
		value := encode(t, e.New(examples(e)...).GRPCStatus().Proto())
		code, out, stderr := exec("", "decode", value)
		if code != 0 || stderr != "" {
			t.Fatalf("decode %s: status %d, stderr %s", e.Code(), code, stderr)
		}
		for _, want := range []string{
			"google.rpc.ErrorInfo", `"reason": "` + e.Reason() + `"`,
			"error       " + e.New(examples(e)...).Error(),
			"entry       " + e.Code() + " of ",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("decode %s lacks %q:\n%s", e.Code(), want, out)
			}
		}
		fmt.Fprintf(&all, "$ errcat decode %s\n%s\n", value, out)
	}
	golden(t, "decode.golden", all.String())
}

// TestDecodeInputForms: every way of passing the value gives the same output.
func TestDecodeInputForms(t *testing.T) {
	st := errcat.Lookup("errcat.dev", "OBJECT_NOT_FOUND").New("order", "4?2>").StatusProto(errcat.StatusOptions{
		RequestID: "req-1", Locale: "de", LocalizedMessage: "order mit der ID 4?2> wurde nicht gefunden.",
	})
	b, _ := proto.Marshal(st)
	raw := base64.RawStdEncoding.EncodeToString(b)
	_, want, _ := exec("", "decode", raw)
	golden(t, "decode_localized.golden", want)
	wrapped := ""
	for i := 0; i < len(raw); i += 60 {
		wrapped += raw[i:min(i+60, len(raw))] + "\n"
	}
	forms := []struct {
		name, stdin string
		args        []string
	}{
		{"padded", "", []string{base64.StdEncoding.EncodeToString(b)}},
		{"url alphabet", "", []string{base64.RawURLEncoding.EncodeToString(b)}},
		{"url padded", "", []string{base64.URLEncoding.EncodeToString(b)}},
		{"stdin", raw + "\n", nil},
		{"stdin wrapped", wrapped, nil},
		{"header line", "grpc-status-details-bin: " + raw + "\r\n", nil},
		{"header arg", "", []string{"Grpc-Status-Details-Bin:" + raw}},
	}
	for _, f := range forms {
		code, out, stderr := exec(f.stdin, append([]string{"decode"}, f.args...)...)
		if code != 0 || out != want {
			t.Errorf("%s: status %d, stderr %q, output differs:\n%s", f.name, code, stderr, out)
		}
	}
}

// TestDecodeOddStatuses: statuses errcat did not write still print, with
// what can be decoded decoded.
func TestDecodeOddStatuses(t *testing.T) {
	unknown := &anypb.Any{TypeUrl: "type.googleapis.com/warehouse.v1.StockLock", Value: []byte{0x0a, 0x03, 'A', '-', '1'}}
	garbage := &anypb.Any{TypeUrl: "type.googleapis.com/google.rpc.ErrorInfo", Value: []byte{0xff, 0xff}}
	info, _ := anypb.New(&errdetails.ErrorInfo{Reason: "STOCK_LOCKED", Domain: "warehouse.example.com", Metadata: map[string]string{"sku": "A-1"}})
	tests := []struct {
		name string
		st   *spb.Status
	}{
		{"no ErrorInfo", &spb.Status{Code: 14, Message: "connection refused"}},
		{"unknown domain and detail type", &spb.Status{Code: 9, Message: "stock locked", Details: []*anypb.Any{info, unknown}}},
		{"undecodable detail", &spb.Status{Code: 13, Message: "x", Details: []*anypb.Any{garbage}}},
	}
	var all strings.Builder
	for _, tt := range tests {
		code, out, stderr := exec("", "decode", encode(t, tt.st))
		if code != 0 {
			t.Errorf("%s: status %d, stderr %s", tt.name, code, stderr)
		}
		fmt.Fprintf(&all, "# %s\n%s\n", tt.name, out)
	}
	golden(t, "decode_odd.golden", all.String())
}

// TestBadInput: clear message, exit status 2 (1 for an unknown entry),
// never a panic.
func TestBadInput(t *testing.T) {
	badUTF8, _ := proto.Marshal(&spb.Status{Code: 5})
	badUTF8 = append(badUTF8, 0x12, 0x02, 0xff, 0xfe) // message: invalid UTF-8
	extra, _ := proto.Marshal(&spb.Status{Code: 5})
	extra = append(extra, 0x20, 0x01) // field 4: not in Status
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		msg   string
	}{
		{"no command", "", nil, 2, "Usage"},
		{"unknown command", "", []string{"frobnicate"}, 2, "unknown command"},
		{"explain nothing", "", []string{"explain"}, 2, "which entry"},
		{"explain unknown", "", []string{"explain", "999999"}, 1, "no entry"},
		{"explain bad domain", "", []string{"explain", "-domain", "nope.dev", "000012"}, 2, "no catalogue"},
		{"explain bad flag", "", []string{"explain", "-x", "000012"}, 2, "flag provided but not defined"},
		{"list args", "", []string{"list", "x"}, 2, "unexpected"},
		{"decode empty", "", []string{"decode", ""}, 2, "no value"},
		{"decode empty stdin", "  \n", []string{"decode"}, 2, "no value"},
		{"decode two args", "", []string{"decode", "a", "b"}, 2, "one value"},
		{"not base64", "", []string{"decode", "héllo!"}, 2, "not base64"},
		{"bad length", "", []string{"decode", "A"}, 2, "not base64"},
		{"not a status", "", []string{"decode", base64.StdEncoding.EncodeToString([]byte{0xff, 0xff, 0xff})}, 2, "not a google.rpc.Status"},
		{"invalid UTF-8", "", []string{"decode", base64.StdEncoding.EncodeToString(badUTF8)}, 2, "not a google.rpc.Status"},
		{"unknown fields", "", []string{"decode", base64.StdEncoding.EncodeToString(extra)}, 2, "fields a Status does not have"},
		{"too large", strings.Repeat("A", maxInput+4), []string{"decode"}, 2, "larger than"},
	}
	for _, tt := range tests {
		code, out, stderr := exec(tt.stdin, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.msg) {
			t.Errorf("%s: status %d, stderr %q; want %d and %q", tt.name, code, stderr, tt.code, tt.msg)
		}
		if tt.code != 0 && out != "" {
			t.Errorf("%s: wrote to stdout on failure: %q", tt.name, out)
		}
	}
	if code, out, _ := exec("", "help"); code != 0 || !strings.Contains(out, "errcat decode") {
		t.Errorf("help: %d %q", code, out)
	}
}

func TestList(t *testing.T) {
	code, out, stderr := exec("", "list")
	if code != 0 || stderr != "" {
		t.Fatalf("list: %d %s", code, stderr)
	}
	for _, e := range allEntries() {
		if !strings.Contains(out, e.Code()+" ") || !strings.Contains(out, e.Reason()) {
			t.Errorf("list lacks %s %s", e.Code(), e.Reason())
		}
	}
	golden(t, "list.golden", out)
}

// FuzzDecode: whatever the input, decode answers with 0 or 2, never a
// panic (status 3).
func FuzzDecode(f *testing.F) {
	for _, e := range allEntries()[:5] {
		b, _ := proto.Marshal(e.New(examples(e)...).GRPCStatus().Proto())
		f.Add(base64.StdEncoding.EncodeToString(b))
		f.Add(string(b))
	}
	f.Add("")
	f.Add("grpc-status-details-bin:")
	f.Fuzz(func(t *testing.T, in string) {
		for _, enc := range []string{in, base64.StdEncoding.EncodeToString([]byte(in))} {
			if code, _, stderr := exec(enc, "decode"); code != 0 && code != 2 {
				t.Fatalf("decode %q: status %d: %s", enc, code, stderr)
			}
		}
	})
}
