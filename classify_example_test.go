package errcat_test

import (
	"errors"
	"fmt"

	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/errcat/errcat"
)

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
