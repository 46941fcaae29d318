package interceptors

import (
	"context"
	"log/slog"

	"google.golang.org/grpc/metadata"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
)

// Localizer renders an error in the caller's language, negotiated from the
// incoming metadata of ctx: the locale actually used (a BCP 47 tag), the
// message, sent as google.rpc.LocalizedMessage (an empty locale or message
// means none is sent), and the resolution steps, sent as the descriptions
// of the google.rpc.Help links (nil, or a count other than the entry's,
// keeps the English steps). Status.message stays English. The i18n
// package's Bundle implements it.
type Localizer interface {
	Localize(ctx context.Context, e *errcat.Error) errcat.Localized
}

// Mapper translates an application error (sql.ErrNoRows, a validation
// error...) into a catalogue error; it returns nil for errors it does not
// know. It must not panic.
type Mapper func(err error) *errcat.Error

// ServerOption configures the server interceptors.
type ServerOption func(*serverOptions)

type serverOptions struct {
	logger        *slog.Logger
	mappers       []Mapper
	requestID     func(ctx context.Context) string
	localizer     Localizer
	debug         bool
	domain        string
	internal      *errcat.Entry
	trailerBudget int
	passThrough   bool
}

var defaultServerOptions = serverOptions{
	requestID: IncomingRequestID("x-request-id"),
}

func newServerOptions(opts []ServerOption) *serverOptions {
	o := defaultServerOptions // copied, then the caller's options apply
	o.mappers = nil
	for _, opt := range opts {
		opt(&o)
	}
	if o.logger == nil {
		o.logger = slog.Default()
	}
	if o.internal == nil {
		o.internal = codes.InternalServerError
	}
	return &o
}

// WithLogger sets the logger internal errors and panics are written to
// (default slog.Default()).
func WithLogger(l *slog.Logger) ServerOption {
	return func(o *serverOptions) { o.logger = l }
}

// WithMapper adds a mapper; mappers run in the order given, after the
// check for a catalogue error and before every other rule.
func WithMapper(m Mapper) ServerOption {
	return func(o *serverOptions) { o.mappers = append(o.mappers, m) }
}

// WithRequestID sets how the request id of a call is found; "" means none
// (a correlation id is then generated for errors that are logged). The
// default reads the incoming "x-request-id" metadata. Whatever f returns
// is subject to the request-id policy of [IncomingRequestID].
func WithRequestID(f func(ctx context.Context) string) ServerOption {
	return func(o *serverOptions) { o.requestID = f }
}

// WithLocalizer sends a google.rpc.LocalizedMessage rendered by l, and
// Help link descriptions in the same locale when l translated the
// resolution steps.
func WithLocalizer(l Localizer) ServerOption {
	return func(o *serverOptions) { o.localizer = l }
}

// WithDebug sends google.rpc.DebugInfo (the internal cause and, for panics,
// the stack). It exposes internals: enable it only where clients are
// trusted, such as local development.
func WithDebug(enabled bool) ServerOption {
	return func(o *serverOptions) { o.debug = enabled }
}

// WithDomain sends every catalogue error under this ErrorInfo domain
// instead of its catalogue's, for services that name errors after
// themselves. Clients register the alias with [errcat.RegisterDomainAlias].
func WithDomain(domain string) ServerOption {
	return func(o *serverOptions) { o.domain = domain }
}

// WithInternalEntry sets the entry used for unknown errors and panics
// (default codes.InternalServerError).
func WithInternalEntry(e *errcat.Entry) ServerOption {
	return func(o *serverOptions) { o.internal = e }
}

// WithTrailerBudget sets the size limit of the trailer block (default
// errcat.DefaultTrailerBudget, 8 KiB; negative means no limit).
func WithTrailerBudget(bytes int) ServerOption {
	return func(o *serverOptions) { o.trailerBudget = bytes }
}

// WithPassThrough with true makes the server a lossless proxy: statuses a
// handler returns that were decoded from an upstream, and plain statuses,
// are sent exactly as received (the upstream's DebugInfo, request id and
// text included, over budget or not), and errors the client interceptors
// classified are sent as their original status. Off by default: every
// error leaves the server under its own rules (see the package
// documentation).
func WithPassThrough(enabled bool) ServerOption {
	return func(o *serverOptions) { o.passThrough = enabled }
}

// MaxRequestIDLen is the longest request id the server accepts from a
// client.
const MaxRequestIDLen = 128

// IncomingRequestID returns a request-id source reading the first value of
// the given incoming metadata key. The default source is
// IncomingRequestID("x-request-id").
//
// Whatever the source, the server applies one policy to the id it returns:
// an id of 1 to [MaxRequestIDLen] bytes of [A-Za-z0-9-_.:/+=@] is used
// (echoed in google.rpc.RequestInfo and used as the log key); any other
// non-empty value is replaced by a generated id, and the value received in
// "x-request-id" is logged as "incoming_request_id", never sent back.
func IncomingRequestID(key string) func(ctx context.Context) string {
	return func(ctx context.Context) string {
		// ValueFromIncomingContext copies only this key's values, not the
		// whole metadata as FromIncomingContext does.
		v := metadata.ValueFromIncomingContext(ctx, key)
		if len(v) == 0 {
			return ""
		}
		return v[0]
	}
}

// validRequestID applies the request-id policy of [IncomingRequestID].
func validRequestID(id string) bool {
	if id == "" || len(id) > MaxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		switch c := id[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-', c == '_', c == '.', c == ':', c == '/', c == '+', c == '=', c == '@':
		default:
			return false
		}
	}
	return true
}

// ClientOption configures the client interceptors.
type ClientOption func(*clientOptions)

type clientOptions struct {
	fallback func(err error) error
}

var defaultClientOptions = clientOptions{fallback: Classify}

func newClientOptions(opts []ClientOption) *clientOptions {
	o := defaultClientOptions
	for _, opt := range opts {
		opt(&o)
	}
	return &o
}

// WithFallback sets what happens to errors that carry no ErrorInfo
// (transport failures, statuses from proxies, authentication layers or
// other servers): f returns the error the caller sees, or nil to return the
// error unchanged. By default they are classified with [Classify] into
// errors of the client catalogue (codes.APIUnreachable,
// codes.AuthenticationFailed, codes.NotFoundError, codes.UnknownError...).
// WithFallback(nil) turns classification off: such errors are returned
// unchanged.
func WithFallback(f func(err error) error) ClientOption {
	return func(o *clientOptions) { o.fallback = f }
}
