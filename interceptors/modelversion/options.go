package modelversion

import "strings"

// DefaultHeader is the metadata header that carries the client's model
// version, a decimal number.
const DefaultHeader = "x-model-version"

// Option configures the interceptors of this package. Options about writes
// and required versions concern only the server interceptors.
type Option func(*options)

type options struct {
	header   string
	writes   map[string]bool
	isWrite  func(fullMethod string) bool
	required bool
}

var defaultOptions = options{header: DefaultHeader}

func evaluate(opts []Option) *options {
	o := defaultOptions // copied, then the caller's options apply
	o.writes = map[string]bool{}
	for _, opt := range opts {
		opt(&o)
	}
	return &o
}

// WithHeader sets the metadata header of the version (default
// [DefaultHeader]). Metadata keys are lower case; name is lower-cased.
func WithHeader(name string) Option {
	return func(o *options) { o.header = strings.ToLower(name) }
}

// WithWrites marks methods ("/pkg.Service/Method") as writes: they fail
// while the model is being reconfigured. Without WithWrites or
// [WithWriteFunc], no method is a write.
func WithWrites(fullMethods ...string) Option {
	return func(o *options) {
		for _, m := range fullMethods {
			o.writes[m] = true
		}
	}
}

// WithWriteFunc marks as writes the methods for which f returns true, such
// as those whose name starts with Create, Update or Delete. It adds to
// [WithWrites].
func WithWriteFunc(f func(fullMethod string) bool) Option {
	return func(o *options) { o.isWrite = f }
}

// WithRequired makes the header required: a call without it fails as if
// its model were stale.
func WithRequired() Option {
	return func(o *options) { o.required = true }
}

func (o *options) write(method string) bool {
	return o.writes[method] || o.isWrite != nil && o.isWrite(method)
}
