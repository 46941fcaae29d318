package interceptors

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"runtime/debug"
	"strconv"
	"strings"

	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/internal/grpcstatus"
)

type server struct{ o *serverOptions }

func newServer(opts []ServerOption) *server { return &server{o: newServerOptions(opts)} }

// convert is the one place where a handler's error becomes the error grpc-go
// sends; unary and stream interceptors both call it. Whatever a hook does
// (a panicking localizer, request-id source, mapper or log handler), it
// returns a valid status (see guard).
func (s *server) convert(ctx context.Context, method string, err error) (out error) {
	defer s.guard(ctx, method, &out)
	if e, ok := errcat.AsError(err); ok {
		if up := upstreamEntry(e); up != nil && !s.o.passThrough {
			return s.upstreamFailure(ctx, method, up, e.Unwrap())
		}
		return s.send(ctx, method, e, serverFault(e))
	}
	for _, m := range s.o.mappers {
		if e := safeMap(m, err); e != nil {
			if e.Unwrap() == nil {
				e = e.WithCause(err)
			}
			return s.send(ctx, method, e, serverFault(e))
		}
	}
	switch {
	case errors.Is(err, context.Canceled):
		return s.send(ctx, method, codes.RequestCancelled.New().WithCause(err), false)
	case errors.Is(err, context.DeadlineExceeded):
		return s.send(ctx, method, codes.RequestDeadlineExceeded.New().WithCause(err), false)
	}
	if st := grpcstatus.Of(err); st != nil && st.Code() != grpccodes.OK {
		switch {
		case s.o.passThrough:
		case transportText(st):
			// An upstream call's failure, returned as is.
			return s.upstreamFailure(ctx, method, codes.UpstreamBadResponse, err)
		case st.Code() == grpccodes.Unknown, st.Code() == grpccodes.Internal, st.Code() == grpccodes.DataLoss:
			// A server fault: its text is internal.
			return s.internalError(ctx, method, err, nil)
		}
		return s.passThrough(st)
	}
	return s.internalError(ctx, method, err, nil)
}

// upstreamEntry returns the entry of this service's common catalogue an
// error the client interceptors classified (an upstream that could not be
// reached, timed out or answered without an errcat status) is sent as:
// codes.UpstreamTimeout for a deadline, codes.UpstreamBadResponse for the
// others; nil for any other error. Classified errors keep the original
// error as their cause; decoded ones have none.
func upstreamEntry(e *errcat.Error) *errcat.Entry {
	cause := e.Unwrap()
	if cause == nil {
		return nil
	}
	switch e.Entry() {
	case codes.APIUnreachable, codes.AuthenticationFailed, codes.NotFoundError, codes.UnknownError:
		return codes.UpstreamBadResponse
	case codes.RequestDeadlineExceeded:
		// The upstream's DEADLINE_EXCEEDED (a handler's own context
		// deadline has no status).
		if st, ok := status.FromError(cause); ok && st.Code() == grpccodes.DeadlineExceeded {
			return codes.UpstreamTimeout
		}
	}
	return nil
}

// transportText reports whether an UNAVAILABLE status carries the text of
// grpc-go's transport or of a proxy (connection errors, addresses), not
// the application's.
func transportText(st *status.Status) bool {
	if st.Code() != grpccodes.Unavailable {
		return false
	}
	m := st.Message()
	for _, t := range [...]string{"connection error", "dial tcp", "dial unix", "transport:", "connection refused",
		"name resolver", "resolver error", "produced zero addresses", "no healthy upstream", "upstream connect error",
		"error reading from server", "connection closed", "connection reset"} {
		if strings.Contains(m, t) {
			return true
		}
	}
	return false
}

// upstreamFailure logs an upstream's failure (its text, code and request
// id) under a correlation id and sends entry with that id: the upstream's
// text never reaches the client.
func (s *server) upstreamFailure(ctx context.Context, method string, entry *errcat.Entry, cause error) error {
	var extra []slog.Attr
	if st, ok := status.FromError(cause); ok {
		extra = append(extra, slog.String("upstream_code", st.Code().String()))
		if e, ok := errcat.FromStatus(st); ok {
			if id := e.Details().RequestInfo.GetRequestId(); id != "" {
				extra = append(extra, slog.String("upstream_request_id", id))
			}
		}
	}
	return s.sendLogged(ctx, method, entry.New().WithCause(cause), nil, extra...)
}

// stderr receives what guard cannot log (a variable for the tests).
var stderr io.Writer = os.Stderr

// guard ends the error path whatever panicked in it (a hook of the user:
// localizer, request-id source, mapper, log handler): out becomes the
// internal entry's status with a fresh correlation id, and the panic is
// logged under it, or written to standard error if the logger panics too.
func (s *server) guard(ctx context.Context, method string, out *error) {
	r := recover()
	if r == nil {
		return
	}
	id := newID()
	*out = status.FromProto(s.o.internal.New().StatusProto(errcat.StatusOptions{RequestID: id, TrailerBudget: s.o.trailerBudget})).Err()
	defer func() {
		if r2 := recover(); r2 != nil {
			fmt.Fprintf(stderr, "errcat: request_id=%s grpc.method=%q: panic on the error path: %v (then in the logger: %v)\n%s", id, method, r, r2, debug.Stack())
		}
	}()
	s.o.logger.LogAttrs(ctx, slog.LevelError, "errcat: panic on the error path",
		slog.String("request_id", id), slog.String("grpc.method", method),
		slog.String("error", fmt.Sprint(r)), slog.String("stack", string(debug.Stack())))
}

// serverFault reports whether a catalogue error is logged: a server-side
// fault (HTTP status 500 or more) that retrying will not fix. Transient
// conditions with retry advice (maintenance, an unavailable data source,
// rate limits) are expected and would only flood the log.
func serverFault(e *errcat.Error) bool {
	return e.Entry().HTTPStatus() >= 500 && !e.Entry().Retryable()
}

// safeMap runs a user's mapper; a panicking mapper counts as "no match".
func safeMap(m Mapper, err error) (e *errcat.Error) {
	defer func() {
		if recover() != nil {
			e = nil
		}
	}()
	return m(err)
}

// internalError logs cause under a correlation id and sends the internal
// entry with that id.
func (s *server) internalError(ctx context.Context, method string, cause error, stack []byte) (out error) {
	defer s.guard(ctx, method, &out)
	e := s.o.internal.New().WithCause(cause)
	return s.sendLogged(ctx, method, e, stack)
}

// send encodes e with the call's request id, locale and options.
func (s *server) send(ctx context.Context, method string, e *errcat.Error, log bool) error {
	if log {
		return s.sendLogged(ctx, method, e, nil)
	}
	return s.encode(ctx, e, s.callID(ctx), nil)
}

// callID is the request id of the call under the policy of
// [IncomingRequestID]: the source's id if it qualifies, a generated one if
// it does not, "" if there is none.
func (s *server) callID(ctx context.Context) string {
	id := s.o.requestID(ctx)
	if id != "" && !validRequestID(id) {
		return newID()
	}
	return id
}

// sendLogged is send for errors the server logs: they always carry a
// request id, generated when the call has none, so that the client can
// quote it and the operator find the log line.
func (s *server) sendLogged(ctx context.Context, method string, e *errcat.Error, stack []byte, extra ...slog.Attr) error {
	id := s.callID(ctx)
	if id == "" {
		id = newID()
	}
	attrs := []slog.Attr{
		slog.String("request_id", id),
		slog.String("grpc.method", method),
		slog.String("reason", e.Reason()),
		slog.String("code", e.Code()),
	}
	// A client's id the policy refused is logged as such, never used.
	if v := metadata.ValueFromIncomingContext(ctx, "x-request-id"); len(v) > 0 && v[0] != id {
		in := v[0]
		if len(in) > 4*MaxRequestIDLen {
			in = in[:4*MaxRequestIDLen]
		}
		attrs = append(attrs, slog.String("incoming_request_id", strings.ToValidUTF8(in, "\uFFFD")))
	}
	attrs = append(attrs, extra...)
	if cause := e.Unwrap(); cause != nil {
		attrs = append(attrs, slog.String("error", cause.Error()))
	}
	if stack != nil {
		attrs = append(attrs, slog.String("stack", string(stack)))
	}
	s.o.logger.LogAttrs(ctx, slog.LevelError, "errcat: "+e.Reason(), attrs...)
	return s.encode(ctx, e, id, stack)
}

func (s *server) encode(ctx context.Context, e *errcat.Error, requestID string, stack []byte) error {
	o := errcat.StatusOptions{
		RequestID:     requestID,
		Debug:         s.o.debug,
		TrailerBudget: s.o.trailerBudget,
		Domain:        s.o.domain,
		PassThrough:   s.o.passThrough,
	}
	if s.o.debug && stack != nil {
		o.DebugStack = strings.Split(strings.TrimSpace(string(stack)), "\n")
	}
	if s.o.localizer != nil {
		l := s.o.localizer.Localize(ctx, e)
		o.Locale, o.LocalizedMessage, o.LocalizedResolutions = l.Locale, l.Message, l.Resolutions
	}
	return status.FromProto(e.StatusProto(o)).Err()
}

// passThrough sends a status a handler built itself, adding the ErrorInfo
// every errcat status carries if it has none, and repairing UTF-8.
func (s *server) passThrough(st *status.Status) error {
	p := errcat.Normalize(st.Proto(), codes.RuntimeErrorCatalog.Domain(), s.o.trailerBudget)
	return status.FromProto(p).Err()
}

// newID returns a 16-hex-digit correlation id.
func newID() string {
	return strconv.FormatUint(rand.Uint64()|1<<63, 16)
}
