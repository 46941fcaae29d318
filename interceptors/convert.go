package interceptors

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"strings"

	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
)

type server struct{ o *serverOptions }

func newServer(opts []ServerOption) *server { return &server{o: newServerOptions(opts)} }

// convert is the one place where a handler's error becomes the error grpc-go
// sends; unary and stream interceptors both call it.
func (s *server) convert(ctx context.Context, method string, err error) error {
	if e, ok := errcat.AsError(err); ok {
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
	var gs interface{ GRPCStatus() *status.Status }
	if errors.As(err, &gs) {
		if st := gs.GRPCStatus(); st != nil && st.Code() != grpccodes.OK {
			return s.passThrough(st)
		}
	}
	return s.internalError(ctx, method, err, nil)
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
func (s *server) internalError(ctx context.Context, method string, cause error, stack []byte) error {
	e := s.o.internal.New().WithCause(cause)
	return s.sendLogged(ctx, method, e, stack)
}

// send encodes e with the call's request id, locale and options.
func (s *server) send(ctx context.Context, method string, e *errcat.Error, log bool) error {
	if log {
		return s.sendLogged(ctx, method, e, nil)
	}
	return s.encode(ctx, e, s.o.requestID(ctx), nil)
}

// sendLogged is send for errors the server logs: they always carry a
// request id, generated when the call has none, so that the client can
// quote it and the operator find the log line.
func (s *server) sendLogged(ctx context.Context, method string, e *errcat.Error, stack []byte) error {
	id := s.o.requestID(ctx)
	if id == "" {
		id = newID()
	}
	attrs := []slog.Attr{
		slog.String("request_id", id),
		slog.String("grpc.method", method),
		slog.String("reason", e.Reason()),
		slog.String("code", e.Code()),
	}
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

// IncomingRequestID returns a request-id source reading the first value of
// the given incoming metadata key. Ids are cut to 128 bytes.
func IncomingRequestID(key string) func(ctx context.Context) string {
	return func(ctx context.Context) string {
		// ValueFromIncomingContext copies only this key's values, not the
		// whole metadata as FromIncomingContext does.
		v := metadata.ValueFromIncomingContext(ctx, key)
		if len(v) == 0 {
			return ""
		}
		id := v[0]
		if len(id) > 128 {
			id = id[:128]
		}
		return id
	}
}
