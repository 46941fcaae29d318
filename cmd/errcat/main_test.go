package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/internal/golden"
)

// exec runs the command line and returns its exit status and outputs.
func exec(stdin string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
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
	for _, a := range e.ArgSpecs() {
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
	golden.Check(t, filepath.Join("testdata", "explain.golden"), all.String())
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
	golden.Check(t, filepath.Join("testdata", "decode.golden"), all.String())
}

// TestDecodeInputForms: every way of passing the value gives the same output.
func TestDecodeInputForms(t *testing.T) {
	st := errcat.Lookup("errcat.dev", "OBJECT_NOT_FOUND").New("order", "4?2>").StatusProto(errcat.StatusOptions{
		RequestID: "req-1", Locale: "de", LocalizedMessage: "order mit der ID 4?2> wurde nicht gefunden.",
	})
	b, _ := proto.Marshal(st)
	raw := base64.RawStdEncoding.EncodeToString(b)
	_, want, _ := exec("", "decode", raw)
	golden.Check(t, filepath.Join("testdata", "decode_localized.golden"), want)
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
	golden.Check(t, filepath.Join("testdata", "decode_odd.golden"), all.String())
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
	golden.Check(t, filepath.Join("testdata", "list.golden"), out)
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

// hostileStatus is a status whose every printed string carries terminal
// escape sequences and bidi overrides. (Invalid UTF-8 cannot be marshalled,
// and a peer's status holding some does not decode.)
func hostileStatus(t testing.TB) *spb.Status {
	const bad = "\x1b]0;owned\x07\x1b[2J\u202egnp.exe\u0085\u009b31m"
	info, _ := anypb.New(&errdetails.ErrorInfo{Reason: "R" + bad, Domain: "d" + bad, Metadata: map[string]string{"k" + bad: "v" + bad}})
	req, _ := anypb.New(&errdetails.RequestInfo{RequestId: "id" + bad})
	help, _ := anypb.New(&errdetails.Help{Links: []*errdetails.Help_Link{{Description: "see" + bad, Url: "https://x/" + bad}}})
	return &spb.Status{Code: 13, Message: "m" + bad, Details: []*anypb.Any{
		info, req, help,
		{TypeUrl: "type.googleapis.com/x" + bad, Value: []byte("\x1b[31m")},
	}}
}

// nestedAny is an Any holding an Any, depth times: a small input whose
// indented JSON grows with the square of its depth.
func nestedAny(depth int) *spb.Status {
	const url = "type.googleapis.com/google.protobuf.Any"
	var v []byte
	for range depth {
		var b []byte
		b = protowire.AppendTag(b, 1, protowire.BytesType)
		b = protowire.AppendString(b, url)
		b = protowire.AppendTag(b, 2, protowire.BytesType)
		v = protowire.AppendBytes(b, v)
	}
	return &spb.Status{Code: 2, Message: "nested", Details: []*anypb.Any{{TypeUrl: url, Value: v}}}
}

// checkDecodeOutput fails if out could drive a terminal (controls other
// than newline, C1 controls, bidi or invisible formatting characters,
// invalid UTF-8) or is longer than 100 bytes per input byte.
func checkDecodeOutput(t *testing.T, in, out string) {
	t.Helper()
	if len(out) > 100*len(in) {
		t.Errorf("%d bytes of output for %d bytes of input (limit 100x)", len(out), len(in))
	}
	if !utf8.ValidString(out) {
		t.Errorf("output is not valid UTF-8")
	}
	for i, r := range out {
		if r < 0x20 && r != '\n' || unsafeRune(r) {
			t.Fatalf("output has %U at byte %d: %q", r, i, out[max(0, i-20):min(len(out), i+20)])
		}
	}
}

// TestDecodeEscapes: a status full of terminal escapes prints them escaped,
// in every field decode shows.
func TestDecodeEscapes(t *testing.T) {
	in := encode(t, hostileStatus(t))
	code, out, stderr := exec("", "decode", in)
	if code != 0 {
		t.Fatalf("decode: status %d: %s", code, stderr)
	}
	checkDecodeOutput(t, in, out)
	for _, want := range []string{`m\x1b]0;owned\x07\x1b[2J\u{202e}gnp.exe\u{0085}\u{009b}31m`, `id\x1b]0;owned`, `see\x1b]0;owned`, `https://x/\x1b]0`, `type.googleapis.com/x\x1b]0`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
}

// TestDecodeOutputBound: 0.24 MB of nested Any, which prints as about
// 48 MB of indented JSON, is cut to 100 bytes per input byte.
func TestDecodeOutputBound(t *testing.T) {
	in := encode(t, nestedAny(5000))
	if len(in) < 200_000 {
		t.Fatalf("input of %d bytes, want a larger one", len(in))
	}
	code, out, stderr := exec(in, "decode")
	if code != 0 {
		t.Fatalf("decode: status %d: %s", code, stderr)
	}
	checkDecodeOutput(t, in, out)
	if !strings.Contains(out, "nests more than 32 messages deep") {
		t.Errorf("output does not say the detail nests too deep:\n%.2000s", out)
	}
	// A nesting within the limit prints as JSON.
	if _, out, _ := exec("", "decode", encode(t, nestedAny(20))); !strings.Contains(out, `"@type": "type.googleapis.com/google.protobuf.Any"`) {
		t.Errorf("nested Any of depth 20 not printed as JSON:\n%s", out)
	}
}

// TestDecodeBound: output beyond 100 bytes per input byte is cut on a line
// boundary, with a line saying so.
func TestDecodeBound(t *testing.T) {
	out := []byte(strings.Repeat("0123456789\n", 100))
	for _, limit := range []int{0, 50, 200, 1099, 1100} {
		got := bound(out, limit)
		if len(out) <= limit {
			if string(got) != string(out) {
				t.Errorf("limit %d: output changed", limit)
			}
			continue
		}
		if len(got) > max(limit, 120) || !strings.HasSuffix(string(got), " more bytes (errcat decode prints at most 100 bytes per input byte)\n") {
			t.Errorf("limit %d: %d bytes: %q", limit, len(got), got)
		}
	}
}

// FuzzDecodeOutput: whatever status a peer sends, decode's output is
// escaped and at most 100 bytes per input byte.
func FuzzDecodeOutput(f *testing.F) {
	for _, st := range []*spb.Status{hostileStatus(f), nestedAny(50), {Code: 5}} {
		b, _ := proto.Marshal(st)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		in := base64.RawStdEncoding.EncodeToString(raw)
		if code, out, stderr := exec("", "decode", in); code == 0 {
			checkDecodeOutput(t, in, out)
		} else if code != 2 {
			t.Fatalf("decode: status %d: %s", code, stderr)
		}
	})
}
