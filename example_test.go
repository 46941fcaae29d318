package errcat_test

import (
	"errors"
	"fmt"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
)

// Generated constructors take the entry's named arguments; the error renders
// the English template and matches its entry with errors.Is, also wrapped.
func ExampleEntry_New() {
	err := fmt.Errorf("loading invoice: %w", codes.NewObjectNotFound("invoice", "INV-7"))

	fmt.Println(errors.Is(err, codes.ObjectNotFound))
	var e *errcat.Error
	if errors.As(err, &e) {
		fmt.Println(e.Code(), e.Reason())
		fmt.Println(e.Message())
		fmt.Println(e.Entry().Resolutions(e.Args()...)[0])
	}
	// Output:
	// true
	// 000012 OBJECT_NOT_FOUND
	// Unable to locate invoice with id INV-7.
	// Verify that the ID INV-7 is correct.
}

// FromStatus decodes a received status without interceptors: an errcat
// status becomes the typed error of its entry, with every detail available.
func ExampleFromStatus() {
	// What a server sends for a rate-limited call...
	st := status.FromProto(codes.NewTooManyRequests().StatusProto(errcat.StatusOptions{RequestID: "req-42"}))

	// ...and what a client makes of it.
	e, ok := errcat.FromStatus(st)
	fmt.Println(ok, errors.Is(e, codes.TooManyRequests))
	fmt.Println(e.Retryable(), e.RetryDelay())
	fmt.Println(e.Details().RequestInfo.GetRequestId())
	// Output:
	// true true
	// true 2s
	// req-42
}

// Handlers attach standard details such as field violations; clients read
// them back with DetailAs (or Details()).
func ExampleDetailAs() {
	err := codes.NewRequiredFieldBlank("email").WithDetails(&errdetails.BadRequest{
		FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: "email", Description: "must not be blank"}},
	})
	received, _ := errcat.FromStatus(err.GRPCStatus()) // as if sent over the wire

	if br, ok := errcat.DetailAs[*errdetails.BadRequest](received); ok {
		fmt.Println(br.GetFieldViolations()[0].GetField(), "-", br.GetFieldViolations()[0].GetDescription())
	}
	// Output:
	// email - must not be blank
}

// A plain status, such as a proxy sends, becomes a typed error; the
// original status and error stay reachable.
func ExampleClassified() {
	original := status.Error(grpccodes.Unavailable, "no healthy upstream")
	err := errcat.Classified(unreachable, original)

	fmt.Println(err)
	fmt.Println(errors.Is(err, unreachable), errors.Unwrap(err) == original)
	fmt.Println(status.Code(err), status.Convert(err).Message())
	fmt.Println(errcat.Retryable(err), errcat.RetryDelay(err))
	// Output:
	// UNREACHABLE (910001): Could not reach the API.
	// true true
	// Unavailable no healthy upstream
	// true 5s
}

// Retryable and RetryDelay answer for any error: catalogue errors (sent,
// received or classified) and plain statuses with a google.rpc.RetryInfo.
func ExampleRetryDelay() {
	for _, err := range []error{
		unreachable.New(),                           // retry advice in the catalogue
		unknownError.New(),                          // none
		status.Error(grpccodes.Unavailable, "down"), // a plain status: no RetryInfo
		nil,
	} {
		fmt.Println(errcat.Retryable(err), errcat.RetryDelay(err))
	}
	// Output:
	// true 5s
	// false 0s
	// false 0s
	// false 0s
}
