// Package otelerrcat makes errcat errors visible to OpenTelemetry: for every
// gRPC call that ends in an error it annotates the active span with the
// catalogue entry and counts the error by entry, and [LogHandler] puts the
// trace and span ids on the server's log lines.
//
// Span attributes (only on failed calls, only when the span records):
//
//   - error.type: the entry's reason ("OBJECT_NOT_FOUND"), the
//     OpenTelemetry attribute for error classification;
//   - errcat.domain and errcat.code: the ErrorInfo domain and the numeric
//     code ("000012");
//   - errcat.request_id: the request id sent in google.rpc.RequestInfo, when
//     there is one, so that a trace leads to the server's log line.
//
// The span status is left to the gRPC instrumentation (otelgrpc sets it by
// the OpenTelemetry RPC conventions).
//
// Counters: errcat.server.errors and errcat.client.errors, one increment per
// failed call on each side, with the attributes error.type, errcat.domain,
// errcat.code, rpc.method ("pkg.Service/Method") and
// rpc.response.status_code (the gRPC code name, "NOT_FOUND"). The error's
// arguments are never attributes, so the cardinality stays bounded by the
// catalogue and the service's methods. An error that carries no
// google.rpc.ErrorInfo is counted with its gRPC code name as error.type and
// no errcat.domain or errcat.code.
//
// On the server, put the otelerrcat interceptors outside (before) the errcat
// interceptors, so that they see the status the client gets, and install
// otelgrpc's stats handler, whose span they annotate:
//
//	srv := grpc.NewServer(
//		grpc.StatsHandler(otelgrpc.NewServerHandler()),
//		grpc.ChainUnaryInterceptor(otelerrcat.UnaryServer(), interceptors.UnaryServer()),
//		grpc.ChainStreamInterceptor(otelerrcat.StreamServer(), interceptors.StreamServer()),
//	)
//
// On the client, put them outside the errcat client interceptors too, so
// that transport failures are counted as the client catalogue's entries
// (API_UNREACHABLE...) the caller sees. grpc-go runs client interceptors
// above its stats handlers, so otelgrpc's client span exists only below
// them: the interceptors annotate the span of the caller's context (the
// operation that made the call), and [ClientHandler] around otelgrpc's
// handler annotates otelgrpc's client span:
//
//	conn, err := grpc.NewClient(addr,
//		grpc.WithStatsHandler(otelerrcat.ClientHandler(otelgrpc.NewClientHandler())),
//		grpc.WithChainUnaryInterceptor(otelerrcat.UnaryClient(), interceptors.UnaryClient()),
//		grpc.WithChainStreamInterceptor(otelerrcat.StreamClient(), interceptors.StreamClient()),
//	)
//
// [Server] and [Client] are also pairs for interceptors.ChainServer and
// interceptors.ChainClient.
//
// A call that ends without an error costs no allocation, except for a
// client stream, whose error watcher is allocated once per stream.
package otelerrcat
