package interceptors_test

import (
	"context"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/i18n"
	"github.com/errcat/errcat/interceptors"
)

// okChain calls the server and client interceptors around a handler and an
// invoker that succeed, as an OK unary call does.
func okChain(opts ...interceptors.ServerOption) func(ctx context.Context) error {
	server := interceptors.UnaryServer(opts...)
	client := interceptors.UnaryClient()
	info := &grpc.UnaryServerInfo{FullMethod: "/x.Y/Z"}
	handler := func(ctx context.Context, req any) (any, error) { return req, nil }
	invoker := func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, opts ...grpc.CallOption) error {
		return nil
	}
	req := any("req")
	return func(ctx context.Context) error {
		if _, err := server(ctx, req, info, handler); err != nil {
			return err
		}
		return client(ctx, "/x.Y/Z", req, req, nil, invoker)
	}
}

// germanCtx is an incoming call that asks for German.
func germanCtx() context.Context {
	return metadata.NewIncomingContext(context.Background(), metadata.Pairs("accept-language", "de-AT,de;q=0.9"))
}

// BenchmarkOKPath compares an OK call through the interceptors, with and
// without translations, against the bare handler and invoker. All three
// must report 0 allocs/op.
func BenchmarkOKPath(b *testing.B) {
	bare := func(ctx context.Context) error { return nil }
	cases := []struct {
		name string
		call func(context.Context) error
	}{
		{"none", bare},
		{"errcat", okChain()},
		{"errcat+i18n", okChain(interceptors.WithLocalizer(i18n.Default()))},
	}
	ctx := germanCtx()
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := c.call(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestOKPathWithTranslationsDoesNotAllocate: loading translations adds
// nothing to an OK call.
func TestOKPathWithTranslationsDoesNotAllocate(t *testing.T) {
	call := okChain(interceptors.WithLocalizer(i18n.Default()))
	ctx := germanCtx()
	if n := testing.AllocsPerRun(1000, func() { _ = call(ctx) }); n != 0 {
		t.Errorf("OK path with a localizer allocates %v times per call", n)
	}
}

// BenchmarkErrorPath measures the conversion of a handler's catalogue error,
// with and without a German LocalizedMessage.
func BenchmarkErrorPath(b *testing.B) {
	for _, c := range []struct {
		name string
		opts []interceptors.ServerOption
	}{{"english", nil}, {"german", []interceptors.ServerOption{interceptors.WithLocalizer(i18n.Default())}}} {
		b.Run(c.name, func(b *testing.B) {
			server := interceptors.UnaryServer(c.opts...)
			info := &grpc.UnaryServerInfo{FullMethod: "/x.Y/Z"}
			handler := func(ctx context.Context, req any) (any, error) { return nil, codes.NewObjectNotFound("user", "42") }
			ctx := germanCtx()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := server(ctx, nil, info, handler); err == nil {
					b.Fatal("want an error")
				}
			}
		})
	}
}
