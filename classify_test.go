package errcat_test

import (
	"errors"
	"fmt"
	"io"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/errcat/errcat"
)

// classCatalog stands for the client catalogue (package codes) in the tests
// of Classified and the retry helpers.
var classCatalog = errcat.MustRegister(errcat.CatalogSpec{
	Name:   "errcat.test.v1.ClassError",
	Domain: "class.test.errcat.dev",
	DocURL: "https://errcat.dev/docs/class#{anchor}",
	Entries: []errcat.EntrySpec{
		{Number: 1, Reason: "UNREACHABLE", Code: "910001", GRPCCode: grpccodes.Unavailable, HTTPStatus: 503,
			Title: "Unreachable", Message: "Could not reach the API.", Description: "Down.",
			Resolutions: []string{"Check the connection."}, RetryDelay: 5 * time.Second},
		{Number: 2, Reason: "UNKNOWN_ERROR", Code: "910005", GRPCCode: grpccodes.Unknown, HTTPStatus: 500,
			Title: "Unknown", Message: "Unknown error.", Description: "Unknown."},
	},
})

var (
	unreachable  = classCatalog.ByReason("UNREACHABLE")
	unknownError = classCatalog.ByReason("UNKNOWN_ERROR")
)

// TestClassifiedKeepsTheOriginal: the classified error is typed by its
// entry, and the original error and status stay reachable, unchanged.
func TestClassifiedKeepsTheOriginal(t *testing.T) {
	orig := status.Error(grpccodes.Unimplemented, "unknown method Foo")
	wrapped := fmt.Errorf("calling: %w", orig)
	for _, original := range []error{orig, wrapped} {
		e := errcat.Classified(unknownError, original)
		if !errors.Is(e, unknownError) || e.Entry() != unknownError || !e.Known() {
			t.Errorf("not typed by its entry: %v", e)
		}
		if errors.Unwrap(e) != original || !errors.Is(e, orig) {
			t.Errorf("errors.Unwrap = %v, want the original", errors.Unwrap(e))
		}
		if e.Message() != "Unknown error." || e.Error() != "UNKNOWN_ERROR (910005): Unknown error." {
			t.Errorf("message %q, Error() %q", e.Message(), e.Error())
		}
		if e.GRPCCode() != grpccodes.Unknown {
			t.Errorf("GRPCCode %v, want the entry's", e.GRPCCode())
		}
		if !proto.Equal(e.GRPCStatus().Proto(), orig.(interface{ GRPCStatus() *status.Status }).GRPCStatus().Proto()) {
			t.Errorf("GRPCStatus %v, want the original status", e.GRPCStatus())
		}
		if status.Code(e) != grpccodes.Unimplemented || status.Convert(e).Message() != "unknown method Foo" {
			t.Errorf("status.Code %v, status.Convert %v", status.Code(e), status.Convert(e))
		}
		if !proto.Equal(e.StatusProto(errcat.StatusOptions{RequestID: "r"}), status.Convert(orig).Proto()) {
			t.Error("StatusProto does not re-emit the original status")
		}
		if e.Details().ErrorInfo != nil || e.Retryable() {
			t.Errorf("details %v retryable %v, want the original's (none)", e.Details(), e.Retryable())
		}
	}
}

// TestClassifiedWithoutStatus: an error without a gRPC status gets the
// entry's own encoding.
func TestClassifiedWithoutStatus(t *testing.T) {
	e := errcat.Classified(unreachable, io.ErrUnexpectedEOF)
	if errors.Unwrap(e) != io.ErrUnexpectedEOF {
		t.Errorf("Unwrap = %v", errors.Unwrap(e))
	}
	st := e.GRPCStatus()
	if st.Code() != grpccodes.Unavailable || st.Message() != "Could not reach the API." {
		t.Errorf("status %v", st)
	}
	if info := e.Details().ErrorInfo; info.GetReason() != "UNREACHABLE" || info.GetDomain() != "class.test.errcat.dev" {
		t.Errorf("ErrorInfo %v", info)
	}
	if e.RetryDelay() != 5*time.Second || errcat.RetryDelay(e) != 5*time.Second {
		t.Errorf("retry delay %v / %v, want the entry's 5s", e.RetryDelay(), errcat.RetryDelay(e))
	}
	if e := errcat.Classified(unknownError, nil); e.Unwrap() != nil || e.GRPCCode() != grpccodes.Unknown {
		t.Errorf("nil original: %v", e)
	}
}

// TestClassifiedRetryInfo: a RetryInfo of the original status wins over the
// entry's advice.
func TestClassifiedRetryInfo(t *testing.T) {
	st, _ := status.New(grpccodes.Unavailable, "overloaded").WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(42 * time.Second)})
	if d := errcat.Classified(unreachable, st.Err()).RetryDelay(); d != 42*time.Second {
		t.Errorf("delay %v, want the received 42s", d)
	}
	if d := errcat.Classified(unknownError, st.Err()).RetryDelay(); d != 42*time.Second {
		t.Errorf("non-retryable entry: delay %v, want the received 42s", d)
	}
	st, _ = status.New(grpccodes.Unavailable, "overloaded").WithDetails(&errdetails.RetryInfo{})
	if d := errcat.Classified(unknownError, st.Err()).RetryDelay(); d != time.Nanosecond {
		t.Errorf("RetryInfo without delay: %v, want 1ns", d)
	}
}
