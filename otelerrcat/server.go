package otelerrcat

import (
	"context"

	"google.golang.org/grpc"
)

// Server holds the server interceptors of one configuration. It is safe for
// concurrent use.
type Server struct{ r *recorder }

// NewServer returns the server interceptors counting on the
// errcat.server.errors counter. Its Unary and Stream methods give the
// interceptors, so it can be given to interceptors.ChainServer.
func NewServer(opts ...Option) *Server {
	return &Server{r: newRecorder(newOptions(opts), ServerErrors,
		"Errors the server returned, by catalogue entry and method.")}
}

// UnaryServer returns a server interceptor that annotates the call's span
// and counts the error of every failed unary call (see the package
// documentation). It is NewServer(opts...).Unary().
func UnaryServer(opts ...Option) grpc.UnaryServerInterceptor { return NewServer(opts...).Unary() }

// StreamServer is the streaming counterpart of [UnaryServer].
func StreamServer(opts ...Option) grpc.StreamServerInterceptor { return NewServer(opts...).Stream() }

// Unary returns the unary server interceptor. The OK path does not allocate.
func (s *Server) Unary() grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		resp, err := handler(ctx, req)
		if err != nil {
			s.r.record(ctx, info.FullMethod, err)
		}
		return resp, err
	}
}

// Stream returns the stream server interceptor. The OK path does not
// allocate.
func (s *Server) Stream() grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		err := handler(srv, ss)
		if err != nil {
			s.r.record(ss.Context(), info.FullMethod, err)
		}
		return err
	}
}

// Record annotates the span of ctx and counts err as one failed call of
// method ("/pkg.Service/Method"), for calls served without the gRPC
// interceptors, such as the REST calls of a gateway that calls the
// handlers directly. An empty method (a request no method was found for,
// such as a gateway's 000029 ENDPOINT_NOT_FOUND) is counted without
// rpc.method. A nil err records nothing.
func (s *Server) Record(ctx context.Context, method string, err error) {
	if err != nil {
		s.r.record(ctx, method, err)
	}
}
