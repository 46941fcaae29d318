package otelerrcat_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc/metadata"

	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/internal/testsrv"
	"github.com/errcat/errcat/otelerrcat"
)

// The server's log record of an internal error carries the trace and span
// ids of otelgrpc's server span, which continues the caller's trace.
func TestLogHandlerInternalError(t *testing.T) {
	var logs testsrv.SyncBuffer
	logger := slog.New(otelerrcat.LogHandler(slog.NewJSONHandler(&logs, nil)))
	srvTel, cliTel := newTelemetry(), newTelemetry()
	h := testsrv.Handlers{
		Unary: func(context.Context, string) (string, error) {
			return "", errors.New("db: connection refused")
		},
		Bidi: func(context.Context, func() (string, error), func(string) error) error {
			panic("boom")
		},
	}
	srv := serve(t, srvTel, cliTel, h, interceptors.WithLogger(logger))
	ctx, caller := cliTel.tp.Tracer("test").Start(context.Background(), "caller")
	ctx = metadata.AppendToOutgoingContext(ctx, "x-request-id", "req-log-1")
	_, errUnary := srv.Unary(ctx, "x")
	_, errBidi := srv.Bidi(ctx, []string{"x"})
	caller.End()
	srv.Stop()
	for _, err := range []error{errUnary, errBidi} {
		if !errors.Is(err, codes.InternalServerError) {
			t.Fatalf("got %v, want the internal error", err)
		}
	}

	spanIDs := map[string]bool{}
	for _, s := range srvTel.spans.Ended() {
		if s.SpanKind() == trace.SpanKindServer {
			spanIDs[s.SpanContext().SpanID().String()] = true
		}
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 log lines, got %d:\n%s", len(lines), logs.String())
	}
	for _, line := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		if rec["trace_id"] != caller.SpanContext().TraceID().String() {
			t.Errorf("trace_id %v, want the caller's %s: %s", rec["trace_id"], caller.SpanContext().TraceID(), line)
		}
		if id, _ := rec["span_id"].(string); !spanIDs[id] {
			t.Errorf("span_id %v is no server span (%v): %s", rec["span_id"], spanIDs, line)
		}
		if rec["request_id"] != "req-log-1" {
			t.Errorf("request_id %v: %s", rec["request_id"], line)
		}
	}
}

// Without a span the record passes unchanged; WithAttrs and WithGroup keep
// the ids.
func TestLogHandlerWithoutSpan(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(otelerrcat.LogHandler(slog.NewTextHandler(&buf, nil)))
	logger.InfoContext(context.Background(), "plain")
	if strings.Contains(buf.String(), "trace_id") {
		t.Errorf("ids without a span: %s", buf.String())
	}

	buf.Reset()
	tel := newTelemetry()
	ctx, span := tel.tp.Tracer("test").Start(context.Background(), "op")
	defer span.End()
	logger.With("svc", "a").WithGroup("g").InfoContext(ctx, "grouped", "k", "v")
	want := "svc=a g.k=v g.trace_id=" + span.SpanContext().TraceID().String() + " g.span_id=" + span.SpanContext().SpanID().String()
	if !strings.Contains(buf.String(), want) {
		t.Errorf("got %s, want it to contain %s", buf.String(), want)
	}
}
