package otelerrcat

import (
	"context"
	"io"
	"sync/atomic"

	"google.golang.org/grpc"
)

// Client holds the client interceptors of one configuration. It is safe for
// concurrent use.
type Client struct{ r *recorder }

// NewClient returns the client interceptors counting on the
// errcat.client.errors counter. Its Unary and Stream methods give the
// interceptors, so it can be given to interceptors.ChainClient.
func NewClient(opts ...Option) *Client {
	return &Client{r: newRecorder(newOptions(opts), ClientErrors,
		"Errors the client received, by catalogue entry and method.")}
}

// UnaryClient returns a client interceptor that annotates the caller's span
// and counts the error of every failed unary call (see the package
// documentation). It is NewClient(opts...).Unary().
func UnaryClient(opts ...Option) grpc.UnaryClientInterceptor { return NewClient(opts...).Unary() }

// StreamClient is the streaming counterpart of [UnaryClient]: a stream is
// counted when creating it fails or when one of its methods returns its
// final error (io.EOF, a clean end, is not an error).
func StreamClient(opts ...Option) grpc.StreamClientInterceptor { return NewClient(opts...).Stream() }

// Unary returns the unary client interceptor. The OK path does not allocate.
func (c *Client) Unary() grpc.UnaryClientInterceptor {
	return func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		err := invoker(ctx, method, req, reply, cc, opts...)
		if err != nil {
			c.r.record(ctx, method, err)
		}
		return err
	}
}

// Stream returns the stream client interceptor. Each stream allocates one
// watcher.
func (c *Client) Stream() grpc.StreamClientInterceptor {
	return func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
		cs, err := streamer(ctx, desc, cc, method, opts...)
		if err != nil {
			c.r.record(ctx, method, err)
			return nil, err
		}
		return &clientStream{ClientStream: cs, ctx: ctx, method: method, r: c.r}, nil
	}
}

// clientStream records the stream's final error once, whichever method
// returns it (RecvMsg and SendMsg may run in two goroutines).
type clientStream struct {
	grpc.ClientStream
	ctx    context.Context
	method string
	r      *recorder
	done   atomic.Bool
}

func (s *clientStream) end(err error) error {
	if err != nil && err != io.EOF && s.done.CompareAndSwap(false, true) {
		s.r.record(s.ctx, s.method, err)
	}
	return err
}

// RecvMsg records the final status (io.EOF, a clean end, is not recorded).
func (s *clientStream) RecvMsg(m any) error { return s.end(s.ClientStream.RecvMsg(m)) }

// SendMsg records errors other than io.EOF, which only says that the status
// is to be read with RecvMsg.
func (s *clientStream) SendMsg(m any) error { return s.end(s.ClientStream.SendMsg(m)) }

// CloseSend records its error, if any.
func (s *clientStream) CloseSend() error { return s.end(s.ClientStream.CloseSend()) }
