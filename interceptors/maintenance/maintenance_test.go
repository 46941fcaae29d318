package maintenance_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"google.golang.org/grpc"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/interceptors/maintenance"
	"github.com/errcat/errcat/internal/testsrv"
)

// quiet drops the server log: MAINTENANCE is a 503, which the errcat
// server interceptors log.
var quiet = interceptors.WithLogger(slog.New(slog.DiscardHandler))

// start serves the test service and the health service behind the errcat
// server interceptors and the gate, and dials it through the errcat client
// interceptors.
func start(t *testing.T, g *maintenance.Gate, hs *health.Server, tcp bool, opts ...maintenance.Option) *testsrv.Server {
	t.Helper()
	return testsrv.Start(t, testsrv.Handlers{}, testsrv.Config{
		TCP: tcp,
		// The pair forms: the options reach unary and stream calls alike.
		ServerOpts: interceptors.ChainServer(interceptors.NewServer(quiet), maintenance.NewServer(g, opts...)),
		DialOpts:   interceptors.ChainClient(interceptors.NewClient()),
		Register:   func(s *grpc.Server) { healthpb.RegisterHealthServer(s, hs) },
	})
}

// calls makes one call of each shape and returns the errors by shape.
func calls(srv *testsrv.Server) map[string]error {
	ctx := context.Background()
	_, unary := srv.Unary(ctx, "x")
	_, server := srv.ServerStream(ctx, "x")
	_, client := srv.ClientStream(ctx, []string{"a", "b"})
	_, bidi := srv.Bidi(ctx, []string{"a", "b"})
	return map[string]error{"unary": unary, "server stream": server, "client stream": client, "bidi": bidi}
}

func checkMaintenance(t *testing.T, what string, err error, delay time.Duration) {
	t.Helper()
	var e *errcat.Error
	if !errors.As(err, &e) || !errors.Is(err, codes.Maintenance) {
		t.Fatalf("%s: got %T %v, want MAINTENANCE", what, err, err)
	}
	if status.Code(err) != grpccodes.Unavailable || e.Code() != "910003" {
		t.Errorf("%s: status %v code %s", what, status.Code(err), e.Code())
	}
	if !errcat.Retryable(err) || errcat.RetryDelay(err) != delay {
		t.Errorf("%s: Retryable %v RetryDelay %v, want %v", what, errcat.Retryable(err), errcat.RetryDelay(err), delay)
	}
	if e.Details().RetryInfo == nil {
		t.Errorf("%s: no RetryInfo on the wire", what)
	}
}

func healthOf(t *testing.T, srv *testsrv.Server) healthpb.HealthCheckResponse_ServingStatus {
	t.Helper()
	r, err := healthpb.NewHealthClient(srv.Conn).Check(context.Background(), &healthpb.HealthCheckRequest{})
	if err != nil {
		t.Fatalf("health check while the gate is closed: %v", err)
	}
	return r.GetStatus()
}

// TestGateStates walks a server through its life: starting, serving, in
// maintenance, draining. Closed states fail every call shape with
// MAINTENANCE; the health service passes and reports the state.
func TestGateStates(t *testing.T) {
	for _, tcp := range []bool{false, true} {
		g := maintenance.NewGate(maintenance.Starting)
		hs := health.NewServer()
		g.LinkHealth(hs)
		srv := start(t, g, hs, tcp)
		for _, s := range []maintenance.State{maintenance.Starting, maintenance.Serving, maintenance.Maintenance, maintenance.Serving, maintenance.Draining} {
			g.Set(s)
			if g.State() != s {
				t.Fatalf("State() = %v after Set(%v)", g.State(), s)
			}
			want := healthpb.HealthCheckResponse_NOT_SERVING
			if s == maintenance.Serving {
				want = healthpb.HealthCheckResponse_SERVING
			}
			if got := healthOf(t, srv); got != want {
				t.Errorf("%v: health %v, want %v", s, got, want)
			}
			for shape, err := range calls(srv) {
				if s == maintenance.Serving {
					if err != nil {
						t.Errorf("%v %s: %v", s, shape, err)
					}
					continue
				}
				checkMaintenance(t, s.String()+" "+shape, err, 10*time.Minute)
			}
		}
	}
}

// TestGateOptions: a retry delay of one's own, more allowed methods, and a
// gate used without the errcat server interceptors.
func TestGateOptions(t *testing.T) {
	g := maintenance.NewGate(maintenance.Maintenance)
	srv := start(t, g, health.NewServer(), false,
		maintenance.WithRetryDelay(3*time.Second),
		maintenance.WithAllowed("/errcat.test.Test/Unary", "/errcat.test.Test/Bidi/"))
	if _, err := srv.Unary(context.Background(), "x"); err != nil {
		t.Errorf("allowed method: %v", err)
	}
	for shape, err := range calls(srv) {
		if shape == "unary" {
			continue
		}
		// "/errcat.test.Test/Bidi/" is a prefix no method has.
		checkMaintenance(t, shape, err, 3*time.Second)
	}

	bare := testsrv.Start(t, testsrv.Handlers{}, testsrv.Config{
		ServerOpts: []grpc.ServerOption{grpc.UnaryInterceptor(maintenance.UnaryServer(g))},
	})
	_, err := bare.Unary(context.Background(), "x")
	e, ok := errcat.FromError(err) // a client without the errcat interceptors
	if !ok || !errors.Is(e, codes.Maintenance) || errcat.RetryDelay(err) != 10*time.Minute {
		t.Errorf("without errcat server interceptors: %v", err)
	}
}

func TestStateString(t *testing.T) {
	for s, want := range map[maintenance.State]string{
		maintenance.Serving: "SERVING", maintenance.Starting: "STARTING",
		maintenance.Draining: "DRAINING", maintenance.Maintenance: "MAINTENANCE", 9: "State(9)",
	} {
		if s.String() != want {
			t.Errorf("%d: %q", int(s), s.String())
		}
	}
}

// TestOKPathDoesNotAllocate: an open gate costs no allocation.
func TestOKPathDoesNotAllocate(t *testing.T) {
	unary := maintenance.UnaryServer(maintenance.NewGate(maintenance.Serving))
	stream := maintenance.StreamServer(maintenance.NewGate(maintenance.Serving))
	info := &grpc.UnaryServerInfo{FullMethod: "/pkg.Service/Method"}
	sinfo := &grpc.StreamServerInfo{FullMethod: "/pkg.Service/Method"}
	handler := func(ctx context.Context, req any) (any, error) { return req, nil }
	shandler := func(srv any, ss grpc.ServerStream) error { return nil }
	ctx := context.Background()
	allocs := testing.AllocsPerRun(1000, func() {
		if _, err := unary(ctx, nil, info, handler); err != nil {
			t.Fatal(err)
		}
		if err := stream(nil, nil, sinfo, shandler); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per call, want 0", allocs)
	}
}

func BenchmarkUnaryServer(b *testing.B) {
	for _, s := range []maintenance.State{maintenance.Serving, maintenance.Maintenance} {
		b.Run(s.String(), func(b *testing.B) {
			unary := maintenance.UnaryServer(maintenance.NewGate(s))
			info := &grpc.UnaryServerInfo{FullMethod: "/pkg.Service/Method"}
			handler := func(ctx context.Context, req any) (any, error) { return req, nil }
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				_, _ = unary(ctx, nil, info, handler)
			}
		})
	}
}

// TestAllowListBypass: on a server with an UnknownServiceHandler, a method
// name that starts like the health service but names another one
// ("/grpc.health.v1.Health/../pkg.Svc/Method") does not pass a closed gate:
// allow-lists compare the service name exactly (#16).
func TestAllowListBypass(t *testing.T) {
	g := maintenance.NewGate(maintenance.Maintenance)
	reached := false
	srv := testsrv.Start(t, testsrv.Handlers{}, testsrv.Config{
		TCP: true,
		ServerOpts: append(interceptors.ChainServer(interceptors.NewServer(quiet), maintenance.NewServer(g)),
			grpc.UnknownServiceHandler(func(any, grpc.ServerStream) error { reached = true; return nil })),
		DialOpts: interceptors.ChainClient(interceptors.NewClient()),
	})
	for _, m := range []string{"/grpc.health.v1.Health/../pkg.Svc/Method", "/grpc.health.v1.HealthX/Check", "/pkg.Svc/Method"} {
		err := srv.Conn.Invoke(context.Background(), m, &healthpb.HealthCheckRequest{}, &healthpb.HealthCheckResponse{})
		checkMaintenance(t, m, err, 10*time.Minute)
	}
	if reached {
		t.Error("a call passed the closed gate")
	}
}
