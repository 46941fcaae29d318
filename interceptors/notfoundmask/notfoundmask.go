package notfoundmask

import (
	"context"

	"google.golang.org/grpc"
	grpccodes "google.golang.org/grpc/codes"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/internal/grpcstatus"
)

type masker struct{ o *options }

// mask returns the error to send for err, a handler's error on method.
func (m *masker) mask(method string, err error) error {
	if err == nil || !hidden(err) || !m.o.masks(method) {
		return err
	}
	if e, ok := errcat.AsError(err); ok && e.Entry() == m.o.entry && len(e.Args()) == 0 {
		return err // already the masked error
	}
	return m.o.entry.New().WithCause(err)
}

// hidden reports whether err says PERMISSION_DENIED or NOT_FOUND.
func hidden(err error) bool {
	var c grpccodes.Code
	if e, ok := errcat.AsError(err); ok {
		c = e.GRPCCode() // without encoding the error, as GRPCStatus would
	} else {
		st := grpcstatus.Of(err)
		if st == nil {
			return false
		}
		c = st.Code()
	}
	return c == grpccodes.PermissionDenied || c == grpccodes.NotFound
}

// Server is the masking unary and stream server interceptors, configured
// once (see [NewServer]); it is an interceptors.ServerPair.
type Server struct{ m *masker }

// NewServer returns the masking server interceptors with one set of
// options, for unary and stream calls alike. Never nil.
func NewServer(opts ...Option) *Server { return &Server{m: &masker{o: evaluate(opts)}} }

// UnaryServer returns a server interceptor that turns the PERMISSION_DENIED
// and NOT_FOUND errors of the chosen methods into one not-found error. It
// is NewServer(opts...).Unary().
func UnaryServer(opts ...Option) grpc.UnaryServerInterceptor {
	return NewServer(opts...).Unary()
}

// StreamServer is the streaming counterpart of [UnaryServer], for the error
// the stream handler returns. It is NewServer(opts...).Stream().
func StreamServer(opts ...Option) grpc.StreamServerInterceptor {
	return NewServer(opts...).Stream()
}

// Unary returns the unary server interceptor (see [UnaryServer]).
func (s *Server) Unary() grpc.UnaryServerInterceptor {
	m := s.m
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		resp, err := handler(ctx, req)
		if err != nil {
			return resp, m.mask(info.FullMethod, err)
		}
		return resp, nil
	}
}

// Stream returns the stream server interceptor (see [StreamServer]).
func (s *Server) Stream() grpc.StreamServerInterceptor {
	m := s.m
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		if err := handler(srv, ss); err != nil {
			return m.mask(info.FullMethod, err)
		}
		return nil
	}
}
