package errcat_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/errcat/errcat"
	_ "github.com/errcat/errcat/codes" // every generated entry, for the encoding tests
)

// The decoding fast paths (ErrorInfo parsed in place, arguments sharing one
// string, errors.As skipped for errors without a chain) must decode exactly
// what the general ones did.

func infoStatus(t *testing.T, info *errdetails.ErrorInfo) *status.Status {
	t.Helper()
	a, err := anypb.New(info)
	if err != nil {
		t.Fatal(err)
	}
	return status.FromProto(&spb.Status{Code: int32(grpccodes.NotFound), Message: "m", Details: []*anypb.Any{a}})
}

func TestFromStatusMetadata(t *testing.T) {
	many := map[string]string{"code": "000012", "object": "user", "id": "42"}
	for i := range 20 { // more entries than the parser keeps on the stack
		many["extra"+strconv.Itoa(i)] = "v" + strconv.Itoa(i)
	}
	tests := []struct {
		name     string
		md       map[string]string
		wantArgs []string
	}{
		{"both", map[string]string{"code": "000012", "object": "user", "id": "42"}, []string{"user", "42"}},
		{"missing", map[string]string{"id": "42"}, []string{"", "42"}},
		{"empty values", map[string]string{"object": "", "id": ""}, []string{"", ""}},
		{"none", nil, []string{"", ""}},
		{"many", many, []string{"user", "42"}},
		{"non-ASCII", map[string]string{"object": "Ảnh", "id": "日本"}, []string{"Ảnh", "日本"}},
	}
	for _, tt := range tests {
		e, ok := errcat.FromStatus(infoStatus(t, &errdetails.ErrorInfo{Reason: "OBJECT_NOT_FOUND", Domain: "test.errcat.dev", Metadata: tt.md}))
		if !ok || e.Entry() != notFound {
			t.Fatalf("%s: FromStatus = %v, %v", tt.name, e, ok)
		}
		if got := e.Args(); fmt.Sprint(got) != fmt.Sprint(tt.wantArgs) {
			t.Errorf("%s: args %q, want %q", tt.name, got, tt.wantArgs)
		}
	}
}

// TestFromStatusDuplicateKeys: in a map field, the last entry of a key wins,
// as in protobuf; fields inside the entries can come in any order.
func TestFromStatusDuplicateKeys(t *testing.T) {
	var b []byte
	b = append(b, 0x0a, 16)
	b = append(b, "OBJECT_NOT_FOUND"...)
	b = append(b, 0x12, 15)
	b = append(b, "test.errcat.dev"...)
	entry := func(k, v string, valueFirst bool) []byte {
		kf := append([]byte{0x0a, byte(len(k))}, k...)
		vf := append([]byte{0x12, byte(len(v))}, v...)
		if valueFirst {
			kf, vf = vf, kf
		}
		body := append(kf, vf...)
		return append([]byte{0x1a, byte(len(body))}, body...)
	}
	b = append(b, entry("id", "1", false)...)
	b = append(b, entry("object", "user", true)...)
	b = append(b, entry("id", "2", true)...)
	st := status.FromProto(&spb.Status{Code: 5, Details: []*anypb.Any{{TypeUrl: "type.googleapis.com/google.rpc.ErrorInfo", Value: b}}})
	e, ok := errcat.FromStatus(st)
	if !ok || e.Arg("id") != "2" || e.Arg("object") != "user" {
		t.Fatalf("FromStatus = %v, %v; args %q", e, ok, e.Args())
	}
}

func TestFromStatusUnknownEntry(t *testing.T) {
	st := infoStatus(t, &errdetails.ErrorInfo{Reason: "NOPE", Domain: "test.errcat.dev", Metadata: map[string]string{"b": "2", "a": "1", "code": "9"}})
	e, ok := errcat.FromStatus(st)
	if !ok || e.Known() || e.Reason() != "NOPE" || e.Code() != "9" || fmt.Sprint(e.Args()) != "[1 2]" {
		t.Fatalf("FromStatus = %v, %v (known %v, args %q)", e, ok, e.Known(), e.Args())
	}
}

func TestFromStatusDomainAlias(t *testing.T) {
	errcat.RegisterDomainAlias("alias.test.errcat.dev", "test.errcat.dev")
	e, ok := errcat.FromStatus(infoStatus(t, &errdetails.ErrorInfo{Reason: "OBJECT_NOT_FOUND", Domain: "alias.test.errcat.dev"}))
	if !ok || e.Entry() != notFound {
		t.Fatalf("FromStatus = %v, %v", e, ok)
	}
}

type asError struct{ target *errcat.Error }

func (a asError) Error() string { return "as" }
func (a asError) As(target any) bool {
	if p, ok := target.(**errcat.Error); ok {
		*p = a.target
		return true
	}
	return false
}

func TestAsErrorAndFromErrorChains(t *testing.T) {
	e := notFound.New("user", "42")
	wire := e.GRPCStatus().Err()
	tests := []struct {
		name    string
		err     error
		as, can bool // AsError finds e; FromError finds an error of notFound
	}{
		{"nil", nil, false, false},
		{"itself", e, true, true},
		{"wrapped", fmt.Errorf("w: %w", e), true, true},
		{"joined", errors.Join(errors.New("x"), e), true, true},
		{"As method", asError{e}, true, true},
		{"plain", errors.New("x"), false, false},
		{"status error", wire, false, true},
		{"wrapped status error", fmt.Errorf("w: %w", wire), false, true},
	}
	for _, tt := range tests {
		got, ok := errcat.AsError(tt.err)
		if ok != tt.as || ok && got != e {
			t.Errorf("%s: AsError = %v, %v", tt.name, got, ok)
		}
		d, ok := errcat.FromError(tt.err)
		if ok != tt.can || ok && d.Entry() != notFound {
			t.Errorf("%s: FromError = %v, %v", tt.name, d, ok)
		}
	}
}

// TestDecodeAllocations guards the decoding fast path: a received
// two-argument error decodes in a bounded number of allocations (the copy of
// the status grpc-go makes, the error, its arguments), and errors.Is on it
// allocates nothing.
func TestDecodeAllocations(t *testing.T) {
	b, err := proto.Marshal(notFound.New("user", "42").StatusProto(errcat.StatusOptions{RequestID: "r-1"}))
	if err != nil {
		t.Fatal(err)
	}
	received := decodeBytes(t, b).Err()
	var e *errcat.Error
	allocs := testing.AllocsPerRun(100, func() { e, _ = errcat.FromError(received) })
	if e.Arg("id") != "42" {
		t.Fatalf("decoded %v", e)
	}
	if allocs > 16 {
		t.Errorf("FromError: %v allocations, want at most 16", allocs)
	}
	if n := testing.AllocsPerRun(100, func() { _ = errors.Is(e, notFound) }); n != 0 {
		t.Errorf("errors.Is: %v allocations", n)
	}
}

// TestHandEncodedDetails: the details errcat encodes without building
// messages (Help whose steps use arguments, RequestInfo) are byte for byte
// what proto.Marshal makes of the messages, for every entry of every
// registered catalogue, with example, empty, missing and non-ASCII
// arguments.
func TestHandEncodedDetails(t *testing.T) {
	for _, c := range errcat.Catalogs() {
		for _, ent := range c.Entries() {
			var examples, empty, accents []string
			for _, a := range ent.ArgSpecs() {
				examples = append(examples, a.Example)
				empty = append(empty, "")
				accents = append(accents, "Ảnh “"+a.Name+"”")
			}
			for _, args := range [][]string{examples, empty, nil, accents} {
				st := ent.New(args...).StatusProto(errcat.StatusOptions{RequestID: "req-Ả", TrailerBudget: -1})
				want := map[string]proto.Message{
					"type.googleapis.com/google.rpc.RequestInfo": &errdetails.RequestInfo{RequestId: "req-Ả"},
				}
				if ent.DocURL() != "" {
					h := &errdetails.Help{}
					for _, r := range ent.Resolutions(args...) {
						h.Links = append(h.Links, &errdetails.Help_Link{Description: r, Url: ent.DocURL()})
					}
					if len(h.Links) == 0 {
						h.Links = append(h.Links, &errdetails.Help_Link{Description: ent.Code() + " " + ent.Reason(), Url: ent.DocURL()})
					}
					want["type.googleapis.com/google.rpc.Help"] = h
				}
				for _, a := range st.GetDetails() {
					m, ok := want[a.GetTypeUrl()]
					if !ok {
						continue
					}
					delete(want, a.GetTypeUrl())
					b, err := proto.Marshal(m)
					if err != nil {
						t.Fatal(err)
					}
					if string(b) != string(a.GetValue()) {
						t.Errorf("%s %q: %s is %x, proto.Marshal gives %x", ent.Reason(), args, a.GetTypeUrl(), a.GetValue(), b)
					}
				}
				if len(want) > 0 {
					t.Errorf("%s %q: missing details %v", ent.Reason(), args, want)
				}
			}
		}
	}
}

// TestTrailerSizeMatchesProtoSize: TrailerSize adds up field lengths
// instead of calling proto.Size; unknown fields, nil and empty details,
// negative codes and long values must not change the result.
func TestTrailerSizeMatchesProtoSize(t *testing.T) {
	unknown := protowire.AppendVarint(protowire.AppendTag(nil, 9, protowire.VarintType), 1<<40)
	anyUnknown := &anypb.Any{TypeUrl: "type.googleapis.com/x.Y", Value: []byte{1}}
	anyUnknown.ProtoReflect().SetUnknown(unknown)
	stUnknown := &spb.Status{Code: 3, Message: "m"}
	stUnknown.ProtoReflect().SetUnknown(unknown)
	long := &anypb.Any{TypeUrl: strings.Repeat("u", 200), Value: make([]byte, 20000)}
	for i, st := range []*spb.Status{
		{},
		{Code: -1},
		{Code: 1 << 30, Message: "héllo 100% \n"},
		{Code: 5, Details: []*anypb.Any{nil, {}, {TypeUrl: "t"}, {Value: []byte{0}}, anyUnknown, long}},
		stUnknown,
		notFound.New("user", "42").StatusProto(errcat.StatusOptions{RequestID: "r"}),
	} {
		msg := 0
		for _, c := range []byte(st.GetMessage()) {
			if c < 0x20 || c > 0x7E || c == '%' {
				msg += 3
			} else {
				msg++
			}
		}
		want := 32 + len("grpc-status") + len(strconv.Itoa(int(st.GetCode()))) +
			32 + len("grpc-message") + msg +
			32 + len("grpc-status-details-bin") + base64.RawStdEncoding.EncodedLen(proto.Size(st))
		if got := errcat.TrailerSize(st); got != want {
			t.Errorf("status %d: TrailerSize = %d, want %d", i, got, want)
		}
	}
}
