package interceptors

import (
	"context"
	"io"

	"google.golang.org/grpc"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
)

// Client is the errcat client interceptor pair, configured once:
// [Client.Unary] and [Client.Stream] share its options. A Client is safe for
// concurrent use.
type Client struct{ c *clientOptions }

// NewClient returns the client interceptors configured by opts. Never nil.
func NewClient(opts ...ClientOption) *Client { return &Client{c: newClientOptions(opts)} }

// UnaryClient returns a client interceptor that turns every error carrying a
// google.rpc.ErrorInfo into an [*errcat.Error] (see [errcat.FromError]);
// other errors go to the fallback, by default [Classify], which types them
// with the client catalogue (see [WithFallback]). The OK path does not
// allocate. It is NewClient(opts...).Unary().
func UnaryClient(opts ...ClientOption) grpc.UnaryClientInterceptor {
	return NewClient(opts...).Unary()
}

// StreamClient is the streaming counterpart of [UnaryClient]: errors from
// creating the stream and from RecvMsg are decoded. (SendMsg returns io.EOF
// when the server has ended the stream; the status then surfaces from
// RecvMsg, decoded.) It is NewClient(opts...).Stream().
func StreamClient(opts ...ClientOption) grpc.StreamClientInterceptor {
	return NewClient(opts...).Stream()
}

// Unary returns the unary client interceptor (see [UnaryClient]).
func (x *Client) Unary() grpc.UnaryClientInterceptor {
	c := x.c
	return func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, callOpts ...grpc.CallOption) error {
		if err := invoker(ctx, method, req, reply, cc, callOpts...); err != nil {
			return c.decode(err)
		}
		return nil
	}
}

// Stream returns the stream client interceptor (see [StreamClient]).
func (x *Client) Stream() grpc.StreamClientInterceptor {
	c := x.c
	return func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, callOpts ...grpc.CallOption) (grpc.ClientStream, error) {
		cs, err := streamer(ctx, desc, cc, method, callOpts...)
		if err != nil {
			return nil, c.decode(err)
		}
		return &clientStream{ClientStream: cs, c: c}, nil
	}
}

type clientStream struct {
	grpc.ClientStream
	c *clientOptions
}

// RecvMsg decodes the stream's final status; io.EOF (a clean end) passes.
func (s *clientStream) RecvMsg(m any) error {
	err := s.ClientStream.RecvMsg(m)
	if err == nil || err == io.EOF {
		return err
	}
	return s.c.decode(err)
}

// SendMsg decodes errors other than io.EOF (which tells the caller to read
// the status with RecvMsg).
func (s *clientStream) SendMsg(m any) error {
	err := s.ClientStream.SendMsg(m)
	if err == nil || err == io.EOF {
		return err
	}
	return s.c.decode(err)
}

// CloseSend decodes errors too.
func (s *clientStream) CloseSend() error {
	if err := s.ClientStream.CloseSend(); err != nil {
		return s.c.decode(err)
	}
	return nil
}

// decode returns the error the caller sees: the catalogue error err
// carries, or what the fallback (by default [Classify]) makes of err.
func (c *clientOptions) decode(err error) error {
	if e, ok := errcat.FromError(err); ok && !passedThrough(e) {
		return e
	}
	if c.fallback != nil {
		if f := c.fallback(err); f != nil {
			return f
		}
	}
	return err
}

// passedThrough reports whether e only carries the placeholder ErrorInfo an
// errcat server adds to a plain status a handler or an inner interceptor
// returned (domain of the runtime catalogue, the code's name as reason).
// Such errors are classified like plain statuses, so that, say, an auth
// interceptor's UNAUTHENTICATED is AUTHENTICATION_FAILED on the client
// whichever side of the errcat server interceptors it runs.
func passedThrough(e *errcat.Error) bool {
	return !e.Known() && e.Domain() == codes.RuntimeErrorCatalog.Domain()
}
