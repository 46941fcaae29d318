package errcat_test

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/errcat/errcat"
	errtmpl "github.com/errcat/errcat/internal/tmpl"
)

// The fuzz targets of the runtime. Their seeds are the f.Add calls of each
// target (see "Seeds" below); a finding is kept as one more seed there once
// fixed. Run one with, for example:
//
//	go test -run '^$' -fuzz '^FuzzStatus$' -fuzztime 5m .

// watchdog crashes the fuzz worker with every goroutine's stack if one
// input takes longer than 10 s (the fuzzer itself only says "hung"); call
// the returned func when the input is done.
func watchdog() func() {
	done := make(chan struct{})
	go func() {
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			buf := make([]byte, 1<<20)
			panic("input takes over 10s:\n" + string(buf[:runtime.Stack(buf, true)]))
		}
	}()
	return func() { close(done) }
}

const (
	urlInfo       = "type.googleapis.com/google.rpc.ErrorInfo"
	urlBadRequest = "type.googleapis.com/google.rpc.BadRequest"
)

// FuzzDecodeStatusDetailsBin decodes arbitrary bytes as a client decodes
// grpc-status-details-bin: nothing may panic, and whatever decodes keeps
// what was received.
func FuzzDecodeStatusDetailsBin(f *testing.F) {
	for _, s := range decodeSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		p := &spb.Status{}
		if proto.Unmarshal(b, p) != nil {
			return
		}
		checkDecoded(t, p)
	})
}

// checkDecoded exercises everything a client can do with a received status
// p and checks that the error decoded from it keeps what was received.
func checkDecoded(t *testing.T, p *spb.Status) {
	st := status.FromProto(p)
	e, ok := errcat.FromStatus(st)
	if !ok {
		if p.GetCode() != 0 && hasDecodableInfo(p) {
			t.Fatalf("FromStatus rejects a status with a decodable ErrorInfo: %v", p)
		}
		return
	}
	d := e.Details()
	_ = e.Error()
	args := e.Args()
	_, _, _ = e.Retryable(), e.RetryDelay(), e.Known()
	_, _ = errcat.DetailAs[*errdetails.BadRequest](e)
	_, _ = errcat.DetailAs[*errdetails.LocalizedMessage](fmt.Errorf("wrapped: %w", e))
	if !errors.Is(e, e.Entry()) {
		t.Fatal("errors.Is(e, e.Entry()) = false")
	}
	if e.GRPCCode() != grpccodes.Code(p.GetCode()) || e.Message() != p.GetMessage() {
		t.Fatalf("code/message %v %q, received %v %q", e.GRPCCode(), e.Message(), p.GetCode(), p.GetMessage())
	}
	if !proto.Equal(e.GRPCStatus().Proto(), p) {
		t.Fatal("the status for re-emission differs from the one received")
	}
	// Re-sent by a server, it obeys the server's rules (#16): one
	// ErrorInfo, the budget, no upstream DebugInfo.
	fwd := e.StatusProto(errcat.StatusOptions{})
	checkNormalized(t, fwd, errcat.DefaultTrailerBudget)
	for _, a := range fwd.GetDetails() {
		if strings.HasSuffix(a.GetTypeUrl(), "/google.rpc.DebugInfo") {
			t.Fatal("DebugInfo re-sent without debug")
		}
	}
	if len(args) != len(e.Entry().ArgNames()) {
		t.Fatalf("%d args for %d names", len(args), len(e.Entry().ArgNames()))
	}
	// Where a protobuf runtime decodes the first ErrorInfo too, both agree.
	if info := firstInfo(p); info != nil {
		if e.Reason() != info.GetReason() || e.Domain() != info.GetDomain() {
			t.Fatalf("reason/domain %q %q, ErrorInfo says %q %q", e.Reason(), e.Domain(), info.GetReason(), info.GetDomain())
		}
		for i, n := range e.Entry().ArgNames() {
			if args[i] != info.GetMetadata()[n] {
				t.Fatalf("arg %s = %q, metadata says %q", n, args[i], info.GetMetadata()[n])
			}
		}
		if d.ErrorInfo == nil || d.ErrorInfo.GetReason() != info.GetReason() {
			t.Fatalf("Details().ErrorInfo = %v, want %v", d.ErrorInfo, info)
		}
	}
	if b, err := proto.Marshal(e.GRPCStatus().Proto()); err != nil || len(b) != proto.Size(p) {
		t.Fatalf("re-encoding: %v", err)
	}
}

// firstInfo decodes the first ErrorInfo of p with the protobuf runtime,
// or returns nil.
func firstInfo(p *spb.Status) *errdetails.ErrorInfo {
	for _, a := range p.GetDetails() {
		if a.GetTypeUrl() == urlInfo {
			info := &errdetails.ErrorInfo{}
			if proto.Unmarshal(a.GetValue(), info) != nil {
				return nil
			}
			return info
		}
	}
	return nil
}

func hasDecodableInfo(p *spb.Status) bool { return firstInfo(p) != nil }

// FuzzStatus builds google.rpc.Status values from fuzz inputs (code,
// message, ErrorInfo fields and metadata, raw and duplicated details, bad
// UTF-8 anywhere) and passes them through what a server does with a status a
// handler built (Normalize) and what a client does with one it received
// (FromStatus, re-encoding). Normalize's result must always marshal, carry
// exactly one ErrorInfo and fit the budget.
func FuzzStatus(f *testing.F) {
	for _, s := range statusSeeds() {
		f.Add(s.code, s.msg, s.reason, s.domain, s.key, s.val, s.url, s.value, s.shape, s.size)
	}
	f.Fuzz(func(t *testing.T, code int32, msg, reason, domain, key, val, url string, value []byte, shape, size uint8) {
		defer watchdog()()
		p := buildStatus(code, msg, reason, domain, key, val, url, value, shape, size)
		budget := []int{0, 512, 1024, 4096, 8192, 16384, -1}[int(size)%7]

		// As a client: only what unmarshals can arrive.
		if b, err := proto.Marshal(p); err == nil {
			q := &spb.Status{}
			if err := proto.Unmarshal(b, q); err != nil {
				t.Fatalf("a marshalled status does not unmarshal: %v", err)
			}
			checkDecoded(t, q)
		}

		// As a server passing a handler's status through.
		n := errcat.Normalize(proto.Clone(p).(*spb.Status), "runtime.errcat.dev", budget)
		b, err := proto.Marshal(n)
		if err != nil {
			t.Fatalf("Normalize's status does not marshal: %v", err)
		}
		infos := 0
		for _, a := range n.GetDetails() {
			if a == nil {
				t.Fatal("nil detail kept")
			}
			if strings.HasSuffix(a.GetTypeUrl(), "/google.rpc.ErrorInfo") || a.GetTypeUrl() == "google.rpc.ErrorInfo" {
				infos++
				if err := proto.Unmarshal(a.GetValue(), &errdetails.ErrorInfo{}); err != nil {
					t.Fatalf("Normalize's ErrorInfo does not decode: %v", err)
				}
			}
		}
		if infos != 1 {
			t.Fatalf("Normalize's status has %d ErrorInfo details", infos)
		}
		if budget >= 0 {
			limit := budget
			if limit == 0 {
				limit = errcat.DefaultTrailerBudget
			}
			if sz := errcat.TrailerSize(n); sz > limit {
				t.Fatalf("Normalize's status takes %d bytes of trailers, budget %d", sz, limit)
			}
		}
		q := &spb.Status{}
		if err := proto.Unmarshal(b, q); err != nil {
			t.Fatal(err)
		}
		if q.GetCode() != 0 {
			if _, ok := errcat.FromStatus(status.FromProto(q)); !ok {
				t.Fatal("FromStatus rejects Normalize's status")
			}
		}
		checkDecoded(t, q)
	})
}

// buildStatus assembles a status; shape selects its parts:
//
//	bit 0: an ErrorInfo of reason, domain and metadata {key: val, code: val}
//	bit 1: the ErrorInfo's value is the raw bytes value instead
//	bit 2: a second ErrorInfo under another type URL prefix
//	bit 3: a BadRequest with a violation (key, val), encoded raw
//	bit 4: a nil detail and a duplicate of the custom detail
//	bits 5-7: 2^n metadata entries (key + index)
//
// and the high bits of size repeat val (up to 128 KiB in all).
func buildStatus(code int32, msg, reason, domain, key, val, url string, value []byte, shape, size uint8) *spb.Status {
	entries := 1 << (shape >> 5)
	if rep := int(size >> 3); rep > 0 && len(val) > 0 {
		val = strings.Repeat(val, min(rep*rep*16, (128<<10)/(len(val)*entries)+1))
	}
	p := &spb.Status{Code: code, Message: msg}
	custom := &anypb.Any{TypeUrl: url, Value: value}
	if shape&1 != 0 {
		info := rawInfo(reason, domain, key, val, entries)
		if shape&2 != 0 {
			info = value
		}
		p.Details = append(p.Details, &anypb.Any{TypeUrl: urlInfo, Value: info})
	}
	p.Details = append(p.Details, custom)
	if shape&4 != 0 {
		p.Details = append(p.Details, &anypb.Any{TypeUrl: "example.com/google.rpc.ErrorInfo", Value: rawInfo(domain, reason, val, key, 1)})
	}
	if shape&8 != 0 {
		var v []byte
		v = protowire.AppendTag(v, 1, protowire.BytesType)
		var fv []byte
		fv = protowire.AppendTag(fv, 1, protowire.BytesType)
		fv = protowire.AppendString(fv, key)
		fv = protowire.AppendTag(fv, 2, protowire.BytesType)
		fv = protowire.AppendString(fv, val)
		v = protowire.AppendBytes(v, fv)
		p.Details = append(p.Details, &anypb.Any{TypeUrl: urlBadRequest, Value: v})
	}
	if shape&16 != 0 {
		p.Details = append(p.Details, nil, proto.Clone(custom).(*anypb.Any))
	}
	return p
}

// rawInfo encodes an ErrorInfo by hand, so that its strings may be invalid
// UTF-8 (proto.Marshal would refuse).
func rawInfo(reason, domain, key, val string, entries int) []byte {
	var b []byte
	b = protowire.AppendTag(b, 1, protowire.BytesType)
	b = protowire.AppendString(b, reason)
	b = protowire.AppendTag(b, 2, protowire.BytesType)
	b = protowire.AppendString(b, domain)
	entry := func(k, v string) {
		var e []byte
		e = protowire.AppendTag(e, 1, protowire.BytesType)
		e = protowire.AppendString(e, k)
		e = protowire.AppendTag(e, 2, protowire.BytesType)
		e = protowire.AppendString(e, v)
		b = protowire.AppendTag(b, 3, protowire.BytesType)
		b = protowire.AppendBytes(b, e)
	}
	entry("code", val)
	for i := range entries {
		k := key
		if i > 0 {
			k += strconv.Itoa(i)
		}
		entry(k, val)
	}
	return b
}

// FuzzRender renders arbitrary templates with arbitrary arguments: through
// internal/tmpl's Parse (errcat's and i18n's parser), and as the message of an entry encoded by
// Entry.New(args...).StatusProto with a request id, localized message and
// debug cause from the inputs. Nothing may panic; the status always
// marshals, has valid UTF-8 strings, starts with the ErrorInfo and fits the
// budget.
func FuzzRender(f *testing.F) {
	for _, s := range renderSeeds() {
		f.Add(s.tmpl, s.args, s.extra, s.declared, s.size)
	}
	names := []string{"p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7"}
	f.Fuzz(func(t *testing.T, tmpl, argBlob, extra string, declared, size uint8) {
		defer watchdog()()
		var args []string
		if argBlob != "" {
			args = strings.Split(argBlob, "\x1f")
		}
		if rep := int(size >> 3); rep > 0 {
			for i := range args {
				if len(args[i]) > 0 {
					args[i] = strings.Repeat(args[i], min(rep*rep*16, (128<<10)/(len(args[i])*len(args))+1))
				}
			}
		}
		k := int(declared) % (len(names) + 1)

		// Parse and Render.
		if tm, err := errtmpl.Parse(tmpl, names[:k]); err == nil {
			out := tm.Render(args)
			if utf8.ValidString(tmpl) && allValid(args) && !utf8.ValidString(out) {
				t.Fatalf("valid template and args render invalid UTF-8 %q", out)
			}
			_ = tm.Uses(k)
		}

		// As an entry's message: every declared argument used.
		msg := tmpl
		for i := range k {
			msg += " {" + strconv.Itoa(i) + "}"
		}
		spec := errcat.EntrySpec{Number: 1, Reason: "FUZZ_ENTRY", Code: "000001", GRPCCode: grpccodes.FailedPrecondition,
			HTTPStatus: 400, Title: "Fuzz", Message: msg, Description: "d", Resolutions: []string{"Check {0}."}}
		if k == 0 {
			spec.Resolutions = nil
		}
		for _, n := range names[:k] {
			spec.Args = append(spec.Args, errcat.ArgSpec{Name: n})
		}
		c, err := errcat.NewCatalog(errcat.CatalogSpec{Name: "fuzz.v1.FuzzError", Domain: "fuzz.errcat.dev",
			DocURL: "https://errcat.dev/docs/fuzz#{anchor}", Entries: []errcat.EntrySpec{spec}})
		if err != nil {
			return // not a valid catalogue message
		}
		budget := []int{0, 512, 1024, 4096, 8192, 16384, -1}[int(size)%7]
		e := c.ByReason("FUZZ_ENTRY").New(args...).WithCause(errors.New(extra)).
			WithDetails(&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: extra, Description: argBlob}}})
		p := e.StatusProto(errcat.StatusOptions{RequestID: extra, Locale: "x-fuzz", LocalizedMessage: argBlob,
			Debug: size&1 != 0, DebugStack: args, TrailerBudget: budget})
		b, err := proto.Marshal(p)
		if err != nil {
			t.Fatalf("status does not marshal: %v", err)
		}
		if !utf8.ValidString(p.GetMessage()) {
			t.Fatalf("message is not UTF-8: %q", p.GetMessage())
		}
		if budget >= 0 {
			limit := budget
			if limit == 0 {
				limit = errcat.DefaultTrailerBudget
			}
			if sz := errcat.TrailerSize(p); sz > limit {
				t.Fatalf("trailer block %d bytes, budget %d", sz, limit)
			}
		}
		q := &spb.Status{}
		if err := proto.Unmarshal(b, q); err != nil {
			t.Fatal(err)
		}
		if len(q.Details) == 0 || q.Details[0].GetTypeUrl() != urlInfo {
			t.Fatal("ErrorInfo is not the first detail")
		}
		info := &errdetails.ErrorInfo{}
		if err := q.Details[0].UnmarshalTo(info); err != nil {
			t.Fatalf("ErrorInfo does not decode: %v", err)
		}
		if info.GetReason() != "FUZZ_ENTRY" || info.GetDomain() != "fuzz.errcat.dev" || info.GetMetadata()["code"] != "000001" {
			t.Fatalf("ErrorInfo %v", info)
		}
		truncated := info.GetMetadata()["truncated"]
		for i, n := range names[:k] {
			want := ""
			if i < len(args) {
				want = strings.ToValidUTF8(args[i], "\uFFFD")
			}
			got, ok := info.GetMetadata()[n]
			if !ok || got != want && !strings.Contains(","+truncated+",", ","+n+",") {
				t.Fatalf("arg %s = %q, want %q (truncated %q)", n, got, want, truncated)
			}
		}
		checkDecoded(t, q)
	})
}

func allValid(ss []string) bool {
	for _, s := range ss {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return true
}

// Seeds.

func decodeSeeds() [][]byte {
	var out [][]byte
	add := func(p *spb.Status) {
		b, err := proto.MarshalOptions{Deterministic: true}.Marshal(p)
		if err != nil {
			panic(err)
		}
		out = append(out, b)
	}
	add(notFound.New("user", "42").StatusProto(errcat.StatusOptions{RequestID: "r-1", Locale: "de", LocalizedMessage: "Nicht gefunden"}))
	add(tooMany.New().StatusProto(errcat.StatusOptions{Debug: true, DebugStack: []string{"main.go:1"}}))
	add(notFound.New(strings.Repeat("€", 5000), "42").StatusProto(errcat.StatusOptions{}))
	deterministic := func(m proto.Message) *anypb.Any {
		a := &anypb.Any{}
		if err := anypb.MarshalFrom(a, m, proto.MarshalOptions{Deterministic: true}); err != nil {
			panic(err)
		}
		return a
	}
	unknown := &spb.Status{Code: int32(grpccodes.Aborted), Message: "try later", Details: []*anypb.Any{
		deterministic(&errdetails.ErrorInfo{Reason: "STOCK_LOCKED", Domain: "warehouse.example.com", Metadata: map[string]string{"sku": "A-1", "code": "W1"}}),
		deterministic(&errdetails.RetryInfo{}),
	}}
	add(unknown)
	p := proto.Clone(unknown).(*spb.Status)
	p.Details = append(p.Details, &anypb.Any{TypeUrl: "type.googleapis.com/warehouse.v1.StockLock", Value: []byte{0x0a, 0x03, 'A', '-', '1'}},
		&anypb.Any{TypeUrl: urlBadRequest, Value: []byte{0x0a, 0x04, 0x0a, 0x02, 0xff, 0xfe}})
	add(p)
	add(&spb.Status{Code: 5, Message: "no info"})
	add(&spb.Status{Code: 5, Details: []*anypb.Any{{TypeUrl: urlInfo, Value: []byte{0x1a, 0x05, 0x0a, 0x03, 'c', 'o', 'd'}}}})
	add(&spb.Status{Code: 13, Details: []*anypb.Any{{TypeUrl: urlInfo, Value: rawInfo("R\xff", "d\xfe", "k\xc3", "v\xe2\x82", 3)}}})
	out = append(out, nil, []byte{0x08}, []byte{0x1a, 0xff, 0xff, 0xff, 0xff, 0x0f})
	return out
}

type statusSeed struct {
	code                               int32
	msg, reason, domain, key, val, url string
	value                              []byte
	shape, size                        uint8
}

func statusSeeds() []statusSeed {
	return []statusSeed{
		{5, "not found", "OBJECT_NOT_FOUND", "errcat.dev", "object", "user", "type.googleapis.com/x.Y", []byte{1}, 1, 0},
		{5, "not found", "OBJECT_NOT_FOUND", "errcat.dev", "object", "user", "type.googleapis.com/x.Y", []byte{1}, 0xff, 0xff},
		{3, "bad \xff message", "R\xff", "d\xfe", "k\xc3", "v\xe2\x82", "u\xff", []byte{0xff}, 0x1f, 3},
		{13, strings.Repeat("€", 4000), "R", "d", "k", "v", "", nil, 0xe1, 0xf8},
		{0, "", "", "", "", "", "", nil, 0, 0},
		{-1, "neg", "X", "y", "z", "w", "type.googleapis.com/google.rpc.ErrorInfo", []byte{0x0a, 0x01, 'Q'}, 0x03, 1},
		{14, "raw info", "", "", "", "", "a/b", []byte{0x0a, 0x80}, 0x03, 4},
		{9, "long value", "R", "d", "k", strings.Repeat("v", 200), "x", nil, 0x01, 0xfe},
		// A known entry with a second ErrorInfo: re-sent, it had two.
		{-14, "0", "OBJECT_NOT_FOUND", "errcat.dev", "0", "0", "0", []byte("0"), 0xed, 0xff},
	}
}

type renderSeed struct {
	tmpl, args, extra string
	declared, size    uint8
}

func renderSeeds() []renderSeed {
	return []renderSeed{
		{"Unable to locate {0} with id {1}.", "user\x1f42", "req-1", 2, 0},
		{"Unable to locate {p0} with id {p1}.", "user\x1f42", "req-1", 2, 0},
		{"{ not a placeholder } {0", "a", "", 1, 1},
		{"", "", "", 0, 0},
		{"€ {0} 😀", "é\xff\x1f\xc3", "bad\xff", 1, 0xff},
		{"many", strings.Repeat("x\x1f", 300), "e", 0, 0xf9},
		{"{7}{6}{5}{4}{3}{2}{1}{0}", "a\x1fb\x1fc\x1fd\x1fe\x1ff\x1fg\x1fh\x1fi", "x", 8, 0x42},
		{strings.Repeat("long literal ", 1000), "a", "b", 1, 2},
		{"{nope}", "a", "", 1, 0},
	}
}
