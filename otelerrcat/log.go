package otelerrcat

import (
	"context"
	"log/slog"

	"go.opentelemetry.io/otel/trace"
)

// LogHandler returns a slog handler that adds the attributes trace_id and
// span_id (hex, as in the OpenTelemetry log data model) to every record
// logged with a context carrying a valid span, then passes it to h. The
// errcat server interceptors log with the call's context, so with
// otelgrpc's stats handler their internal-error records name the call's
// trace:
//
//	logger := slog.New(otelerrcat.LogHandler(slog.NewJSONHandler(os.Stderr, nil)))
//	interceptors.UnaryServer(interceptors.WithLogger(logger))
func LogHandler(h slog.Handler) slog.Handler { return logHandler{h} }

type logHandler struct{ h slog.Handler }

// Enabled reports whether the wrapped handler handles level.
func (l logHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return l.h.Enabled(ctx, level)
}

// Handle adds the trace and span ids of ctx, if any, and passes r on.
func (l logHandler) Handle(ctx context.Context, r slog.Record) error {
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		r = r.Clone()
		r.AddAttrs(slog.String("trace_id", sc.TraceID().String()), slog.String("span_id", sc.SpanID().String()))
	}
	return l.h.Handle(ctx, r)
}

// WithAttrs returns the handler with attrs added to the wrapped one.
func (l logHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return logHandler{l.h.WithAttrs(attrs)}
}

// WithGroup returns the handler with the group opened on the wrapped one.
// The trace and span ids still go in the innermost group.
func (l logHandler) WithGroup(name string) slog.Handler {
	return logHandler{l.h.WithGroup(name)}
}
