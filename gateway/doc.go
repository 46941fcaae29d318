// Package gateway makes a grpc-gateway (v2) ServeMux speak errcat over
// HTTP/JSON. One call gives the ServeMux options:
//
//	mux := runtime.NewServeMux(gateway.ServeMuxOptions(
//		gateway.WithServer(interceptors.NewServer(interceptors.WithLocalizer(loc))),
//	)...)
//	err := playgroundv1.RegisterPlaygroundServiceHandlerClient(ctx, mux, client)
//
// Every error response is then the Google HTTP error format of AIP-193:
//
//	{"error": {"code": 404, "message": "Unable to locate order with id 42.",
//	           "status": "NOT_FOUND", "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", ...}, ...]}}
//
// with Content-Type application/json, the details of the gRPC status in
// their order (ErrorInfo first), and:
//
//   - the HTTP status of the catalogue entry (its http_status), even where it
//     differs from the canonical mapping of its gRPC code; statuses of no
//     known entry use the canonical mapping;
//   - Retry-After (whole seconds, rounded up) when the error carries a
//     google.rpc.RetryInfo, and Content-Language when it carries a
//     google.rpc.LocalizedMessage;
//   - the incoming Accept-Language (as grpcgateway-accept-language) and the
//     headers of [DefaultForwardedHeaders] (X-Request-Id, X-Model-Version)
//     forwarded as metadata, so that the server's localizer, request-id
//     source and gates see them.
//
// # HTTP-layer errors
//
// The common catalogue's HTTP-layer entries are raised where the condition
// occurs, with their arguments: no route for the path (000029
// ENDPOINT_NOT_FOUND, path and method); a route without that method (000031
// METHOD_NOT_SUPPORTED, with the supported methods, also in Allow); an empty
// path variable (000035 MISSING_PATH_VARIABLE); a path variable or query
// parameter that does not parse as its field's type (000007
// PARAM_TYPE_MISMATCH, name and type); a repeated or malformed query
// parameter or header (000036 INVALID_PARAMETER_OR_HEADER); a JSON body
// field of the wrong type (000011 INVALID_JSON_FIELD_TYPE, field and type,
// with a BadRequest field violation) or a body that is not a JSON object
// (000003 INVALID_REQUEST); a body over [WithMaxBodyBytes] (000024
// PAYLOAD_TOO_LARGE); an Accept header that admits no JSON (000033
// UNSUPPORTED_ACCEPT_MEDIA_TYPE). grpc-gateway has no hook for the last one
// (it falls back to its default marshaler), so its middleware checks Accept
// after routing: a path without a route answers 000029 whatever Accept says.
//
// These errors are encoded by the [interceptors.Server] of [WithServer]
// (localized, with the request id...), like any error of its interceptors.
//
// # Two ways of mounting
//
// Through a gRPC connection (Register…HandlerClient or …FromEndpoint), the
// errcat server interceptors of the backend have already converted every
// error: statuses with an ErrorInfo pass unchanged, and statuses without one
// (the backend unreachable, a proxy) are converted by the [WithServer]
// rules. Registered directly (Register…HandlerServer), no interceptor runs:
// [WithDirect] applies the same rules, through the same code
// ([interceptors.Server.Convert] and [interceptors.Server.Recover]), to the
// handlers' errors and panics. grpc-gateway does not support server streams
// in direct mode (it answers 501).
//
// # Server streams
//
// A server stream that fails ends with grpc-gateway's own error line,
// {"error": <google.rpc.Status as protojson>}: "code" is the gRPC code
// number, "message" and "details" (ErrorInfo first) are those of the unary
// body. grpc-gateway writes that line itself from the stream error handler's
// status, and its shape cannot be changed without replacing grpc-gateway's
// stream forwarding, so stream clients get this shape. A stream that fails
// before its first message gets the catalogue's HTTP status, Retry-After and
// Content-Language, like a unary error.
package gateway
