package otelerrcat

import (
	"context"

	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc/stats"
)

// ClientHandler wraps a client stats handler, otelgrpc's in practice, so
// that the span it opens for each call (the RPC's own span, below the client
// interceptors, see the package documentation) gets the entry attributes of
// a failed call too: error.type, errcat.domain, errcat.code and
// errcat.request_id, set before h ends the span. It counts nothing: the
// client interceptors count.
//
//	grpc.WithStatsHandler(otelerrcat.ClientHandler(otelgrpc.NewClientHandler()))
//
// The OK path does not allocate.
func ClientHandler(h stats.Handler) stats.Handler { return clientHandler{h} }

type clientHandler struct{ stats.Handler }

// HandleRPC annotates the span of ctx when the call ends in an error, then
// passes s to the wrapped handler.
func (c clientHandler) HandleRPC(ctx context.Context, s stats.RPCStats) {
	if end, ok := s.(*stats.End); ok && end.Error != nil {
		entryOf(end.Error).annotate(trace.SpanFromContext(ctx))
	}
	c.Handler.HandleRPC(ctx, s)
}
