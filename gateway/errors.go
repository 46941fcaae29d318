package gateway

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	rpccode "google.golang.org/genproto/googleapis/rpc/code"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
)

// handleError is the mux's error handler (runtime.WithErrorHandler).
func (o *options) handleError(ctx context.Context, _ *runtime.ServeMux, _ runtime.Marshaler, w http.ResponseWriter, r *http.Request, err error) {
	ctx = o.incoming(ctx, r)
	ctx, st := o.convert(ctx, err)
	o.write(ctx, w, r, st)
}

// streamError is the mux's stream error handler: the status of the
// {"error": ...} line that ends a failed server stream.
func (o *options) streamError(ctx context.Context, err error) *status.Status {
	c := callFrom(ctx)
	var r *http.Request
	if c != nil {
		r = c.r
	}
	ctx = o.incoming(ctx, r)
	ctx, st := o.convert(ctx, err)
	if o.observer != nil {
		o.observer(ctx, r, st)
	}
	if c != nil {
		c.stream = st
	}
	return st
}

// convert returns the status to send for err, an error grpc-gateway
// reports. ctx carries the request's incoming metadata; the context
// returned is ctx, marked for [FromServer] when the status is passed on as
// the gRPC server sent it.
func (o *options) convert(ctx context.Context, err error) (context.Context, *status.Status) {
	if c := callFrom(ctx); c != nil && c.failure != nil {
		return ctx, o.own(ctx, c.failure)
	}
	if hse, ok := errAs[*runtime.HTTPStatusError](err); ok {
		if _, ok := errAs[runtime.MalformedSequenceError](hse.Err); ok {
			return ctx, o.own(ctx, codes.NewInvalidParameterOrHeader("path"))
		}
		err = hse.Err
	}
	if e := httpLayerError(ctx, err); e != nil {
		return ctx, o.own(ctx, e)
	}
	if !o.direct {
		// An errcat server sent this status: pass it on as received.
		if st, ok := status.FromError(err); ok && hasErrorInfo(st) {
			return context.WithValue(ctx, fromServerKey{}, true), st
		}
	}
	return ctx, status.Convert(o.server.Convert(ctx, method(ctx), err))
}

type fromServerKey struct{}

// FromServer reports, for the context an error observer receives (see
// [WithErrorObserver]), whether the status is passed on as the gRPC server
// behind the gateway sent it. Such an error was already seen by the
// server's own interceptors (and counted, if they count): an observer that
// records metrics beside them skips it, so each failed REST call counts
// once. It is false for the gateway's own errors (HTTP-layer entries, a
// failed connection to the server) and always false in direct mode.
func FromServer(ctx context.Context) bool {
	v, _ := ctx.Value(fromServerKey{}).(bool)
	return v
}

func hasErrorInfo(st *status.Status) bool {
	for _, d := range st.Proto().GetDetails() {
		if d.MessageName() == "google.rpc.ErrorInfo" {
			return true
		}
	}
	return false
}

// httpLayerError recognises the errors grpc-gateway's generated code and
// runtime return for a request they cannot parse (plain INVALID_ARGUMENT
// statuses whose texts are fixed by grpc-gateway; the generated code drops
// the error's type) and returns the HTTP-layer entry for it, or nil.
func httpLayerError(ctx context.Context, err error) *errcat.Error {
	st, ok := status.FromError(err)
	if !ok || st.Code() != grpccodes.InvalidArgument || len(st.Proto().GetDetails()) > 0 {
		return nil
	}
	msg := st.Message()
	switch {
	case strings.HasPrefix(msg, "missing parameter "):
		return codes.NewMissingPathVariable(strings.TrimPrefix(msg, "missing parameter "))
	case strings.HasPrefix(msg, "type mismatch, parameter: "):
		name, _, _ := strings.Cut(strings.TrimPrefix(msg, "type mismatch, parameter: "), ", error: ")
		return codes.NewParamTypeMismatch(name, fieldType(ctx, name))
	case strings.HasPrefix(msg, "parsing field "), strings.HasPrefix(msg, "parsing list "):
		_, rest, _ := strings.Cut(msg, " ")
		_, rest, _ = strings.Cut(rest, " ")
		if name, ok := quoted(rest); ok {
			return codes.NewParamTypeMismatch(name, fieldType(ctx, name))
		}
	case strings.HasPrefix(msg, "too many values for field "):
		if name, ok := quoted(strings.TrimPrefix(msg, "too many values for field ")); ok {
			return codes.NewInvalidParameterOrHeader(name)
		}
	case strings.HasPrefix(msg, "invalid URL escape "), strings.HasPrefix(msg, "invalid semicolon separator"):
		return codes.NewInvalidParameterOrHeader("query")
	case strings.HasPrefix(msg, "invalid grpc-timeout: "):
		return codes.NewInvalidParameterOrHeader("Grpc-Timeout")
	case strings.HasPrefix(msg, "invalid binary header "):
		name, _, _ := strings.Cut(strings.TrimPrefix(msg, "invalid binary header "), ":")
		return codes.NewInvalidParameterOrHeader(name)
	}
	return nil
}

// quoted returns the Go-quoted string s starts with.
func quoted(s string) (string, bool) {
	q, err := strconv.QuotedPrefix(s)
	if err != nil {
		return "", false
	}
	v, err := strconv.Unquote(q)
	return v, err == nil
}

// fieldType names the type of the request field at path (a path or query
// parameter, "a.b" for nested fields) of the call's gRPC method, or "" if
// it cannot be found.
func fieldType(ctx context.Context, path string) string {
	m := strings.TrimPrefix(method(ctx), "/")
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(strings.ReplaceAll(m, "/", ".")))
	if err != nil {
		return ""
	}
	md, ok := d.(protoreflect.MethodDescriptor)
	if !ok {
		return ""
	}
	msg := md.Input()
	var fd protoreflect.FieldDescriptor
	for name := range strings.SplitSeq(path, ".") {
		if msg == nil {
			return ""
		}
		fd = msg.Fields().ByName(protoreflect.Name(name))
		if fd == nil {
			fd = msg.Fields().ByJSONName(name)
		}
		if fd == nil {
			return ""
		}
		msg = fd.Message()
	}
	return typeName(fd)
}

// typeName names a field's type for the 000007 and 000011 messages: the
// scalar kind ("int32", "string"), the enum or message full name, "array of
// T" for repeated fields and "object" for maps.
func typeName(fd protoreflect.FieldDescriptor) string {
	if fd.IsMap() {
		return "object"
	}
	var t string
	switch fd.Kind() {
	case protoreflect.EnumKind:
		t = string(fd.Enum().FullName())
	case protoreflect.MessageKind, protoreflect.GroupKind:
		t = string(fd.Message().FullName())
	default:
		t = fd.Kind().String()
	}
	if fd.IsList() {
		return "array of " + t
	}
	return t
}

// write sends st as the AIP-193 error body with its HTTP status and
// headers.
func (o *options) write(ctx context.Context, w http.ResponseWriter, r *http.Request, st *status.Status) {
	if o.observer != nil {
		o.observer(ctx, r, st)
	}
	code, e := httpStatus(st)
	h := w.Header()
	h.Del("Trailer")
	h.Del("Transfer-Encoding")
	h.Set("Content-Type", MediaType)
	setErrorHeaders(h, e)
	w.WriteHeader(code)
	_, _ = w.Write(Body(code, st))
}

// httpStatus returns the HTTP status of st: its catalogue entry's
// http_status for a known entry, else the canonical mapping of its code.
// e is the decoded error, nil for a status without ErrorInfo.
func httpStatus(st *status.Status) (code int, e *errcat.Error) {
	e, ok := errcat.FromStatus(st)
	if !ok {
		return runtime.HTTPStatusFromCode(st.Code()), nil
	}
	if e.Known() {
		if c := e.Entry().HTTPStatus(); c > 0 {
			return c, e
		}
	}
	return runtime.HTTPStatusFromCode(st.Code()), e
}

// setErrorHeaders sets Retry-After (whole seconds, rounded up) from the
// error's RetryInfo and Content-Language from its LocalizedMessage.
func setErrorHeaders(h http.Header, e *errcat.Error) {
	if e == nil {
		return
	}
	d := e.Details()
	if ri := d.RetryInfo; ri != nil {
		secs := math.Ceil(ri.GetRetryDelay().AsDuration().Seconds())
		h.Set("Retry-After", strconv.FormatInt(int64(max(secs, 0)), 10))
	}
	if loc := d.LocalizedMessage.GetLocale(); loc != "" && printable(loc) {
		h.Set("Content-Language", loc)
	}
}

// httpError is the AIP-193 error body.
type httpError struct {
	Error httpErrorBody `json:"error"`
}

type httpErrorBody struct {
	Code    int               `json:"code"`
	Message string            `json:"message"`
	Status  string            `json:"status"`
	Details []json.RawMessage `json:"details,omitempty"`
}

// Body returns the AIP-193 JSON error body of st, as the gateway sends it
// with HTTP status code:
//
//	{"error": {"code": <code>, "message": <st.Message>, "status": "<gRPC code name>",
//	           "details": [<each detail as protojson, with "@type">]}}
//
// indented by two spaces, with a final newline. The details keep their
// order (ErrorInfo first for an errcat status); a detail whose type is not
// linked into the program cannot be written as JSON and is left out.
func Body(code int, st *status.Status) []byte {
	p := st.Proto()
	b := httpError{Error: httpErrorBody{
		Code:    code,
		Message: p.GetMessage(),
		Status:  rpccode.Code(p.GetCode()).String(),
	}}
	for _, d := range p.GetDetails() {
		j, err := protojson.Marshal(d)
		if err != nil {
			continue
		}
		b.Error.Details = append(b.Error.Details, j)
	}
	out, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		// Unreachable: every part is valid JSON.
		return []byte(`{"error": {"code": 500, "message": "Internal Server Error", "status": "INTERNAL"}}` + "\n")
	}
	return append(out, '\n')
}
