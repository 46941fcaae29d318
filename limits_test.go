package errcat_test

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/errcat/errcat"
)

// millionArgs is a request of one million one-byte arguments (repeated
// string) and the arguments a handler decodes from it.
func millionArgs(t testing.TB) (request int, args []string) {
	args = make([]string, 1_000_000)
	for i := range args {
		args[i] = "x"
	}
	var b []byte
	for _, a := range args {
		v, _ := proto.Marshal(wrapperspb.String(a))
		b = append(b, 0x0a, byte(len(v)))
		b = append(b, v[2:]...)
	}
	return len(b), args
}

// TestMillionArgsAllocation: a handler passing a million one-byte arguments
// to Entry.New, and the server encoding the error, allocate at most 20x the
// request (they used to allocate 80x, copying every argument first).
func TestMillionArgsAllocation(t *testing.T) {
	request, args := millionArgs(t)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	p := notFound.New(args...).StatusProto(errcat.StatusOptions{RequestID: "r-1"})
	runtime.ReadMemStats(&after)
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("request %d bytes, allocated %d bytes (%.2fx)", request, allocated, float64(allocated)/float64(request))
	if allocated > 20*uint64(request) {
		t.Errorf("allocated %d bytes for a request of %d", allocated, request)
	}
	e, ok := errcat.FromStatus(status.FromProto(p))
	if !ok || e.Arg("id") != "x" {
		t.Fatalf("decoded %v, %v", e, ok)
	}
	if tr := e.Details().ErrorInfo.GetMetadata()["truncated"]; tr != "arg2-arg999999" {
		t.Errorf("truncated = %q", tr)
	}
	// Without a budget, the kept extra arguments are sent and the dropped
	// ones listed.
	p = notFound.New(args...).StatusProto(errcat.StatusOptions{TrailerBudget: -1})
	e, _ = errcat.FromStatus(status.FromProto(p))
	md := e.Details().ErrorInfo.GetMetadata()
	if len(md) != 2+1+errcat.MaxExtraArgs+1 || md["truncated"] != "arg1026-arg999999" || md["arg1025"] != "x" {
		t.Errorf("%d metadata entries, truncated %q", len(md), md["truncated"])
	}
}

// BenchmarkMillionArgs: Entry.New and the encoding of an error with a
// million one-byte arguments; the baseline copies the arguments once, as
// New did before it dropped those beyond MaxExtraArgs.
func BenchmarkMillionArgs(b *testing.B) {
	_, args := millionArgs(b)
	b.Run("baseline=copy", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = append([]string(nil), args...)
		}
	})
	b.Run("New+StatusProto", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			notFound.New(args...).StatusProto(errcat.StatusOptions{})
		}
	})
}

// TestRetryDelayCap: a RetryInfo asking for 292 years is reported as
// MaxRetryDelay, received, attached or on a plain status; a RetryInfo
// without a delay still says "retry".
func TestRetryDelayCap(t *testing.T) {
	huge := &errdetails.RetryInfo{RetryDelay: durationpb.New(292 * 365 * 24 * time.Hour)}
	zero := &errdetails.RetryInfo{}
	for _, tt := range []struct {
		ri   *errdetails.RetryInfo
		want time.Duration
	}{{huge, errcat.MaxRetryDelay}, {zero, time.Nanosecond}} {
		attached := notFound.New("u", "1").WithDetails(tt.ri)
		received, _ := errcat.FromStatus(attached.GRPCStatus())
		a, _ := anypb.New(tt.ri)
		plain := status.FromProto(&spb.Status{Code: 14, Message: "m", Details: []*anypb.Any{a}}).Err()
		for name, err := range map[string]error{"attached": attached, "received": received, "plain": plain} {
			if got := errcat.RetryDelay(err); got != tt.want {
				t.Errorf("%s %v: RetryDelay = %v, want %v", name, tt.ri.GetRetryDelay().AsDuration(), got, tt.want)
			}
		}
		if got := errcat.Classified(tooMany, plain).RetryDelay(); got != tt.want {
			t.Errorf("classified: RetryDelay = %v, want %v", got, tt.want)
		}
	}
	if errcat.MaxRetryDelay > 24*time.Hour || !strings.Contains(errcat.MaxRetryDelay.String(), "24h") {
		t.Errorf("MaxRetryDelay = %v", errcat.MaxRetryDelay)
	}
}
