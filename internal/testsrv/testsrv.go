// Package testsrv is the test server every errcat test uses: a small gRPC
// service with one method of each call shape, served on bufconn or on TCP
// 127.0.0.1 (random port), and a recorder of the raw HTTP/2 bytes the client
// receives, decoded into header fields and data, for leak checks.
//
// The service is declared by hand (no .proto) with wrapperspb.StringValue
// messages: /errcat.test.Test/{Unary,ServerStream,ClientStream,Bidi}.
package testsrv

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/test/bufconn"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// Handlers are the behaviours of the four methods; a nil handler echoes.
type Handlers struct {
	Unary func(ctx context.Context, in string) (string, error)
	// ServerStream receives one request and sends with send.
	ServerStream func(ctx context.Context, in string, send func(string) error) error
	// ClientStream reads requests with recv (io.EOF at the end).
	ClientStream func(ctx context.Context, recv func() (string, error)) (string, error)
	// Bidi reads with recv and sends with send.
	Bidi func(ctx context.Context, recv func() (string, error), send func(string) error) error
}

// Config says how to serve and dial.
type Config struct {
	TCP        bool                 // TCP on 127.0.0.1:0 instead of bufconn
	ServerOpts []grpc.ServerOption  // e.g. interceptors
	DialOpts   []grpc.DialOption    // e.g. client interceptors
	Register   func(s *grpc.Server) // extra services
	Record     bool                 // record what the client receives (TCP or bufconn)
}

// Server is a running test server with a client connection to it.
type Server struct {
	Conn   *grpc.ClientConn
	Addr   string
	srv    *grpc.Server
	rec    *Recorder
	closed sync.Once
}

// Start serves h and dials it; both are stopped when the test ends.
func Start(t testing.TB, h Handlers, cfg Config) *Server {
	t.Helper()
	s := &Server{srv: grpc.NewServer(cfg.ServerOpts...)}
	s.srv.RegisterService(&serviceDesc, &service{h: h})
	if cfg.Register != nil {
		cfg.Register(s.srv)
	}
	var lis net.Listener
	var dial func(context.Context, string) (net.Conn, error)
	if cfg.TCP {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
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
	if cfg.Record {
		s.rec = &Recorder{}
		inner := dial
		dial = func(ctx context.Context, addr string) (net.Conn, error) {
			c, err := inner(ctx, addr)
			if err != nil {
				return nil, err
			}
			return &recordingConn{Conn: c, rec: s.rec}, nil
		}
	}
	go func() { _ = s.srv.Serve(lis) }()
	target := "passthrough:///" + s.Addr
	opts := append([]grpc.DialOption{
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithContextDialer(dial),
	}, cfg.DialOpts...)
	conn, err := grpc.NewClient(target, opts...)
	if err != nil {
		t.Fatal(err)
	}
	s.Conn = conn
	t.Cleanup(s.Stop)
	return s
}

// Stop closes the client and stops the server (idempotent).
func (s *Server) Stop() {
	s.closed.Do(func() {
		_ = s.Conn.Close()
		done := make(chan struct{})
		go func() { s.srv.GracefulStop(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			s.srv.Stop()
		}
	})
}

// Recorder returns what the client received so far (nil without Config.Record).
func (s *Server) Recorder() *Recorder { return s.rec }

// Unary calls the Unary method.
func (s *Server) Unary(ctx context.Context, in string, opts ...grpc.CallOption) (string, error) {
	out := new(wrapperspb.StringValue)
	err := s.Conn.Invoke(ctx, "/errcat.test.Test/Unary", wrapperspb.String(in), out, opts...)
	return out.GetValue(), err
}

// ServerStream calls ServerStream and collects the messages until the error
// (nil on a clean end).
func (s *Server) ServerStream(ctx context.Context, in string, opts ...grpc.CallOption) ([]string, error) {
	cs, err := s.Conn.NewStream(ctx, &serviceDesc.Streams[0], "/errcat.test.Test/ServerStream", opts...)
	if err != nil {
		return nil, err
	}
	if err := cs.SendMsg(wrapperspb.String(in)); err != nil && err != io.EOF {
		return nil, err
	}
	if err := cs.CloseSend(); err != nil {
		return nil, err
	}
	return recvAll(cs)
}

// ClientStream sends ins then reads the reply.
func (s *Server) ClientStream(ctx context.Context, ins []string, opts ...grpc.CallOption) (string, error) {
	cs, err := s.Conn.NewStream(ctx, &serviceDesc.Streams[1], "/errcat.test.Test/ClientStream", opts...)
	if err != nil {
		return "", err
	}
	for _, in := range ins {
		if err := cs.SendMsg(wrapperspb.String(in)); err != nil {
			if err == io.EOF {
				break // the server ended the call: the status comes from RecvMsg
			}
			return "", err
		}
	}
	if err := cs.CloseSend(); err != nil {
		return "", err
	}
	out := new(wrapperspb.StringValue)
	err = cs.RecvMsg(out)
	return out.GetValue(), err
}

// Bidi sends ins (stopping at io.EOF) and collects replies until the error.
func (s *Server) Bidi(ctx context.Context, ins []string, opts ...grpc.CallOption) ([]string, error) {
	cs, err := s.Conn.NewStream(ctx, &serviceDesc.Streams[2], "/errcat.test.Test/Bidi", opts...)
	if err != nil {
		return nil, err
	}
	for _, in := range ins {
		if err := cs.SendMsg(wrapperspb.String(in)); err != nil {
			if err == io.EOF {
				break
			}
			return nil, err
		}
	}
	if err := cs.CloseSend(); err != nil {
		return nil, err
	}
	return recvAll(cs)
}

func recvAll(cs grpc.ClientStream) ([]string, error) {
	var got []string
	for {
		out := new(wrapperspb.StringValue)
		if err := cs.RecvMsg(out); err != nil {
			if errors.Is(err, io.EOF) {
				return got, nil
			}
			return got, err
		}
		got = append(got, out.GetValue())
	}
}
