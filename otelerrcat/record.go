package otelerrcat

import (
	"context"
	"strings"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
	rpccode "google.golang.org/genproto/googleapis/rpc/code"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/errcat/errcat"
)

// scope is the instrumentation scope of the counters.
const scope = "github.com/errcat/errcat/otelerrcat"

// Attribute keys set on spans and counters.
const (
	// ErrorTypeKey is the OpenTelemetry error classification: the entry's
	// reason, or the gRPC code name for an error without ErrorInfo.
	ErrorTypeKey = attribute.Key("error.type")
	// DomainKey is the ErrorInfo domain of the entry.
	DomainKey = attribute.Key("errcat.domain")
	// CodeKey is the numeric code of the entry ("000012").
	CodeKey = attribute.Key("errcat.code")
	// RequestIDKey is the request id sent in google.rpc.RequestInfo (spans
	// only: it is unbounded, so never a metric attribute).
	RequestIDKey = attribute.Key("errcat.request_id")
	// MethodKey is the full gRPC method, "pkg.Service/Method".
	MethodKey = attribute.Key("rpc.method")
	// StatusCodeKey is the gRPC code name, "NOT_FOUND".
	StatusCodeKey = attribute.Key("rpc.response.status_code")
)

// Names of the counters.
const (
	ServerErrors = "errcat.server.errors"
	ClientErrors = "errcat.client.errors"
)

// recorder is the one reporter behind every call shape of one side.
type recorder struct {
	errors metric.Int64Counter
}

func newRecorder(o *options, name, description string) *recorder {
	c, err := o.meterProvider.Meter(scope).Int64Counter(name,
		metric.WithDescription(description), metric.WithUnit("{error}"))
	if err != nil {
		// The SDK returns a usable instrument with the error; report it
		// the way OpenTelemetry reports its own problems.
		otel.Handle(err)
	}
	return &recorder{errors: c}
}

// record annotates the span of ctx and counts err, which is not nil.
func (r *recorder) record(ctx context.Context, method string, err error) {
	a := entryOf(err)
	a.annotate(trace.SpanFromContext(ctx))
	kv := a.kv[:a.n]
	if m := strings.TrimPrefix(method, "/"); m != "" {
		kv = append(kv, MethodKey.String(m))
	}
	kv = append(kv, StatusCodeKey.String(codeName(a.code)))
	r.errors.Add(ctx, 1, metric.WithAttributeSet(attribute.NewSet(kv...)))
}

// entryAttrs are the attributes of a failed call's entry: kv[:n] the span's
// (and counter's) entry attributes, room for the counter's two more.
type entryAttrs struct {
	kv        [5]attribute.KeyValue
	n         int
	requestID string
	code      grpccodes.Code
}

func entryOf(err error) *entryAttrs {
	a := &entryAttrs{code: status.Code(err)}
	e, ok := errcat.FromError(err)
	if !ok {
		a.kv[0] = ErrorTypeKey.String(codeName(a.code))
		a.n = 1
		return a
	}
	a.code = e.GRPCCode()
	a.kv[0] = ErrorTypeKey.String(e.Reason())
	a.kv[1] = DomainKey.String(e.Domain())
	a.n = 2
	if c := e.Code(); c != "" { // entries of unknown catalogues have none
		a.kv[a.n] = CodeKey.String(c)
		a.n++
	}
	a.requestID = e.Details().RequestInfo.GetRequestId()
	return a
}

// annotate sets the entry attributes on span, if it records.
func (a *entryAttrs) annotate(span trace.Span) {
	if !span.IsRecording() {
		return
	}
	span.SetAttributes(a.kv[:a.n]...)
	if a.requestID != "" {
		span.SetAttributes(RequestIDKey.String(a.requestID))
	}
}

// codeName returns the google.rpc.Code name of c ("NOT_FOUND"); codes
// outside the enum are UNKNOWN, so the attribute stays bounded.
func codeName(c grpccodes.Code) string {
	if name, ok := rpccode.Code_name[int32(c)]; ok {
		return name
	}
	return rpccode.Code_UNKNOWN.String()
}
