package interceptors

import (
	"context"
	"fmt"
	"runtime/debug"

	"google.golang.org/grpc"
)

// UnaryServer returns a server interceptor that sends every error a unary
// handler returns, and every panic, as an errcat status (see the package
// documentation for the rules). The OK path does not allocate.
func UnaryServer(opts ...ServerOption) grpc.UnaryServerInterceptor {
	s := newServer(opts)
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

// StreamServer is the streaming counterpart of [UnaryServer]: the error the
// handler returns (or its panic) ends the stream with an errcat status.
func StreamServer(opts ...ServerOption) grpc.StreamServerInterceptor {
	s := newServer(opts)
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

// panicked turns a recovered panic value into the internal error.
func (s *server) panicked(ctx context.Context, method string, r any, stack []byte) error {
	cause, ok := r.(error)
	if !ok {
		cause = fmt.Errorf("panic: %v", r)
	} else {
		cause = fmt.Errorf("panic: %w", cause)
	}
	return s.internalError(ctx, method, cause, stack)
}
