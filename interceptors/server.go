package interceptors

import (
	"context"
	"fmt"
	"runtime/debug"

	"google.golang.org/grpc"
)

// Server is the errcat server interceptor pair, configured once: [Server.Unary]
// and [Server.Stream] share its options. It also exposes the conversion the
// interceptors apply ([Server.Convert], [Server.Recover]), for transports
// that call handlers without gRPC, such as an HTTP gateway. A Server is safe
// for concurrent use.
type Server struct{ s *server }

// NewServer returns the server interceptors configured by opts. Never nil.
func NewServer(opts ...ServerOption) *Server { return &Server{s: newServer(opts)} }

// UnaryServer returns a server interceptor that sends every error a unary
// handler returns, and every panic, as an errcat status (see the package
// documentation for the rules). The OK path does not allocate. It is
// NewServer(opts...).Unary().
func UnaryServer(opts ...ServerOption) grpc.UnaryServerInterceptor {
	return NewServer(opts...).Unary()
}

// StreamServer is the streaming counterpart of [UnaryServer]: the error the
// handler returns (or its panic) ends the stream with an errcat status. It
// is NewServer(opts...).Stream().
func StreamServer(opts ...ServerOption) grpc.StreamServerInterceptor {
	return NewServer(opts...).Stream()
}

// Unary returns the unary server interceptor (see [UnaryServer]).
func (x *Server) Unary() grpc.UnaryServerInterceptor {
	s := x.s
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (resp any, err error) {
		defer func() {
			if r := recover(); r != nil {
				resp, err = nil, s.panicked(ctx, info.FullMethod, r, debug.Stack())
			}
		}()
		resp, err = handler(ctx, req)
		if err != nil {
			return nil, s.convert(ctx, info.FullMethod, err)
		}
		return resp, nil
	}
}

// Stream returns the stream server interceptor (see [StreamServer]).
func (x *Server) Stream() grpc.StreamServerInterceptor {
	s := x.s
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = s.panicked(ss.Context(), info.FullMethod, r, debug.Stack())
			}
		}()
		if err = handler(srv, ss); err != nil {
			return s.convert(ss.Context(), info.FullMethod, err)
		}
		return nil
	}
}

// Convert returns the status error the interceptors send when a handler of
// method (a full gRPC method name, "/pkg.Service/Method") returns err: its
// GRPCStatus is the errcat status, and it is logged as the interceptors log
// it. It returns nil for a nil err.
func (x *Server) Convert(ctx context.Context, method string, err error) error {
	if err == nil {
		return nil
	}
	return x.s.convert(ctx, method, err)
}

// Recover returns the status error the interceptors send when a handler of
// method panics with p (the value recover returned): the internal error,
// with a correlation id, the panic and its stack logged under that id.
// Call it from the deferred function that recovered, so that the logged
// stack is the panic's.
func (x *Server) Recover(ctx context.Context, method string, p any) error {
	return x.s.panicked(ctx, method, p, debug.Stack())
}

// panicked turns a recovered panic value into the internal error.
func (s *server) panicked(ctx context.Context, method string, r any, stack []byte) (out error) {
	defer s.guard(ctx, method, &out)
	cause, ok := r.(error)
	if !ok {
		cause = fmt.Errorf("panic: %v", r)
	} else {
		cause = fmt.Errorf("panic: %w", cause)
	}
	return s.internalError(ctx, method, cause, stack)
}
