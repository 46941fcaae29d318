package otelerrcat_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"testing"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/otel/attribute"
	otelcodes "go.opentelemetry.io/otel/codes"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/internal/testsrv"
	"github.com/errcat/errcat/otelerrcat"
)

// telemetry is one side's in-memory OpenTelemetry: the SDK's span recorder
// and a manual metric reader.
type telemetry struct {
	spans  *tracetest.SpanRecorder
	tp     *sdktrace.TracerProvider
	reader *sdkmetric.ManualReader
	mp     *sdkmetric.MeterProvider
}

func newTelemetry() *telemetry {
	t := &telemetry{spans: tracetest.NewSpanRecorder(), reader: sdkmetric.NewManualReader()}
	t.tp = sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(t.spans))
	t.mp = sdkmetric.NewMeterProvider(sdkmetric.WithReader(t.reader))
	return t
}

// counts returns the data points of counter name, keyed by their sorted
// attributes ("k=v,k=v").
func (tel *telemetry) counts(t *testing.T, name string) map[string]int64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := tel.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != name {
				continue
			}
			sum, ok := m.Data.(metricdata.Sum[int64])
			if !ok || !sum.IsMonotonic {
				t.Fatalf("%s is %T, want a monotonic int64 sum", name, m.Data)
			}
			for _, dp := range sum.DataPoints {
				got[setKey(dp.Attributes)] += dp.Value
			}
		}
	}
	return got
}

func setKey(s attribute.Set) string {
	var parts []string
	for _, kv := range s.ToSlice() {
		parts = append(parts, string(kv.Key)+"="+kv.Value.String())
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

// attrsOf returns a span's attributes as strings.
func attrsOf(s sdktrace.ReadOnlySpan) map[string]string {
	m := map[string]string{}
	for _, kv := range s.Attributes() {
		m[string(kv.Key)] = kv.Value.String()
	}
	return m
}

var propagator = otelgrpc.WithPropagators(propagation.TraceContext{})

// serve starts the test service over TCP with otelgrpc and otelerrcat
// outside the errcat interceptors on both sides. Handlers raise the entry
// whose reason they receive.
func serve(t *testing.T, srvTel, cliTel *telemetry, h testsrv.Handlers, opts ...interceptors.ServerOption) *testsrv.Server {
	t.Helper()
	opts = append([]interceptors.ServerOption{interceptors.WithLogger(slog.New(slog.DiscardHandler))}, opts...)
	oes := otelerrcat.NewServer(otelerrcat.WithMeterProvider(srvTel.mp))
	oec := otelerrcat.NewClient(otelerrcat.WithMeterProvider(cliTel.mp))
	noMetrics := otelgrpc.WithMeterProvider(metricnoop.NewMeterProvider())
	return testsrv.Start(t, h, testsrv.Config{
		TCP: true,
		ServerOpts: append(interceptors.ChainServer(oes, interceptors.NewServer(opts...)),
			grpc.StatsHandler(otelgrpc.NewServerHandler(otelgrpc.WithTracerProvider(srvTel.tp), noMetrics, propagator))),
		DialOpts: append(interceptors.ChainClient(oec, interceptors.NewClient()),
			grpc.WithStatsHandler(otelerrcat.ClientHandler(otelgrpc.NewClientHandler(otelgrpc.WithTracerProvider(cliTel.tp), noMetrics, propagator)))),
	})
}

// raising are handlers that return the common entry named by the first
// message, or succeed when it is "ok".
func raising() testsrv.Handlers {
	byReason := map[string]*errcat.Entry{}
	for _, e := range codes.CommonErrorCatalog.Entries() {
		byReason[e.Reason()] = e
	}
	raise := func(reason string) error {
		e := byReason[reason]
		if e == nil {
			return nil
		}
		args := make([]string, len(e.ArgNames()))
		for i := range args {
			args[i] = "secret-arg-" + e.ArgNames()[i]
		}
		return e.New(args...)
	}
	return testsrv.Handlers{
		Unary: func(_ context.Context, in string) (string, error) { return in, raise(in) },
		ServerStream: func(_ context.Context, in string, send func(string) error) error {
			if err := raise(in); err != nil {
				return err
			}
			return send(in)
		},
		ClientStream: func(_ context.Context, recv func() (string, error)) (string, error) {
			first, err := recv()
			if err != nil {
				return "", err
			}
			for {
				if _, err := recv(); err == io.EOF {
					break
				} else if err != nil {
					return "", err
				}
			}
			return first, raise(first)
		},
		Bidi: func(_ context.Context, recv func() (string, error), send func(string) error) error {
			in, err := recv()
			if err != nil {
				return err
			}
			if err := raise(in); err != nil {
				return err
			}
			return send(in)
		},
	}
}

// shapes are the four call shapes, each sending reason as its first message.
var shapes = []struct {
	name, method string
	call         func(ctx context.Context, s *testsrv.Server, reason string) error
}{
	{"unary", "errcat.test.Test/Unary", func(ctx context.Context, s *testsrv.Server, r string) error {
		_, err := s.Unary(ctx, r)
		return err
	}},
	{"server stream", "errcat.test.Test/ServerStream", func(ctx context.Context, s *testsrv.Server, r string) error {
		_, err := s.ServerStream(ctx, r)
		return err
	}},
	{"client stream", "errcat.test.Test/ClientStream", func(ctx context.Context, s *testsrv.Server, r string) error {
		_, err := s.ClientStream(ctx, []string{r, "more"})
		return err
	}},
	{"bidi", "errcat.test.Test/Bidi", func(ctx context.Context, s *testsrv.Server, r string) error {
		_, err := s.Bidi(ctx, []string{r})
		return err
	}},
}

// Every entry of the common catalogue, in every call shape, gives one
// increment on each side's counter with exactly the bounded attributes,
// and the entry's attributes on otelgrpc's server span and on the caller's
// span; the span status stays otelgrpc's.
func TestEveryEntryEveryShape(t *testing.T) {
	srvTel, cliTel := newTelemetry(), newTelemetry()
	srv := serve(t, srvTel, cliTel, raising())
	tracer := cliTel.tp.Tracer("test")

	wantCounts := map[string]int64{}
	type call struct {
		entry *errcat.Entry
		shape string
	}
	calls := map[string]call{} // by request id
	for _, ent := range codes.CommonErrorCatalog.Entries() {
		for i, sh := range shapes {
			// Request ids may hold [A-Za-z0-9-_.:/+=@] only: a variant's brackets go.
			id := fmt.Sprintf("req-%s-%d", strings.NewReplacer("[", "v", "]", "").Replace(ent.Code()), i)
			calls[id] = call{ent, sh.name}
			ctx, span := tracer.Start(context.Background(), id)
			ctx = metadata.AppendToOutgoingContext(ctx, "x-request-id", id)
			err := sh.call(ctx, srv, ent.Reason())
			span.End()
			if !errors.Is(err, ent) {
				t.Fatalf("%s %s: got %v", ent.Reason(), sh.name, err)
			}
			wantCounts[fmt.Sprintf("errcat.code=%s,errcat.domain=%s,error.type=%s,rpc.method=%s,rpc.response.status_code=%s",
				ent.Code(), ent.Domain(), ent.Reason(), sh.method, grpcCodeName(ent))]++
		}
	}
	// Stopping the server waits for its handlers, so otelgrpc has ended
	// every server span.
	srv.Stop()

	for side, tel := range map[string]*telemetry{otelerrcat.ServerErrors: srvTel, otelerrcat.ClientErrors: cliTel} {
		got := tel.counts(t, side)
		if len(got) != len(wantCounts) {
			t.Errorf("%s: %d series, want %d", side, len(got), len(wantCounts))
		}
		for k, n := range wantCounts {
			if got[k] != n {
				t.Errorf("%s{%s} = %d, want %d", side, k, got[k], n)
			}
		}
		for k := range got {
			if strings.Contains(k, "secret-arg") {
				t.Errorf("%s: an argument became an attribute: %s", side, k)
			}
		}
	}

	checkSpans := func(side string, spans []sdktrace.ReadOnlySpan, kind trace.SpanKind) {
		t.Helper()
		seen := 0
		for _, s := range spans {
			if s.SpanKind() != kind {
				continue
			}
			a := attrsOf(s)
			c, ok := calls[a["errcat.request_id"]]
			if !ok {
				t.Errorf("%s span %q: no known errcat.request_id in %v", side, s.Name(), a)
				continue
			}
			seen++
			if a["error.type"] != c.entry.Reason() || a["errcat.domain"] != c.entry.Domain() || a["errcat.code"] != c.entry.Code() {
				t.Errorf("%s span of %s %s: attributes %v", side, c.entry.Reason(), c.shape, a)
			}
			for k, v := range a {
				if strings.Contains(v, "secret-arg") {
					t.Errorf("%s span: argument in attribute %s", side, k)
				}
			}
		}
		if seen != len(calls) {
			t.Errorf("%s: %d annotated spans, want %d", side, seen, len(calls))
		}
	}
	// The server side annotates otelgrpc's server span.
	checkSpans("server", srvTel.spans.Ended(), trace.SpanKindServer)
	for _, s := range srvTel.spans.Ended() {
		if s.SpanKind() != trace.SpanKindServer {
			continue
		}
		if isErr := s.Status().Code == otelcodes.Error; isErr == serverOKStatus(s) {
			t.Errorf("server span %s (%s): status %v, want otelgrpc's", s.Name(), attrsOf(s)["rpc.response.status_code"], s.Status())
		}
	}
	// The client interceptors annotate the caller's span, and ClientHandler
	// otelgrpc's client span.
	checkSpans("caller", cliTel.spans.Ended(), trace.SpanKindInternal)
	checkSpans("client", cliTel.spans.Ended(), trace.SpanKindClient)
}

// serverOKStatus reports whether otelgrpc leaves the status of this server
// span unset: by the RPC conventions a server sets Error only for UNKNOWN,
// DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE and DATA_LOSS.
func serverOKStatus(s sdktrace.ReadOnlySpan) bool {
	switch attrsOf(s)["rpc.response.status_code"] {
	case "UNKNOWN", "DEADLINE_EXCEEDED", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS":
		return false
	}
	return true
}

// grpcCodeName is the google.rpc.Code name of the entry's gRPC code,
// spelt from grpc-go's CamelCase name ("NotFound" -> "NOT_FOUND").
func grpcCodeName(e *errcat.Entry) string {
	name := e.GRPCCode().String()
	if name == "Canceled" {
		return "CANCELLED" // google.rpc.Code's spelling
	}
	var b strings.Builder
	for i, r := range name {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte('_')
		}
		b.WriteRune(r)
	}
	return strings.ToUpper(b.String())
}

// OK calls, in every shape, record nothing on either side.
func TestOKCallsRecordNothing(t *testing.T) {
	srvTel, cliTel := newTelemetry(), newTelemetry()
	srv := serve(t, srvTel, cliTel, raising())
	tracer := cliTel.tp.Tracer("test")
	for _, sh := range shapes {
		ctx, span := tracer.Start(context.Background(), sh.name)
		if err := sh.call(ctx, srv, "ok"); err != nil {
			t.Fatalf("%s: %v", sh.name, err)
		}
		span.End()
	}
	srv.Stop()
	if got := srvTel.counts(t, otelerrcat.ServerErrors); len(got) != 0 {
		t.Errorf("server counted OK calls: %v", got)
	}
	if got := cliTel.counts(t, otelerrcat.ClientErrors); len(got) != 0 {
		t.Errorf("client counted OK calls: %v", got)
	}
	for _, tel := range []*telemetry{srvTel, cliTel} {
		for _, s := range tel.spans.Ended() {
			if a := attrsOf(s); a["error.type"] != "" || a["errcat.domain"] != "" {
				t.Errorf("OK span %s annotated: %v", s.Name(), a)
			}
		}
	}
}
