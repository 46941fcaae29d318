package benchmarks

import (
	"context"
	"net"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/test/bufconn"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// CallMethod is the full name of the one method of the benchmark service.
const CallMethod = "/errcat.bench.Bench/Call"

// Handler serves CallMethod.
type Handler func(ctx context.Context, in *wrapperspb.StringValue) (*wrapperspb.StringValue, error)

// callServer is the service interface protoc-gen-go-grpc would generate.
type callServer interface {
	Call(ctx context.Context, in *wrapperspb.StringValue) (*wrapperspb.StringValue, error)
}

type service struct{ h Handler }

func (s service) Call(ctx context.Context, in *wrapperspb.StringValue) (*wrapperspb.StringValue, error) {
	return s.h(ctx, in)
}

// callHandler is written exactly as protoc-gen-go-grpc writes a unary
// method handler, so that the cost of installing any interceptor (grpc-go
// allocates the UnaryServerInfo and the handler closure) is measured as in
// a generated service.
func callHandler(srv any, ctx context.Context, dec func(any) error, interceptor grpc.UnaryServerInterceptor) (any, error) {
	in := new(wrapperspb.StringValue)
	if err := dec(in); err != nil {
		return nil, err
	}
	if interceptor == nil {
		return srv.(callServer).Call(ctx, in)
	}
	info := &grpc.UnaryServerInfo{
		Server:     srv,
		FullMethod: CallMethod,
	}
	handler := func(ctx context.Context, req any) (any, error) {
		return srv.(callServer).Call(ctx, req.(*wrapperspb.StringValue))
	}
	return interceptor(ctx, in, info, handler)
}

var serviceDesc = grpc.ServiceDesc{
	ServiceName: "errcat.bench.Bench",
	HandlerType: (*callServer)(nil),
	Methods:     []grpc.MethodDesc{{MethodName: "Call", Handler: callHandler}},
	Metadata:    "errcat/bench.proto",
}

// Config says how to serve and dial.
type Config struct {
	// TCP serves on 127.0.0.1 (a random port) instead of an in-process
	// bufconn listener.
	TCP bool
	// ServerOpts and DialOpts install interceptors and other options.
	ServerOpts []grpc.ServerOption
	DialOpts   []grpc.DialOption
}

// Server is a running benchmark server with a client connection to it.
type Server struct {
	// Conn is the client connection to the server.
	Conn *grpc.ClientConn
	// Addr is the address served.
	Addr string
	srv  *grpc.Server
}

// Start serves h and dials it; Stop releases both.
func Start(h Handler, cfg Config) (*Server, error) {
	s := &Server{srv: grpc.NewServer(cfg.ServerOpts...)}
	s.srv.RegisterService(&serviceDesc, service{h: h})
	var lis net.Listener
	var dial func(context.Context, string) (net.Conn, error)
	if cfg.TCP {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		lis = l
		dial = func(ctx context.Context, addr string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "tcp", addr)
		}
	} else {
		bl := bufconn.Listen(1 << 20)
		lis = bl
		dial = func(ctx context.Context, _ string) (net.Conn, error) { return bl.DialContext(ctx) }
	}
	s.Addr = lis.Addr().String()
	go func() { _ = s.srv.Serve(lis) }()
	opts := append([]grpc.DialOption{
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithContextDialer(dial),
	}, cfg.DialOpts...)
	conn, err := grpc.NewClient("passthrough:///"+s.Addr, opts...)
	if err != nil {
		s.srv.Stop()
		return nil, err
	}
	s.Conn = conn
	return s, nil
}

// Call invokes CallMethod with in, reading the reply into out.
func (s *Server) Call(ctx context.Context, in, out *wrapperspb.StringValue, opts ...grpc.CallOption) error {
	return s.Conn.Invoke(ctx, CallMethod, in, out, opts...)
}

// Stop closes the client connection and stops the server, waiting at most
// five seconds for calls in flight.
func (s *Server) Stop() {
	_ = s.Conn.Close()
	done := make(chan struct{})
	go func() { s.srv.GracefulStop(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		s.srv.Stop()
	}
}
