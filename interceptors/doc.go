// Package interceptors holds the errcat gRPC interceptors.
//
// On the server, the interceptors of [NewServer] turn whatever a handler
// returns into a google.rpc.Status with a google.rpc.ErrorInfo and the other
// standard details:
//
//   - an [*errcat.Error], returned directly or wrapped with %w, is sent as its
//     entry's status (the wrap text never reaches the wire);
//   - an error a mapper ([WithMapper]) recognises is sent as the mapper's
//     catalogue error;
//   - context.Canceled and context.DeadlineExceeded, wrapped or not, become
//     CANCELLED and DEADLINE_EXCEEDED with the runtime catalogue's ErrorInfo;
//   - an errcat error decoded from an upstream is sent again under this
//     server's rules: its budget, UTF-8 repair, its own WithDebug (the
//     upstream's DebugInfo never passes), this call's request id and locale;
//   - an upstream failure the client interceptors classified (unreachable,
//     unknown answer: codes.UpstreamBadResponse, 000021; its deadline:
//     codes.UpstreamTimeout, 000022) is logged with the upstream's text under
//     a correlation id, which is sent, never the text;
//   - a plain status with a server-fault code (UNKNOWN, INTERNAL, DATA_LOSS)
//     becomes the internal error, an UNAVAILABLE carrying grpc-go's or a
//     proxy's connection text becomes 000021; any other plain status passes
//     through (an ErrorInfo of domain "runtime.errcat.dev" with the code's
//     name as reason is added if it has none). [WithPassThrough] makes the
//     server a lossless proxy instead;
//   - anything else, and any panic, becomes the internal error of the common
//     catalogue with a correlation id in google.rpc.RequestInfo; the original
//     error is logged under that id and never sent.
//
// The server logs (slog, [WithLogger]) internal errors, panics (with the
// stack) and catalogue errors that are server faults (HTTP status 500 or
// more, no retry advice), each under the request id sent in RequestInfo.
// That id follows the request-id policy of [IncomingRequestID]: a client's
// "x-request-id" outside it (characters, 1 to [MaxRequestIDLen] bytes) is
// replaced by a generated id and logged as "incoming_request_id".
//
// On the client, the interceptors of [NewClient] turn every error carrying
// an ErrorInfo back into an [*errcat.Error], so errors.Is and errors.As work
// with the generated entries, and GRPCStatus still returns the status as
// received. Every other error (transport failures, plain statuses, statuses
// an errcat server passed through) is classified into the client catalogue
// by [Classify]: API_UNREACHABLE, AUTHENTICATION_FAILED, NOT_FOUND or
// UNKNOWN_ERROR, the original status and error kept reachable.
//
// The gates in the subpackages maintenance, modelversion and notfoundmask
// return catalogue errors; chain them after (inside) the errcat server
// interceptors, so that their errors are encoded like a handler's.
//
// [NewServer] and [NewClient] take the options once and give both call
// shapes; [ChainServer] and [ChainClient] chain them with the gates:
//
//	srv := grpc.NewServer(interceptors.ChainServer(interceptors.NewServer(interceptors.WithLogger(logger)))...)
//	conn, err := grpc.NewClient(addr, append(interceptors.ChainClient(interceptors.NewClient()),
//		grpc.WithTransportCredentials(creds))...)
//
// [UnaryServer], [StreamServer], [UnaryClient] and [StreamClient] build one
// interceptor each, for code that installs them itself.
//
// A panic in any hook on the error path (localizer, request-id source,
// mapper, log handler) ends in the internal error with a correlation id and
// a log line, or a line on standard error if the logger panicked.
//
// An OK call costs no allocation in either interceptor.
package interceptors
