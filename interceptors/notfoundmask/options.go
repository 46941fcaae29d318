package notfoundmask

import (
	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/internal/grpcmethod"
)

// Option configures the interceptors.
type Option func(*options)

type options struct {
	methods []string // nil: every method
	entry   *errcat.Entry
}

var defaultOptions = options{entry: codes.ResourceNotFound}

func evaluate(opts []Option) *options {
	o := defaultOptions // copied, then the caller's options apply
	for _, opt := range opts {
		opt(&o)
	}
	return &o
}

// WithMethods limits masking to the given methods: full method names
// ("/pkg.Service/Method") or prefixes ending in "/" for a whole service
// ("/pkg.Service/"), the service name compared exactly (the maintenance
// gate's rule). Without it, every method is masked.
func WithMethods(methods ...string) Option {
	return func(o *options) { o.methods = append(o.methods, methods...) }
}

// WithEntry sets the error masked errors become (default
// codes.ResourceNotFound). It should be a NOT_FOUND entry without
// arguments, so that it reveals nothing.
func WithEntry(e *errcat.Entry) Option {
	return func(o *options) { o.entry = e }
}

// masks reports whether method is masked.
func (o *options) masks(method string) bool {
	if o.methods == nil {
		return true
	}
	for _, m := range o.methods {
		if grpcmethod.Match(m, method) {
			return true
		}
	}
	return false
}
