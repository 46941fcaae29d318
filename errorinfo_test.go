package errcat_test

import (
	"fmt"
	"maps"
	"strconv"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/errcat/errcat"
)

// largeInfo encodes an ErrorInfo of reason and the test domain with the
// given metadata entries, in order (repeated keys included), as a hostile
// peer would send it: built at run time, never committed.
func largeInfo(reason string, keys, values []string) []byte {
	b := protowire.AppendTag(nil, 1, protowire.BytesType)
	b = protowire.AppendString(b, reason)
	b = protowire.AppendTag(b, 2, protowire.BytesType)
	b = protowire.AppendString(b, "test.errcat.dev")
	for i, k := range keys {
		var e []byte
		e = protowire.AppendTag(e, 1, protowire.BytesType)
		e = protowire.AppendString(e, k)
		e = protowire.AppendTag(e, 2, protowire.BytesType)
		e = protowire.AppendString(e, values[i])
		b = protowire.AppendTag(b, 3, protowire.BytesType)
		b = protowire.AppendBytes(b, e)
	}
	return b
}

// manyEntries returns n metadata entries: the test entry's two arguments
// and a code among n-3 others.
func manyEntries(n int) (keys, values []string) {
	keys, values = []string{"object", "id", "code"}, []string{"user", "42", "000012"}
	for i := 3; i < n; i++ {
		keys = append(keys, "k"+strconv.Itoa(i))
		values = append(values, "v")
	}
	return keys[:n], values[:n]
}

func infoWire(info []byte) *status.Status {
	return status.FromProto(&spb.Status{Code: 5, Message: "m", Details: []*anypb.Any{{TypeUrl: urlInfo, Value: info}}})
}

// TestLargeMetadataDecodes: a known entry and an unknown one with 100,000
// metadata entries, repeated keys among them, decode as protobuf decodes
// the map (the last entry of a key wins).
func TestLargeMetadataDecodes(t *testing.T) {
	keys, values := manyEntries(100_000)
	keys = append(keys, "id", "k7", "k99999")
	values = append(values, "43", "seven", "last")
	for _, reason := range []string{"OBJECT_NOT_FOUND", "NOT_IN_ANY_CATALOGUE"} {
		info := largeInfo(reason, keys, values)
		want := &errdetails.ErrorInfo{}
		if err := proto.Unmarshal(info, want); err != nil {
			t.Fatal(err)
		}
		e, ok := errcat.FromStatus(infoWire(info))
		if !ok {
			t.Fatalf("%s: not decoded", reason)
		}
		if e.Arg("id") != "43" || e.Code() != "000012" {
			t.Errorf("%s: id %q code %q", reason, e.Arg("id"), e.Code())
		}
		if !e.Known() {
			got, args := map[string]string{"code": e.Code()}, e.Args()
			for i, name := range e.Entry().ArgNames() {
				got[name] = args[i]
			}
			if !maps.Equal(got, want.Metadata) {
				t.Errorf("%s: %d metadata entries decoded, protobuf finds %d", reason, len(got), len(want.Metadata))
			}
		}
		p := errcat.Normalize(proto.Clone(infoWire(info).Proto()).(*spb.Status), "d", 0)
		checkNormalized(t, p, errcat.DefaultTrailerBudget)
	}
}

// BenchmarkDecodeMetadata shows decoding linear in the ErrorInfo metadata:
// FromStatus of a known entry and of an unknown one, and Normalize, with
// 10, 1,000 and 100,000 metadata entries; the baseline is proto.Unmarshal
// of the same ErrorInfo (what a plain grpc-go client pays to read it).
func BenchmarkDecodeMetadata(b *testing.B) {
	for _, n := range []int{10, 1_000, 100_000} {
		keys, values := manyEntries(n)
		known, unknown := largeInfo("OBJECT_NOT_FOUND", keys, values), largeInfo("NOT_IN_ANY_CATALOGUE", keys, values)
		b.Run(fmt.Sprintf("entries=%d/baseline=proto.Unmarshal", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := proto.Unmarshal(known, &errdetails.ErrorInfo{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("entries=%d/FromStatus=known", n), func(b *testing.B) {
			st := infoWire(known)
			b.ReportAllocs()
			for b.Loop() {
				if e, ok := errcat.FromStatus(st); !ok || e.Arg("id") != "42" {
					b.Fatal("not decoded")
				}
			}
		})
		b.Run(fmt.Sprintf("entries=%d/FromStatus=unknown", n), func(b *testing.B) {
			st := infoWire(unknown)
			b.ReportAllocs()
			for b.Loop() {
				if e, ok := errcat.FromStatus(st); !ok || e.Arg("id") != "42" {
					b.Fatal("not decoded")
				}
			}
		})
		b.Run(fmt.Sprintf("entries=%d/Normalize", n), func(b *testing.B) {
			raw := infoWire(unknown).Proto()
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				st := proto.Clone(raw).(*spb.Status)
				b.StartTimer()
				errcat.Normalize(st, "d", 0)
			}
		})
	}
}

// BenchmarkForwardLargeMetadata is what an edge pays for a hostile
// upstream's ErrorInfo (see interceptors.TestHostileHugeErrorInfo): decode
// with FromStatus, then encode again under the default 8 KiB budget with
// StatusProto, for a known entry (encoded from its arguments) and an unknown
// one (normalized), with 1,000 and 64,000 metadata entries.
func BenchmarkForwardLargeMetadata(b *testing.B) {
	for _, n := range []int{1_000, 64_000} {
		keys, values := manyEntries(n)
		for _, reason := range []string{"OBJECT_NOT_FOUND", "NOT_IN_ANY_CATALOGUE"} {
			st := infoWire(largeInfo(reason, keys, values))
			b.Run(fmt.Sprintf("entries=%d/reason=%s", n, reason), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					e, ok := errcat.FromStatus(st)
					if !ok {
						b.Fatal("not decoded")
					}
					if p := e.StatusProto(errcat.StatusOptions{RequestID: "edge-1"}); len(p.GetDetails()) == 0 {
						b.Fatal("no details")
					}
				}
			})
		}
	}
}

// FuzzLargeMetadata builds an ErrorInfo of up to 20,000 metadata entries
// from a few fuzzed keys and values (repeated keys, empty ones, invalid
// UTF-8), for a known and an unknown reason: FromStatus decodes the map as
// protobuf does, and Normalize gives a status that keeps the contract.
func FuzzLargeMetadata(f *testing.F) {
	f.Add(uint16(3), "id", "42", "object", "user", false)
	f.Add(uint16(20000), "k", "v", "id", "", true)
	f.Add(uint16(9), "code", "\xff", "id\xfe", "x", false)
	f.Add(uint16(500), "truncated", "a,b,id", "", "€", true)
	f.Fuzz(func(t *testing.T, n uint16, k1, v1, k2, v2 string, known bool) {
		n %= 20_001
		reason := "NOT_IN_ANY_CATALOGUE"
		if known {
			reason = "OBJECT_NOT_FOUND"
		}
		var keys, values []string
		for i := range int(n) {
			switch i % 4 {
			case 0:
				keys, values = append(keys, k1), append(values, v1+strconv.Itoa(i))
			case 1:
				keys, values = append(keys, k2), append(values, v2)
			default:
				keys, values = append(keys, k1+strconv.Itoa(i%1000)), append(values, v2)
			}
		}
		info := largeInfo(reason, keys, values)
		e, ok := errcat.FromStatus(infoWire(info))
		if !ok {
			t.Fatal("not decoded")
		}
		// Where protobuf decodes the map (valid UTF-8), errcat agrees.
		want := &errdetails.ErrorInfo{}
		if proto.Unmarshal(info, want) == nil {
			if !e.Known() && e.Code() != want.Metadata["code"] {
				t.Errorf("code %q, protobuf %q", e.Code(), want.Metadata["code"])
			}
			args := e.Args()
			for i, name := range e.Entry().ArgNames() {
				if got := args[i]; got != want.Metadata[name] {
					t.Errorf("arg %q = %q, protobuf %q", name, got, want.Metadata[name])
				}
			}
		}
		checkNormalized(t, errcat.Normalize(infoWire(info).Proto(), "d", 0), errcat.DefaultTrailerBudget)
	})
}
