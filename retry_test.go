package errcat_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/errcat/errcat"
)

func TestRetryableAndRetryDelay(t *testing.T) {
	withRetry := func(d time.Duration) error {
		st, _ := status.New(grpccodes.ResourceExhausted, "slow down").WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(d)})
		return st.Err()
	}
	decoded := func(e *errcat.Error) error {
		got, ok := errcat.FromStatus(e.GRPCStatus())
		if !ok {
			t.Fatal("does not decode")
		}
		return got
	}
	cases := []struct {
		name string
		err  error
		want time.Duration
	}{
		{"nil", nil, 0},
		{"plain error", errors.New("boom"), 0},
		{"context error", context.DeadlineExceeded, 0},
		{"status without details", status.Error(grpccodes.Unavailable, "down"), 0},
		{"status with RetryInfo", withRetry(3 * time.Second), 3 * time.Second},
		{"wrapped status with RetryInfo", fmt.Errorf("x: %w", withRetry(3*time.Second)), 3 * time.Second},
		{"status with empty RetryInfo", withRetry(0), time.Nanosecond},
		{"retryable entry", unreachable.New(), 5 * time.Second},
		{"wrapped retryable entry", fmt.Errorf("x: %w", unreachable.New()), 5 * time.Second},
		{"entry without advice", unknownError.New(), 0},
		{"attached RetryInfo", unknownError.New().WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(time.Minute)}), time.Minute},
		{"decoded retryable entry", decoded(unreachable.New()), 5 * time.Second},
		{"decoded entry without advice", decoded(unknownError.New()), 0},
		{"undecoded status of a retryable entry", unreachable.New().GRPCStatus().Err(), 5 * time.Second},
		{"classified", errcat.Classified(unreachable, status.Error(grpccodes.Unavailable, "refused")), 5 * time.Second},
		{"classified with RetryInfo", errcat.Classified(unknownError, withRetry(time.Second)), time.Second},
	}
	for _, c := range cases {
		if got := errcat.RetryDelay(c.err); got != c.want {
			t.Errorf("%s: RetryDelay = %v, want %v", c.name, got, c.want)
		}
		if got := errcat.Retryable(c.err); got != (c.want > 0) {
			t.Errorf("%s: Retryable = %v", c.name, got)
		}
	}
}

func TestRetryableWithin(t *testing.T) {
	within := errcat.RetryableWithin(5 * time.Second)
	for _, c := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{unknownError.New(), false},
		{unreachable.New(), true}, // 5s
		{unknownError.New().WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(time.Minute)}), false},
	} {
		if got := within(c.err); got != c.want {
			t.Errorf("%v: %v, want %v", c.err, got, c.want)
		}
	}
}
