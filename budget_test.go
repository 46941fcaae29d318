package errcat_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/errcat/errcat"
)

// TestBudgetGivesRoomBackToDetails: with a megabyte argument, the details
// dropped before the arguments were shortened come back if they fit, in
// the reverse drop order, so the request id and retry advice survive.
func TestBudgetGivesRoomBackToDetails(t *testing.T) {
	big := strings.Repeat("€", 1<<20/3)
	e := notFound.New(big, big).WithDetails(&errdetails.ResourceInfo{ResourceName: "users/42"},
		&errdetails.RetryInfo{RetryDelay: durationpb.New(time.Second)},
		&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: big}}})
	p := e.StatusProto(errcat.StatusOptions{RequestID: "r-1", Locale: "de", LocalizedMessage: big, Debug: true})
	if n := errcat.TrailerSize(p); n > errcat.DefaultTrailerBudget-512 {
		t.Fatalf("trailer block %d bytes", n)
	}
	got, ok := errcat.FromStatus(status.FromProto(p))
	if !ok {
		t.Fatal("no ErrorInfo")
	}
	d := got.Details()
	if d.RequestInfo.GetRequestId() != "r-1" || d.RetryInfo == nil || d.ResourceInfo.GetResourceName() != "users/42" {
		t.Errorf("small details lost: %v %v %v", d.RequestInfo, d.RetryInfo, d.ResourceInfo)
	}
	if d.BadRequest != nil || d.LocalizedMessage != nil || d.DebugInfo != nil {
		t.Errorf("huge details kept")
	}
	if md := d.ErrorInfo.GetMetadata(); md["truncated"] != "object,id" || !strings.HasSuffix(md["object"], "…") {
		t.Errorf("metadata %.80v", md)
	}
}

// TestBudgetDropsUndeclaredArgs: Entry.New with thousands of arguments the
// entry does not declare still fits; they are listed as a range.
func TestBudgetDropsUndeclaredArgs(t *testing.T) {
	args := make([]string, 5000)
	for i := range args {
		args[i] = strings.Repeat("x", 10)
	}
	p := notFound.New(args...).StatusProto(errcat.StatusOptions{})
	if n := errcat.TrailerSize(p); n > errcat.DefaultTrailerBudget {
		t.Fatalf("trailer block %d bytes", n)
	}
	got, ok := errcat.FromStatus(status.FromProto(p))
	if !ok || got.Arg("id") != args[1] {
		t.Fatalf("got %v %v", got, ok)
	}
	if tr := got.Details().ErrorInfo.GetMetadata()["truncated"]; tr != "arg2-arg4999" {
		t.Errorf("truncated = %q", tr)
	}
}

// TestBudgetSmallBudgets: budgets far below the default still deliver the
// ErrorInfo and fit.
func TestBudgetSmallBudgets(t *testing.T) {
	for _, budget := range []int{512, 1024, 2048, 4096} {
		p := notFound.New(strings.Repeat("ü", 4000), "42").StatusProto(errcat.StatusOptions{TrailerBudget: budget, RequestID: "r"})
		if n := errcat.TrailerSize(p); n > budget {
			t.Errorf("budget %d: trailer block %d bytes", budget, n)
		}
		if got, ok := errcat.FromStatus(status.FromProto(p)); !ok || got.Entry() != notFound || got.Arg("id") != "42" {
			t.Errorf("budget %d: ErrorInfo lost", budget)
		}
	}
}

// TestNormalizeShrinksErrorInfo: a passed-through status whose ErrorInfo
// alone is over budget is shrunk (this used to loop forever).
func TestNormalizeShrinksErrorInfo(t *testing.T) {
	cases := map[string]*errdetails.ErrorInfo{
		"long value":  {Reason: "R", Domain: "d.example", Metadata: map[string]string{"code": "1", "k": strings.Repeat("v", 100000)}},
		"many keys":   {Reason: "R", Domain: "d.example", Metadata: manyKeys(5000)},
		"long reason": {Reason: strings.Repeat("R", 100000), Domain: strings.Repeat("d", 100000)},
	}
	for name, ei := range cases {
		t.Run(name, func(t *testing.T) {
			a, _ := anypb.New(ei)
			st := &spb.Status{Code: 5, Message: strings.Repeat("m", 10000), Details: []*anypb.Any{{TypeUrl: "x/y.Z", Value: []byte{1}}, a}}
			// No wall-clock limit here: go test's -timeout catches a loop,
			// and BenchmarkDecodeMetadata measures the cost.
			st = errcat.Normalize(st, "d", 0)
			checkNormalized(t, st, errcat.DefaultTrailerBudget)
			got := &errdetails.ErrorInfo{}
			if err := st.Details[0].UnmarshalTo(got); err != nil {
				t.Fatal(err)
			}
			if name == "long value" && (got.Metadata["code"] != "1" || got.Metadata["truncated"] != "k") {
				t.Errorf("metadata %.100v", got.Metadata)
			}
		})
	}
}

func manyKeys(n int) map[string]string {
	m := map[string]string{"code": "000001"}
	for i := range n {
		m["key"+strings.Repeat("k", i%50)+string(rune('a'+i%26))+strings.Repeat("z", i/26)] = "value"
	}
	return m
}

// TestNormalizeRepairsErrorInfo: an ErrorInfo with invalid UTF-8 is
// repaired (protobuf runtimes refuse to decode it), an undecodable one is
// replaced, and a second one under another type URL prefix is dropped.
func TestNormalizeRepairsErrorInfo(t *testing.T) {
	bad := []byte{0x0a, 0x03, 'R', 0xff, 'X', 0x12, 0x02, 'd', 0xfe}
	st := &spb.Status{Code: 3, Message: "m\xff", Details: []*anypb.Any{
		nil,
		{TypeUrl: "type.googleapis.com/google.rpc.ErrorInfo", Value: []byte{0x0a, 0xff}}, // truncated: undecodable
		{TypeUrl: "example.com/google.rpc.ErrorInfo", Value: bad},
		{TypeUrl: "type.googleapis.com/google.rpc.ErrorInfo", Value: []byte{0x0a, 0x01, 'Z'}},
	}}
	errcat.Normalize(st, "d.example", 0)
	checkNormalized(t, st, errcat.DefaultTrailerBudget)
	got := &errdetails.ErrorInfo{}
	if err := st.Details[0].UnmarshalTo(got); err != nil {
		t.Fatal(err)
	}
	if got.Reason != "R\uFFFDX" || got.Domain != "d\uFFFD" || st.Message != "m\uFFFD" {
		t.Errorf("repaired to %q %q, message %q", got.Reason, got.Domain, st.Message)
	}
}

// checkNormalized checks what Normalize guarantees: the status marshals,
// carries exactly one ErrorInfo, which decodes, and fits the budget.
func checkNormalized(t *testing.T, st *spb.Status, budget int) {
	t.Helper()
	if _, err := proto.Marshal(st); err != nil {
		t.Fatalf("does not marshal: %v", err)
	}
	infos := 0
	for _, a := range st.Details {
		if strings.HasSuffix(a.GetTypeUrl(), "/google.rpc.ErrorInfo") {
			infos++
			if err := a.UnmarshalTo(&errdetails.ErrorInfo{}); err != nil {
				t.Errorf("ErrorInfo does not decode: %v", err)
			}
		}
	}
	if infos != 1 {
		t.Errorf("%d ErrorInfo details", infos)
	}
	if !utf8.ValidString(st.Message) {
		t.Error("message is not UTF-8")
	}
	if n := errcat.TrailerSize(st); n > budget {
		t.Errorf("trailer block %d bytes > %d", n, budget)
	}
	if _, ok := errcat.FromStatus(status.FromProto(st)); !ok {
		t.Error("FromStatus rejects it")
	}
}
