package errcat

import (
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
)

// MaxRetryDelay is the longest retry delay errcat reports: [RetryDelay],
// [Error.RetryDelay] and [Classified] errors cap a longer one (a hostile or
// broken server's RetryInfo can ask for centuries) at 24 hours. A client
// should still bound its own wait, as [RetryableWithin] does.
const MaxRetryDelay = 24 * time.Hour

// retryDelayOf is the delay ri advises, at most [MaxRetryDelay]. A
// RetryInfo without a positive delay still says "retry": it advises the
// smallest positive duration (1ns).
func retryDelayOf(ri *errdetails.RetryInfo) time.Duration {
	d := ri.GetRetryDelay().AsDuration()
	switch {
	case d <= 0:
		return time.Nanosecond
	case d > MaxRetryDelay:
		return MaxRetryDelay
	}
	return d
}

// findRetryInfo decodes the first google.rpc.RetryInfo of details, or nil.
func findRetryInfo(details []*anypb.Any) *errdetails.RetryInfo {
	for _, a := range details {
		if a.GetTypeUrl() != urlRetryInfo {
			continue
		}
		ri := &errdetails.RetryInfo{}
		if proto.Unmarshal(a.GetValue(), ri) == nil {
			return ri
		}
	}
	return nil
}

// Retryable reports whether a call that failed with err may be sent again
// unchanged: [RetryDelay] is positive. It is a func(error) bool, so it plugs
// into retry middleware as its predicate, such as go-grpc-middleware's
//
//	retry.UnaryClientInterceptor(retry.WithMax(3), retry.WithRetriable(errcat.Retryable))
//
// Retryable is false for nil.
func Retryable(err error) bool { return RetryDelay(err) > 0 }

// RetryDelay returns how long to wait before sending a call that failed with
// err again, or zero if it should not be retried:
//
//   - for an [*Error] in err's chain, or a status with a google.rpc.ErrorInfo
//     (decoded with [FromError]): [Error.RetryDelay], that is the delay of
//     the google.rpc.RetryInfo received or attached, else the entry's retry
//     advice (for a classified error, see [Classified]: the original
//     status's RetryInfo, else the entry's advice);
//   - for any other error carrying a gRPC status: the delay of its
//     google.rpc.RetryInfo, if it has one;
//   - otherwise zero.
//
// A RetryInfo without a positive delay still says "retry": RetryDelay then
// returns the smallest positive duration (1ns). No delay is longer than
// [MaxRetryDelay].
func RetryDelay(err error) time.Duration {
	if e, ok := FromError(err); ok {
		return e.RetryDelay()
	}
	st := statusOf(err)
	if st == nil {
		return 0
	}
	if ri := findRetryInfo(st.Proto().GetDetails()); ri != nil {
		return retryDelayOf(ri)
	}
	return 0
}

// RetryableWithin returns a retry predicate that accepts the errors
// [Retryable] accepts whose advised delay is at most max: a transient
// failure is retried at once by retry middleware (whose backoff does not
// read google.rpc.RetryInfo), while an error that asks for a long wait,
// such as a server in maintenance, goes back to the caller, who can tell
// the user:
//
//	retry.WithRetriable(errcat.RetryableWithin(10 * time.Second))
func RetryableWithin(max time.Duration) func(err error) bool {
	return func(err error) bool {
		d := RetryDelay(err)
		return d > 0 && d <= max
	}
}
