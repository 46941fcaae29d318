// Package playground implements errcat.playground.v1.PlaygroundService, the
// errcat playground: a server any client, in any language, can test its
// decoding of errcat errors against, like an httpbin for errors. It is served
// by `go run ./examples/server` and started in-process by the quickstart,
// the examples and the tests.
//
// The contract (proto/errcat/playground/v1/playground.proto):
//
//   - Raise fails with the common catalogue entry whose numeric code is
//     RaiseRequest.code ("000012", "000037[0]"). RaiseRequest.args are bound
//     positionally to the template's {0}, {1}, ... as by [errcat.Entry.New]:
//     missing arguments are empty, extra ones are kept and sent as ErrorInfo
//     metadata "arg<N>" (N counting from 0, as the placeholders do). The args
//     are not UTF-8 validated on the wire, so a client can send invalid UTF-8
//     and check that it arrives repaired (U+FFFD). An unknown code fails with
//     000036 (INVALID_PARAMETER_OR_HEADER) naming the parameter and the code,
//     with a google.rpc.BadRequest field violation on "code".
//   - RaiseStream sends messages_before_error messages (index 0, 1, ...), then
//     fails like Raise. At most [MaxStreamMessages] messages: a larger or
//     negative count fails at once with 000039 (INVALID_FIELD_VALUE).
//   - Misbehave fails the way a buggy handler would: "panic" panics,
//     "raw_error" returns a plain Go error, "wrapped" returns a catalogue
//     error wrapped with fmt.Errorf("...: %w"), "deadline" returns a wrapped
//     context.DeadlineExceeded. Each text carries [Secret], which the errcat
//     server interceptors keep on the server (in its log) and never send.
//     An unknown mode fails with 000039 naming "mode".
//
// A [Server] adds to the service the errcat server interceptors, a localizer
// (German and Vietnamese built in, see package i18n), gRPC server reflection
// (so grpcurl can decode every detail) and the standard health service.
package playground
