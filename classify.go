package errcat

import (
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/errcat/errcat/internal/grpcstatus"
)

// Classified returns an error of entry standing for original: an error that
// carries no catalogue error, such as a transport failure or a plain status
// from a proxy, an authentication layer or a server without errcat. The
// client interceptors classify such errors this way (see package
// interceptors).
//
// The result is typed by entry and keeps original reachable:
//
//   - errors.Is and errors.As see the entry ([Error.Is], [AsError]);
//     [Error.Message] and [Error.Error] render the entry's message, and
//     [Error.GRPCCode] is the entry's code;
//   - errors.Unwrap (and [Error.Unwrap]) return original, so errors.Is
//     and errors.As also find what original wraps;
//   - if original carries a gRPC status (its own or one it wraps),
//     [Error.GRPCStatus], [Error.StatusProto] and [Error.Details] return
//     that status as received: status.Code(err) reports the original code,
//     and a proxy re-emits the original status unchanged; otherwise they
//     encode the entry, as for any error of it;
//   - [Error.RetryDelay] and [Error.Retryable] answer from the original
//     status's google.rpc.RetryInfo if it has one, else from the entry's
//     retry advice.
//
// Classified is for users who classify errors their own way: a fallback
// given to interceptors.WithFallback, or a client that does not use the
// interceptors, types an error with an entry of its own catalogue and keeps
// the original status intact, as interceptors.Classify does with the client
// catalogue.
//
// entry must not be nil. A nil original gives entry.New().
func Classified(entry *Entry, original error) *Error {
	e := &Error{entry: entry, cause: original}
	st := statusOf(original)
	if st == nil {
		return e
	}
	e.wireRaw = st.Proto() // a copy
	if ri := findRetryInfo(e.wireRaw.GetDetails()); ri != nil {
		e.extra = []proto.Message{ri}
	}
	return e
}

// statusOf returns the gRPC status err carries (its own or the first one in
// its chain, unchanged), or nil for nil, OK and errors without one.
func statusOf(err error) *status.Status {
	st := grpcstatus.Of(err)
	if st == nil || st.Code() == codes.OK {
		return nil
	}
	return st
}
