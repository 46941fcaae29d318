package gateway

import (
	"context"
	"net/http"
	"net/textproto"

	"google.golang.org/grpc/status"

	"github.com/errcat/errcat/interceptors"
)

// DefaultMaxBodyBytes is the request body limit of [WithMaxBodyBytes]'s
// default: 4 MiB, grpc-go's default limit for a received message.
const DefaultMaxBodyBytes = 4 << 20

// DefaultForwardedHeaders are the HTTP request headers forwarded as
// incoming gRPC metadata (lower-cased, without grpc-gateway's
// "grpcgateway-" prefix) on top of grpc-gateway's own rules: the request id
// the errcat server interceptors read and the model version the
// modelversion gate checks. Accept-Language needs no entry: grpc-gateway
// forwards it as "grpcgateway-accept-language", which errcat's localizer
// reads.
var DefaultForwardedHeaders = []string{"X-Request-Id", "X-Model-Version"}

// Option configures [ServeMuxOptions].
type Option func(*options)

type options struct {
	server   *interceptors.Server
	direct   bool
	observer func(ctx context.Context, r *http.Request, st *status.Status)
	maxBody  int64
	forward  map[string]bool
}

func newOptions(opts []Option) *options {
	o := &options{maxBody: DefaultMaxBodyBytes, forward: map[string]bool{}}
	for _, h := range DefaultForwardedHeaders {
		o.forward[textproto.CanonicalMIMEHeaderKey(h)] = true
	}
	for _, opt := range opts {
		opt(o)
	}
	if o.server == nil {
		o.server = interceptors.NewServer()
	}
	return o
}

// WithServer sets the rules applied to the errors the gateway raises itself
// (the HTTP-layer entries: unknown route, method, malformed parameters or
// body...) and to statuses that reach it without an ErrorInfo (the backend
// unreachable, a plain status from a proxy): the same conversion as the
// errcat server interceptors configured by s, so give it the localizer and
// logger of the backend. The default is interceptors.NewServer().
//
// Statuses that carry an ErrorInfo, sent by an errcat server, pass unchanged.
func WithServer(s *interceptors.Server) Option {
	return func(o *options) {
		if s != nil {
			o.server = s
		}
	}
}

// WithDirect is for a gateway whose handlers are registered directly
// (Register…HandlerServer: no gRPC hop, so no interceptors run): every error
// a handler returns is converted by s.Convert and every panic recovered by
// s.Recover, exactly as the errcat server interceptors configured by s would
// (catalogue errors, mappers, context errors, internal errors logged under a
// correlation id and never sent). It implies WithServer(s).
func WithDirect(s *interceptors.Server) Option {
	return func(o *options) {
		if s != nil {
			o.server = s
		}
		o.direct = true
	}
}

// WithErrorObserver calls f once for every error response the gateway
// writes (unary bodies and stream error lines), with the status sent. f runs
// on the request's goroutine before the body is written and must not keep r
// or st. It is meant for metrics; [FromServer](ctx) tells the statuses the
// gRPC server sent (and its interceptors saw) from the gateway's own.
func WithErrorObserver(f func(ctx context.Context, r *http.Request, st *status.Status)) Option {
	return func(o *options) { o.observer = f }
}

// WithMaxBodyBytes sets the largest request body accepted (default
// [DefaultMaxBodyBytes]); a larger one fails with 000024
// (PAYLOAD_TOO_LARGE). Zero or negative means no limit.
func WithMaxBodyBytes(n int64) Option {
	return func(o *options) { o.maxBody = n }
}

// WithForwardedHeaders forwards these HTTP request headers too, as incoming
// metadata with the lower-cased header name (see [DefaultForwardedHeaders]).
func WithForwardedHeaders(names ...string) Option {
	return func(o *options) {
		for _, n := range names {
			o.forward[textproto.CanonicalMIMEHeaderKey(n)] = true
		}
	}
}
