package maintenance

import (
	"time"

	"github.com/errcat/errcat/internal/grpcmethod"
)

// Option configures the interceptors.
type Option func(*options)

type options struct {
	allowed    []string
	retryDelay time.Duration
}

// defaultAllowed are the method prefixes that pass a closed gate: the gRPC
// health service and server reflection (both versions).
var defaultAllowed = []string{
	"/grpc.health.v1.Health/",
	"/grpc.reflection.v1.ServerReflection/",
	"/grpc.reflection.v1alpha.ServerReflection/",
}

var defaultOptions = options{}

func evaluate(opts []Option) *options {
	o := defaultOptions // copied, then the caller's options apply
	o.allowed = append([]string(nil), defaultAllowed...)
	for _, opt := range opts {
		opt(&o)
	}
	return &o
}

// WithAllowed lets more methods pass a closed gate, in addition to the
// health service ("/grpc.health.v1.Health/") and server reflection
// ("/grpc.reflection.v1.ServerReflection/", and v1alpha): full method names ("/pkg.Service/Method") or prefixes
// ending in "/" for a whole service ("/pkg.Service/").
func WithAllowed(methods ...string) Option {
	return func(o *options) { o.allowed = append(o.allowed, methods...) }
}

// WithRetryDelay sets the delay sent in google.rpc.RetryInfo. The default
// is the catalogue's advice for MAINTENANCE (10 minutes, the longest the
// server is expected to need); a server that knows better, such as one
// that starts in seconds, says so here.
func WithRetryDelay(d time.Duration) Option {
	return func(o *options) { o.retryDelay = d }
}

// allows reports whether method passes a closed gate: the service name is
// compared exactly (see grpcmethod.Match), so that
// "/grpc.health.v1.Health/../pkg.Svc/Method" does not pass as health.
func (o *options) allows(method string) bool {
	for _, a := range o.allowed {
		if grpcmethod.Match(a, method) {
			return true
		}
	}
	return false
}
