package interceptors_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/internal/testsrv"
)

// dialErrcat dials target through the errcat client interceptors; the
// connection is closed when the test ends. The result's methods call the
// test service over that connection.
func dialErrcat(t *testing.T, target string, creds credentials.TransportCredentials, opts ...interceptors.ClientOption) *testsrv.Server {
	t.Helper()
	conn, err := grpc.NewClient("passthrough:///"+target,
		grpc.WithTransportCredentials(creds),
		grpc.WithChainUnaryInterceptor(interceptors.UnaryClient(opts...)),
		grpc.WithChainStreamInterceptor(interceptors.StreamClient(opts...)),
	)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	// Only Conn is used by the call helpers of testsrv.Server.
	return &testsrv.Server{Conn: conn}
}

// closedPort returns a 127.0.0.1 address where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := lis.Addr().String()
	lis.Close()
	return addr
}

// allShapes calls the four methods of the test service and returns their
// errors by call shape.
func allShapes(ctx context.Context, s *testsrv.Server) map[string]error {
	_, unary := s.Unary(ctx, "x")
	_, server := s.ServerStream(ctx, "x")
	_, client := s.ClientStream(ctx, []string{"a", "b"})
	_, bidi := s.Bidi(ctx, []string{"a", "b"})
	return map[string]error{"unary": unary, "server stream": server, "client stream": client, "bidi": bidi}
}

// checkClassified checks that err is a classified error of want whose
// original status has code orig, with the retry advice of want.
func checkClassified(t *testing.T, what string, err error, want *errcat.Entry, orig grpccodes.Code) {
	t.Helper()
	var e *errcat.Error
	if !errors.As(err, &e) {
		t.Fatalf("%s: got %T %v, want *errcat.Error", what, err, err)
	}
	if !errors.Is(err, want) {
		t.Errorf("%s: got %s/%s (%v), want %s", what, e.Domain(), e.Reason(), err, want.Reason())
	}
	if e.Message() != want.Message() {
		t.Errorf("%s: message %q, want %q", what, e.Message(), want.Message())
	}
	if status.Code(err) != orig {
		t.Errorf("%s: status.Code %v, want the original %v", what, status.Code(err), orig)
	}
	cause := errors.Unwrap(err)
	if cause == nil || status.Code(cause) != orig {
		t.Errorf("%s: errors.Unwrap = %v, want the original error", what, cause)
	}
	if errcat.RetryDelay(err) != want.RetryDelay() || errcat.Retryable(err) != want.Retryable() {
		t.Errorf("%s: RetryDelay %v Retryable %v, want %v", what, errcat.RetryDelay(err), errcat.Retryable(err), want.RetryDelay())
	}
}

// TestClassifyStoppedServer: a server that went away (TCP and bufconn) is
// API_UNREACHABLE for every call shape, retryable after 5s.
func TestClassifyStoppedServer(t *testing.T) {
	ctx := context.Background()
	t.Run("tcp", func(t *testing.T) {
		srv := testsrv.Start(t, testsrv.Handlers{}, testsrv.Config{TCP: true})
		if _, err := srv.Unary(ctx, "x"); err != nil {
			t.Fatal(err)
		}
		srv.Stop()
		dead := dialErrcat(t, srv.Addr, insecure.NewCredentials())
		for shape, err := range allShapes(ctx, dead) {
			checkClassified(t, shape, err, codes.APIUnreachable, grpccodes.Unavailable)
		}
	})
	t.Run("nothing listens", func(t *testing.T) {
		dead := dialErrcat(t, closedPort(t), insecure.NewCredentials())
		for shape, err := range allShapes(ctx, dead) {
			checkClassified(t, shape, err, codes.APIUnreachable, grpccodes.Unavailable)
		}
	})
}

// TestClassifyTLSFailure: a TLS client meeting a plaintext server fails
// the handshake: API_UNREACHABLE.
func TestClassifyTLSFailure(t *testing.T) {
	srv := testsrv.Start(t, testsrv.Handlers{}, testsrv.Config{TCP: true})
	c := dialErrcat(t, srv.Addr, credentials.NewTLS(&tls.Config{ServerName: "localhost", MinVersion: tls.VersionTLS12}))
	for shape, err := range allShapes(context.Background(), c) {
		checkClassified(t, shape, err, codes.APIUnreachable, grpccodes.Unavailable)
	}
}

// TestClassifyPlainStatuses: statuses without an ErrorInfo, from an
// authentication interceptor, a server without errcat, an unknown method.
func TestClassifyPlainStatuses(t *testing.T) {
	cases := []struct {
		code grpccodes.Code
		want *errcat.Entry
	}{
		{grpccodes.Unauthenticated, codes.AuthenticationFailed},
		{grpccodes.Unavailable, codes.APIUnreachable},
		{grpccodes.NotFound, codes.NotFoundError},
		{grpccodes.Unimplemented, codes.NotFoundError},
		{grpccodes.PermissionDenied, codes.UnknownError},
		{grpccodes.Internal, codes.UnknownError},
		{grpccodes.ResourceExhausted, codes.UnknownError},
		{grpccodes.Unknown, codes.UnknownError},
	}
	for _, c := range cases {
		t.Run(c.code.String(), func(t *testing.T) {
			// The rejecting interceptor runs before the errcat server
			// interceptors, as an authentication layer usually does, so
			// the status goes out without details.
			reject := status.New(c.code, "rejected by the gate").Err()
			srv := testsrv.Start(t, testsrv.Handlers{}, testsrv.Config{
				ServerOpts: []grpc.ServerOption{
					grpc.ChainUnaryInterceptor(func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
						return nil, reject
					}, interceptors.UnaryServer()),
					grpc.ChainStreamInterceptor(func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
						return reject
					}, interceptors.StreamServer()),
				},
				DialOpts: []grpc.DialOption{
					grpc.WithChainUnaryInterceptor(interceptors.UnaryClient()),
					grpc.WithChainStreamInterceptor(interceptors.StreamClient()),
				},
			})
			for shape, err := range allShapes(context.Background(), srv) {
				checkClassified(t, shape, err, c.want, c.code)
				if m := status.Convert(err).Message(); m != "rejected by the gate" {
					t.Errorf("%s: original message %q", shape, m)
				}
			}
		})
	}
}

// TestClassifyUnknownMethod: a method the server does not have is NOT_FOUND.
func TestClassifyUnknownMethod(t *testing.T) {
	srv := testsrv.Start(t, testsrv.Handlers{}, testsrv.Config{
		DialOpts: []grpc.DialOption{
			grpc.WithChainUnaryInterceptor(interceptors.UnaryClient()),
			grpc.WithChainStreamInterceptor(interceptors.StreamClient()),
		},
	})
	ctx := context.Background()
	err := srv.Conn.Invoke(ctx, "/errcat.test.Missing/Method", wrapString("x"), wrapString(""))
	checkClassified(t, "unary", err, codes.NotFoundError, grpccodes.Unimplemented)
	cs, err := srv.Conn.NewStream(ctx, &grpc.StreamDesc{ServerStreams: true}, "/errcat.test.Missing/Stream")
	if err != nil {
		t.Fatal(err)
	}
	if err := cs.SendMsg(wrapString("x")); err != nil && err != io.EOF {
		t.Fatal(err)
	}
	err = cs.RecvMsg(wrapString(""))
	checkClassified(t, "stream", err, codes.NotFoundError, grpccodes.Unimplemented)
}

// TestClassifyClientContext: a call the client cancels, or whose deadline
// passes, gets the runtime catalogue's entries, as if the server had
// reported them.
func TestClassifyClientContext(t *testing.T) {
	block := func(ctx context.Context, _ string) (string, error) {
		<-ctx.Done()
		return "", ctx.Err()
	}
	srv := testsrv.Start(t, testsrv.Handlers{Unary: block}, testsrv.Config{
		DialOpts: []grpc.DialOption{grpc.WithChainUnaryInterceptor(interceptors.UnaryClient())},
	})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := srv.Unary(ctx, "x")
	checkClassified(t, "deadline", err, codes.RequestDeadlineExceeded, grpccodes.DeadlineExceeded)

	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	_, err = srv.Unary(ctx, "x")
	checkClassified(t, "cancel", err, codes.RequestCancelled, grpccodes.Canceled)
}

// TestClassifyOff: WithFallback(nil) returns such errors unchanged; a
// fallback of one's own replaces classification.
func TestClassifyOff(t *testing.T) {
	addr := closedPort(t)
	_, err := dialErrcat(t, addr, insecure.NewCredentials(), interceptors.WithFallback(nil)).Unary(context.Background(), "x")
	if _, ok := errcat.AsError(err); ok || status.Code(err) != grpccodes.Unavailable {
		t.Errorf("classification off: got %T %v", err, err)
	}
	mine := errors.New("mine")
	_, err = dialErrcat(t, addr, insecure.NewCredentials(), interceptors.WithFallback(func(error) error { return mine })).Unary(context.Background(), "x")
	if err != mine {
		t.Errorf("own fallback: got %v", err)
	}
}

// TestClassifyKeepsCatalogueErrors: decoded errors, known or not, pass
// unchanged, and so do statuses an errcat server passed through.
func TestClassifyKeepsCatalogueErrors(t *testing.T) {
	known := codes.NewObjectNotFound("user", "1")
	if got := interceptors.Classify(known); got != known {
		t.Errorf("catalogue error: got %v", got)
	}
	onWire := known.GRPCStatus().Err()
	if got := interceptors.Classify(onWire); !errors.Is(got, codes.ObjectNotFound) || errors.Unwrap(got) != nil {
		t.Errorf("status of a catalogue error: got %v", got)
	}
	if interceptors.Classify(nil) != nil {
		t.Error("Classify(nil) != nil")
	}
}

// TestClassifyErrorsWithoutStatus covers errors a custom dialer or
// transport could return without a gRPC status.
func TestClassifyErrorsWithoutStatus(t *testing.T) {
	cases := []struct {
		err  error
		want *errcat.Entry
	}{
		{&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, codes.APIUnreachable},
		{fmt.Errorf("dial: %w", syscall.ECONNREFUSED), codes.APIUnreachable},
		{fmt.Errorf("dial: %w", syscall.EHOSTUNREACH), codes.APIUnreachable},
		{&net.DNSError{Err: "no such host", Name: "api.invalid", IsNotFound: true}, codes.APIUnreachable},
		{x509.UnknownAuthorityError{}, codes.APIUnreachable},
		{x509.HostnameError{Certificate: &x509.Certificate{}, Host: "api"}, codes.APIUnreachable},
		{tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}, codes.APIUnreachable},
		{os.ErrDeadlineExceeded, codes.APIUnreachable},
		{context.Canceled, codes.RequestCancelled},
		{fmt.Errorf("call: %w", context.DeadlineExceeded), codes.RequestDeadlineExceeded},
		{io.ErrUnexpectedEOF, codes.UnknownError},
		{errors.New("boom"), codes.UnknownError},
	}
	for _, c := range cases {
		got := interceptors.Classify(c.err)
		if !errors.Is(got, c.want) {
			t.Errorf("%T %v: got %v, want %s", c.err, c.err, got, c.want.Reason())
		}
		if errors.Unwrap(got) != c.err {
			t.Errorf("%v: errors.Unwrap = %v", c.err, errors.Unwrap(got))
		}
		if st := status.Convert(got); st.Code() != c.want.GRPCCode() {
			t.Errorf("%v: without a status, GRPCStatus is the entry's; got %v", c.err, st.Code())
		}
	}
}
