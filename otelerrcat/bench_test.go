package otelerrcat_test

import (
	"context"
	"io"
	"testing"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/stats"

	"github.com/errcat/errcat/otelerrcat"
)

// The OK path is measured on the interceptors themselves, with a real SDK
// meter provider and a recording span in the context, against a
// pass-through interceptor of the same shape (the baseline).

type okServerStream struct{ ctx context.Context }

func (s okServerStream) SetHeader(metadata.MD) error  { return nil }
func (s okServerStream) SendHeader(metadata.MD) error { return nil }
func (s okServerStream) SetTrailer(metadata.MD)       {}
func (s okServerStream) Context() context.Context     { return s.ctx }
func (s okServerStream) SendMsg(any) error            { return nil }
func (s okServerStream) RecvMsg(any) error            { return nil }

type okClientStream struct{ okServerStream }

func (okClientStream) Header() (metadata.MD, error) { return nil, nil }
func (okClientStream) Trailer() metadata.MD         { return nil }
func (okClientStream) CloseSend() error             { return nil }
func (okClientStream) RecvMsg(any) error            { return io.EOF }

var (
	unaryInfo  = &grpc.UnaryServerInfo{FullMethod: "/errcat.test.Test/Unary"}
	streamInfo = &grpc.StreamServerInfo{FullMethod: "/errcat.test.Test/Bidi"}
	streamDesc = &grpc.StreamDesc{ServerStreams: true, ClientStreams: true}
)

func okHandler(context.Context, any) (any, error)  { return "ok", nil }
func okStreamHandler(any, grpc.ServerStream) error { return nil }
func okInvoker(context.Context, string, any, any, *grpc.ClientConn, ...grpc.CallOption) error {
	return nil
}

// okPath runs one OK call of each shape through the given interceptors.
type okPath struct {
	ctx    context.Context
	ss     grpc.ServerStream
	unary  grpc.UnaryServerInterceptor
	stream grpc.StreamServerInterceptor
	cunary grpc.UnaryClientInterceptor
	cstrm  grpc.StreamClientInterceptor
	cs     grpc.ClientStream
	strmr  grpc.Streamer
	sh     stats.Handler
}

// noopHandler is a stats handler that does nothing.
type noopHandler struct{}

func (noopHandler) TagRPC(ctx context.Context, _ *stats.RPCTagInfo) context.Context   { return ctx }
func (noopHandler) HandleRPC(context.Context, stats.RPCStats)                         {}
func (noopHandler) TagConn(ctx context.Context, _ *stats.ConnTagInfo) context.Context { return ctx }
func (noopHandler) HandleConn(context.Context, stats.ConnStats)                       {}

var okEnd = &stats.End{Client: true}

func (p *okPath) clientHandler() { p.sh.HandleRPC(p.ctx, okEnd) }

func newOKPath(baseline bool) *okPath {
	tp := sdktrace.NewTracerProvider()
	ctx, _ := tp.Tracer("bench").Start(context.Background(), "call")
	p := &okPath{ctx: ctx, ss: okServerStream{ctx}, cs: okClientStream{okServerStream{ctx}}}
	p.strmr = func(context.Context, *grpc.StreamDesc, *grpc.ClientConn, string, ...grpc.CallOption) (grpc.ClientStream, error) {
		return p.cs, nil
	}
	p.sh = otelerrcat.ClientHandler(noopHandler{})
	if baseline {
		p.sh = noopHandler{}
		p.unary = func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
			return h(ctx, req)
		}
		p.stream = func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
			return h(srv, ss)
		}
		p.cunary = func(ctx context.Context, m string, req, reply any, cc *grpc.ClientConn, inv grpc.UnaryInvoker, o ...grpc.CallOption) error {
			return inv(ctx, m, req, reply, cc, o...)
		}
		p.cstrm = func(ctx context.Context, d *grpc.StreamDesc, cc *grpc.ClientConn, m string, s grpc.Streamer, o ...grpc.CallOption) (grpc.ClientStream, error) {
			return s(ctx, d, cc, m, o...)
		}
		return p
	}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	srv := otelerrcat.NewServer(otelerrcat.WithMeterProvider(mp))
	cli := otelerrcat.NewClient(otelerrcat.WithMeterProvider(mp))
	p.unary, p.stream, p.cunary, p.cstrm = srv.Unary(), srv.Stream(), cli.Unary(), cli.Stream()
	return p
}

func (p *okPath) serverUnary() {
	if _, err := p.unary(p.ctx, "req", unaryInfo, okHandler); err != nil {
		panic(err)
	}
}

func (p *okPath) serverStream() {
	if err := p.stream(nil, p.ss, streamInfo, okStreamHandler); err != nil {
		panic(err)
	}
}

func (p *okPath) clientUnary() {
	if err := p.cunary(p.ctx, "/errcat.test.Test/Unary", "req", "reply", nil, okInvoker); err != nil {
		panic(err)
	}
}

func (p *okPath) clientStream() {
	cs, err := p.cstrm(p.ctx, streamDesc, nil, "/errcat.test.Test/Bidi", p.strmr)
	if err != nil {
		panic(err)
	}
	if err := cs.SendMsg("m"); err != nil {
		panic(err)
	}
	if err := cs.RecvMsg("m"); err != io.EOF {
		panic(err)
	}
}

// An OK call allocates nothing more than the pass-through baseline in the
// server interceptors and the unary client interceptor; a client stream
// allocates its one error watcher.
func TestOKPathAllocs(t *testing.T) {
	base, p := newOKPath(true), newOKPath(false)
	for _, tc := range []struct {
		name    string
		base, f func()
		extra   float64
	}{
		{"server unary", base.serverUnary, p.serverUnary, 0},
		{"server stream", base.serverStream, p.serverStream, 0},
		{"client unary", base.clientUnary, p.clientUnary, 0},
		{"client stream", base.clientStream, p.clientStream, 1},
		{"client handler", base.clientHandler, p.clientHandler, 0},
	} {
		b, got := testing.AllocsPerRun(1000, tc.base), testing.AllocsPerRun(1000, tc.f)
		if got-b != tc.extra {
			t.Errorf("%s: %v allocs per OK call (baseline %v), want %v extra", tc.name, got, b, tc.extra)
		}
		if b != 0 {
			t.Errorf("%s: the baseline allocates %v times: the measure is not clean", tc.name, b)
		}
	}
}

func BenchmarkOK(b *testing.B) {
	for _, impl := range []struct {
		name     string
		baseline bool
	}{{"baseline", true}, {"otelerrcat", false}} {
		p := newOKPath(impl.baseline)
		for _, shape := range []struct {
			name string
			f    func()
		}{
			{"ServerUnary", p.serverUnary},
			{"ServerStream", p.serverStream},
			{"ClientUnary", p.clientUnary},
			{"ClientStream", p.clientStream},
			{"ClientHandler", p.clientHandler},
		} {
			b.Run(shape.name+"/"+impl.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					shape.f()
				}
			})
		}
	}
}
