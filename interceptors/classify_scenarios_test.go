package interceptors_test

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/interceptors/maintenance"
	"github.com/errcat/errcat/interceptors/modelversion"
	"github.com/errcat/errcat/interceptors/notfoundmask"
	"github.com/errcat/errcat/internal/testsrv"
)

// TestClientView walks through what a Go client meets, over real TCP
// connections, for every call shape: each condition arrives as the typed
// error of its catalogue entry, with the right gRPC code and retry advice,
// whether an errcat server gate sent it or the client classified it.
func TestClientView(t *testing.T) {
	quiet := interceptors.WithLogger(slog.New(slog.DiscardHandler))
	// serve starts the test service (handlers failing with handlerErr, if
	// set) behind an optional outer interceptor pair, the errcat server
	// interceptors and gates; the client sends model version 1.
	serve := func(t *testing.T, handlerErr error, outer []grpc.ServerOption, gates ...gate) *testsrv.Server {
		unary := []grpc.UnaryServerInterceptor{interceptors.UnaryServer(quiet)}
		stream := []grpc.StreamServerInterceptor{interceptors.StreamServer(quiet)}
		for _, g := range gates {
			unary = append(unary, g.unary)
			stream = append(stream, g.stream)
		}
		fail := func() error { return handlerErr }
		h := testsrv.Handlers{}
		if handlerErr != nil {
			h = testsrv.Handlers{
				Unary:        func(context.Context, string) (string, error) { return "", fail() },
				ServerStream: func(context.Context, string, func(string) error) error { return fail() },
				ClientStream: func(context.Context, func() (string, error)) (string, error) { return "", fail() },
				Bidi:         func(context.Context, func() (string, error), func(string) error) error { return fail() },
			}
		}
		version := func() uint64 { return 1 }
		return testsrv.Start(t, h, testsrv.Config{
			TCP: true,
			ServerOpts: append(outer,
				grpc.ChainUnaryInterceptor(unary...),
				grpc.ChainStreamInterceptor(stream...)),
			DialOpts: []grpc.DialOption{
				grpc.WithChainUnaryInterceptor(interceptors.UnaryClient(), modelversion.UnaryClient(version)),
				grpc.WithChainStreamInterceptor(interceptors.StreamClient(), modelversion.StreamClient(version)),
			},
		})
	}
	pair := func(u grpc.UnaryServerInterceptor, s grpc.StreamServerInterceptor) gate { return gate{u, s} }

	var rejected atomic.Int32
	reject := status.Error(grpccodes.Unauthenticated, "invalid token")
	auth := []grpc.ServerOption{ // an authentication layer before errcat's
		grpc.ChainUnaryInterceptor(func(context.Context, any, *grpc.UnaryServerInfo, grpc.UnaryHandler) (any, error) {
			rejected.Add(1)
			return nil, reject
		}),
		grpc.ChainStreamInterceptor(func(any, grpc.ServerStream, *grpc.StreamServerInfo, grpc.StreamHandler) error {
			rejected.Add(1)
			return reject
		}),
	}
	readOnly := modelversion.NewModel(1)
	readOnly.BeginReconfigure()
	allWrites := modelversion.WithWriteFunc(func(string) bool { return true })

	cases := []struct {
		name  string
		start func(t *testing.T) *testsrv.Server
		want  *errcat.Entry
		code  grpccodes.Code
		delay time.Duration
	}{
		{"stopped server", func(t *testing.T) *testsrv.Server {
			srv := serve(t, nil, nil)
			srv.Stop()
			return dialErrcat(t, srv.Addr, insecure.NewCredentials())
		}, codes.APIUnreachable, grpccodes.Unavailable, 5 * time.Second},
		{"server in maintenance", func(t *testing.T) *testsrv.Server {
			g := maintenance.NewGate(maintenance.Maintenance)
			return serve(t, nil, nil, pair(maintenance.UnaryServer(g), maintenance.StreamServer(g)))
		}, codes.Maintenance, grpccodes.Unavailable, 10 * time.Minute},
		{"model moved on", func(t *testing.T) *testsrv.Server {
			m := modelversion.NewModel(2)
			return serve(t, nil, nil, pair(modelversion.UnaryServer(m), modelversion.StreamServer(m)))
		}, codes.MetadataModelUpdated, grpccodes.Aborted, 5 * time.Minute},
		{"read-only window", func(t *testing.T) *testsrv.Server {
			return serve(t, nil, nil, pair(modelversion.UnaryServer(readOnly, allWrites), modelversion.StreamServer(readOnly, allWrites)))
		}, codes.MetadataModelUpdated, grpccodes.Aborted, 5 * time.Minute},
		{"authentication rejected", func(t *testing.T) *testsrv.Server {
			return serve(t, nil, auth)
		}, codes.AuthenticationFailed, grpccodes.Unauthenticated, 0},
		{"permission masked", func(t *testing.T) *testsrv.Server {
			return serve(t, codes.NewMissingPrivilege("read", "orders.read", "admin@example.com"), nil,
				pair(notfoundmask.UnaryServer(), notfoundmask.StreamServer()))
		}, codes.ResourceNotFound, grpccodes.NotFound, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := c.start(t)
			for shape, err := range allShapes(context.Background(), srv) {
				var e *errcat.Error
				if !errors.As(err, &e) || !errors.Is(err, c.want) {
					t.Fatalf("%s: got %T %v, want %s", shape, err, err, c.want.Reason())
				}
				if status.Code(err) != c.code {
					t.Errorf("%s: status.Code %v, want %v", shape, status.Code(err), c.code)
				}
				if errcat.RetryDelay(err) != c.delay || errcat.Retryable(err) != (c.delay > 0) {
					t.Errorf("%s: RetryDelay %v Retryable %v, want %v", shape, errcat.RetryDelay(err), errcat.Retryable(err), c.delay)
				}
			}
		})
	}
	if rejected.Load() == 0 {
		t.Error("the authentication layer never ran")
	}
}

// gate is a server interceptor pair.
type gate struct {
	unary  grpc.UnaryServerInterceptor
	stream grpc.StreamServerInterceptor
}
