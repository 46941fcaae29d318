package gateway

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/textproto"
	"slices"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
)

// MediaType is the only media type the gateway produces, for responses and
// errors alike.
const MediaType = "application/json"

// ServeMuxOptions returns the options that make a grpc-gateway ServeMux
// answer every error the errcat way:
//
//	mux := runtime.NewServeMux(gateway.ServeMuxOptions(opts...)...)
//
// They set the error, stream error and routing error handlers, the JSON
// marshaler (grpc-gateway's default one, whose decoding failures become
// 000011 or 000003), an incoming header matcher that adds
// [DefaultForwardedHeaders] to grpc-gateway's default rules, a metadata
// annotator and a middleware (the Accept check, path variables, the body
// limit and, with [WithDirect], panic recovery). Options given to
// runtime.NewServeMux after these override them.
func ServeMuxOptions(opts ...Option) []runtime.ServeMuxOption {
	o := newOptions(opts)
	return []runtime.ServeMuxOption{
		runtime.WithErrorHandler(o.handleError),
		runtime.WithStreamErrorHandler(o.streamError),
		runtime.WithRoutingErrorHandler(o.routingError),
		runtime.WithMarshalerOption(runtime.MIMEWildcard, jsonMarshaler{defaultMarshaler()}),
		runtime.WithIncomingHeaderMatcher(o.matchHeader),
		runtime.WithMetadata(o.annotate),
		runtime.WithMiddlewares(o.middleware),
	}
}

// defaultMarshaler is grpc-gateway's default for MIMEWildcard.
func defaultMarshaler() runtime.Marshaler {
	return &runtime.HTTPBodyMarshaler{Marshaler: &runtime.JSONPb{
		MarshalOptions:   protojson.MarshalOptions{EmitUnpopulated: true},
		UnmarshalOptions: protojson.UnmarshalOptions{DiscardUnknown: true},
	}}
}

// matchHeader forwards the configured headers under their lower-cased name
// and everything else as grpc-gateway does by default (Accept-Language
// becomes grpcgateway-accept-language, Grpc-Metadata-X becomes x).
func (o *options) matchHeader(key string) (string, bool) {
	if k := textproto.CanonicalMIMEHeaderKey(key); o.forward[k] {
		return strings.ToLower(k), true
	}
	return runtime.DefaultHeaderMatcher(key)
}

// incoming returns ctx with incoming metadata built from r's headers by the
// same rules, for conversions of errors raised where grpc-gateway has not
// built it (routing, the middleware) or built outgoing metadata only (a
// gateway in front of a connection).
func (o *options) incoming(ctx context.Context, r *http.Request) context.Context {
	if r == nil {
		return ctx
	}
	if o.direct {
		if md, ok := metadata.FromIncomingContext(ctx); ok && len(md) > 0 {
			return ctx
		}
	}
	md := metadata.MD{}
	for k, vs := range r.Header {
		key, ok := o.matchHeader(k)
		if !ok {
			continue
		}
		for _, v := range vs {
			if printable(v) {
				md.Append(key, v)
			}
		}
	}
	return metadata.NewIncomingContext(ctx, md)
}

// printable reports whether v is a valid gRPC metadata text value, as
// grpc-gateway requires before forwarding a header.
func printable(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] < 0x20 || v[i] > 0x7E {
			return false
		}
	}
	return true
}

// call is the gateway's state of one routed request, in its context.
type call struct {
	r       *http.Request
	method  string        // the gRPC method, once grpc-gateway annotated the context
	failure *errcat.Error // an HTTP-layer error found while decoding the body
	stream  *status.Status
}

type callKey struct{}

func callFrom(ctx context.Context) *call {
	c, _ := ctx.Value(callKey{}).(*call)
	return c
}

// probe marks the requests routingError sends through the mux to find the
// methods a path supports.
type probe struct{ found bool }

type probeKey struct{}

func probeFrom(ctx context.Context) *probe {
	p, _ := ctx.Value(probeKey{}).(*probe)
	return p
}

// annotate records the gRPC method grpc-gateway resolved; it adds no
// metadata.
func (o *options) annotate(ctx context.Context, _ *http.Request) metadata.MD {
	if c := callFrom(ctx); c != nil {
		if m, ok := runtime.RPCMethod(ctx); ok {
			c.method = m
		}
	}
	return nil
}

// method returns the gRPC method of the call, or "" before routing.
func method(ctx context.Context) string {
	if m, ok := runtime.RPCMethod(ctx); ok {
		return m
	}
	if c := callFrom(ctx); c != nil {
		return c.method
	}
	return ""
}

// middleware runs for every routed request, before grpc-gateway parses it.
func (o *options) middleware(next runtime.HandlerFunc) runtime.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request, pathParams map[string]string) {
		if p := probeFrom(r.Context()); p != nil {
			p.found = true
			return
		}
		c := &call{}
		r = r.WithContext(context.WithValue(r.Context(), callKey{}, c))
		c.r = r
		ww := &writer{ResponseWriter: w, o: o, c: c}
		if !acceptable(r.Header.Values("Accept")) {
			o.fail(ww, r, codes.NewUnsupportedAcceptMediaType(MediaType))
			return
		}
		// grpc-gateway fills path variables with whatever the segment holds,
		// "" included; an empty one is a missing one.
		for _, name := range sortedKeys(pathParams) {
			if pathParams[name] == "" {
				o.fail(ww, r, codes.NewMissingPathVariable(name))
				return
			}
		}
		if o.maxBody > 0 && r.ContentLength > o.maxBody {
			o.fail(ww, r, payloadTooLarge(o.maxBody))
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			rc := r.Body
			if o.maxBody > 0 {
				rc = http.MaxBytesReader(w, rc, o.maxBody)
			}
			r.Body = &body{ReadCloser: rc, c: c}
		}
		if o.direct {
			defer func() {
				if p := recover(); p != nil {
					if p == http.ErrAbortHandler {
						panic(p)
					}
					ctx := o.incoming(r.Context(), r)
					st := status.Convert(o.server.Recover(ctx, c.method, p))
					if !ww.wrote {
						o.write(ctx, ww, r, st)
					}
				}
			}()
		}
		next(ww, r, pathParams)
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// acceptable reports whether an Accept header (its values) admits JSON. No
// header admits anything; a media range with q=0 is refused.
func acceptable(values []string) bool {
	if len(values) == 0 {
		return true
	}
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			if strings.TrimSpace(part) == "" {
				continue
			}
			mt, params, err := mime.ParseMediaType(part)
			if err != nil {
				continue
			}
			if q := strings.TrimSpace(params["q"]); q != "" && strings.Trim(q, "0.") == "" {
				continue
			}
			switch mt {
			case "*/*", "application/*", MediaType:
				return true
			}
		}
	}
	return false
}

func payloadTooLarge(limit int64) *errcat.Error {
	return codes.NewPayloadTooLarge("The limit is " + formatInt(limit) + " bytes")
}

func formatInt(n int64) string {
	var b [20]byte
	i := len(b)
	if n == 0 {
		return "0"
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// body is a routed request's body: it keeps what was read, so that a body
// that does not decode can be diagnosed (see jsonMarshaler).
type body struct {
	io.ReadCloser
	c    *call
	read bytes.Buffer
}

func (b *body) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.read.Write(p[:n])
	return n, err
}

// writer is the ResponseWriter grpc-gateway's handlers get: it knows whether
// the header was written, and gives a stream that fails before its first
// message the catalogue's HTTP status and headers (grpc-gateway would use
// the canonical mapping of the gRPC code).
type writer struct {
	http.ResponseWriter
	o     *options
	c     *call
	wrote bool
}

func (w *writer) WriteHeader(code int) {
	if w.wrote {
		return
	}
	w.wrote = true
	if st := w.c.stream; st != nil {
		var e *errcat.Error
		code, e = httpStatus(st)
		setErrorHeaders(w.Header(), e)
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *writer) Write(p []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(p)
}

// Flush lets grpc-gateway flush each stream message.
func (w *writer) Flush() {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap gives http.ResponseController the underlying writer.
func (w *writer) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// fail answers r with an HTTP-layer error.
func (o *options) fail(w http.ResponseWriter, r *http.Request, e *errcat.Error) {
	ctx := o.incoming(r.Context(), r)
	o.write(ctx, w, r, o.own(ctx, e))
}

// own converts an error the gateway raised itself by the server's rules.
func (o *options) own(ctx context.Context, e *errcat.Error) *status.Status {
	return status.Convert(o.server.Convert(ctx, method(ctx), e))
}

// routingError answers a request no route matched: 000029 (no such path)
// or 000031 (the path exists with other methods, listed in Allow).
func (o *options) routingError(ctx context.Context, mux *runtime.ServeMux, _ runtime.Marshaler, w http.ResponseWriter, r *http.Request, code int) {
	if probeFrom(ctx) != nil {
		return
	}
	var e *errcat.Error
	switch code {
	case http.StatusNotFound:
		e = codes.NewEndpointNotFound(r.URL.Path, r.Method)
	case http.StatusMethodNotAllowed:
		allowed := allowedMethods(mux, r)
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		e = codes.NewMethodNotSupported(r.Method, strings.Join(allowed, ", "))
	case http.StatusBadRequest:
		e = codes.NewInvalidRequest()
	default:
		e = codes.NewEndpointNotFound(r.URL.Path, r.Method)
	}
	ctx = o.incoming(ctx, r)
	o.write(ctx, w, r, o.own(ctx, e))
}

// probeMethods are the methods routingError tries on a path.
var probeMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// allowedMethods finds the methods mux routes r's path for, by sending
// probe requests through it: the middleware stops a probe that matched a
// route before any handler runs, and routingError ignores the others.
func allowedMethods(mux *runtime.ServeMux, r *http.Request) []string {
	var allowed []string
	for _, m := range probeMethods {
		if m == r.Method {
			continue
		}
		p := &probe{}
		pr := r.Clone(context.WithValue(r.Context(), probeKey{}, p))
		pr.Method = m
		pr.Body = http.NoBody
		pr.ContentLength = 0
		pr.Header.Del("Content-Type")
		pr.Header.Del("X-HTTP-Method-Override")
		mux.ServeHTTP(discard{}, pr)
		if p.found {
			allowed = append(allowed, m)
		}
	}
	return allowed
}

type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) WriteHeader(int)             {}

// errAs is errors.As for a target type, as a value.
func errAs[T error](err error) (T, bool) {
	var t T
	ok := errors.As(err, &t)
	return t, ok
}
