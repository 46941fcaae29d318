package benchmarks

import (
	"context"
	"fmt"
	"testing"

	"google.golang.org/grpc"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
)

// withErrcat installs both errcat interceptor chains.
func withErrcat(cfg Config) Config {
	cfg.ServerOpts = append(cfg.ServerOpts, grpc.UnaryInterceptor(errcatServer))
	cfg.DialOpts = append(cfg.DialOpts, grpc.WithUnaryInterceptor(interceptors.UnaryClient()))
	return cfg
}

func start(b *testing.B, h Handler, cfg Config) *Server {
	b.Helper()
	s, err := Start(h, cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(s.Stop)
	return s
}

var okReply = wrapperspb.String("ok")

func okHandler(context.Context, *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
	return okReply, nil
}

// noop interceptors do nothing: the cost of installing any interceptor.
func noopServer(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	return handler(ctx, req)
}

func noopClient(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	return invoker(ctx, method, req, reply, cc, opts...)
}

// BenchmarkSuccessPath: an OK unary call in process (bufconn), through
// errcat's server and client interceptors or through none. noop (a
// reference, not a target) installs interceptors that do nothing: what
// grpc-go itself costs once any interceptor is installed.
func BenchmarkSuccessPath(b *testing.B) {
	for _, c := range []struct {
		name string
		cfg  Config
	}{
		{"none", Config{}},
		{"errcat", withErrcat(Config{})},
		{"noop", Config{
			ServerOpts: []grpc.ServerOption{grpc.UnaryInterceptor(noopServer)},
			DialOpts:   []grpc.DialOption{grpc.WithUnaryInterceptor(noopClient)},
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			s := start(b, okHandler, c.cfg)
			ctx := context.Background()
			in, out := wrapperspb.String("hello"), new(wrapperspb.StringValue)
			if err := s.Call(ctx, in, out); err != nil { // connect before timing
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := s.Call(ctx, in, out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func plainHandler(context.Context, *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
	return nil, status.Error(grpccodes.NotFound, fmt.Sprintf(messageFmt, object, id))
}

func errcatRPCHandler(context.Context, *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
	return nil, codes.NewObjectNotFound(object, id)
}

func handwrittenHandler(ctx context.Context, _ *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
	return nil, EncodeHandwritten(ctx).Err()
}

// BenchmarkRoundTrip: a failing unary call over TCP on 127.0.0.1, carrying
// a request id. plain sends status.Error(NotFound, msg) without
// interceptors and reads the code and message; errcat sends the catalogue
// error through both interceptor chains and reads the typed error's reason
// and argument. handwritten (a reference, not a target) sends and reads the
// same status as errcat by hand, without interceptors: what carrying these
// details costs grpc-go's transport, whoever builds them.
func BenchmarkRoundTrip(b *testing.B) {
	ctx := metadata.AppendToOutgoingContext(context.Background(), RequestIDKey, RequestID)
	in := wrapperspb.String("hello")
	b.Run("plain", func(b *testing.B) {
		s := start(b, plainHandler, Config{TCP: true})
		out := new(wrapperspb.StringValue)
		b.ReportAllocs()
		for b.Loop() {
			err := s.Call(ctx, in, out)
			st, _ := status.FromError(err)
			if st.Code() != grpccodes.NotFound {
				b.Fatal(err)
			}
			sinkArg = st.Message()
		}
	})
	b.Run("errcat", func(b *testing.B) {
		s := start(b, errcatRPCHandler, withErrcat(Config{TCP: true}))
		out := new(wrapperspb.StringValue)
		b.ReportAllocs()
		for b.Loop() {
			err := s.Call(ctx, in, out)
			e, ok := errcat.AsError(err)
			if !ok {
				b.Fatal(err)
			}
			sinkReason, sinkArg = e.Reason(), e.Arg("id")
		}
	})
	b.Run("handwritten", func(b *testing.B) {
		s := start(b, handwrittenHandler, Config{TCP: true})
		out := new(wrapperspb.StringValue)
		b.ReportAllocs()
		for b.Loop() {
			err := s.Call(ctx, in, out)
			if sinkReason, sinkArg = DecodeHandwritten(err); sinkArg != ID {
				b.Fatal(err)
			}
		}
	})
}
