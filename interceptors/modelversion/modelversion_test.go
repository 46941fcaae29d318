package modelversion_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/interceptors/modelversion"
	"github.com/errcat/errcat/internal/testsrv"
)

// The test service's Unary and ClientStream are writes; ServerStream and
// Bidi are reads.
var writes = []modelversion.Option{
	modelversion.WithWrites("/errcat.test.Test/Unary"),
	modelversion.WithWriteFunc(func(m string) bool { return strings.HasSuffix(m, "/ClientStream") }),
}

// start serves the test service behind the errcat server interceptors and
// the model gate, and dials it with a client that sends *version.
func start(t *testing.T, m *modelversion.Model, version *atomic.Uint64, tcp bool, opts ...modelversion.Option) *testsrv.Server {
	t.Helper()
	return testsrv.Start(t, testsrv.Handlers{}, testsrv.Config{
		TCP:        tcp,
		ServerOpts: interceptors.ChainServer(interceptors.NewServer(), modelversion.NewServer(m, opts...)),
		DialOpts:   interceptors.ChainClient(interceptors.NewClient(), modelversion.NewClient(version.Load, opts...)),
	})
}

func calls(srv *testsrv.Server) map[string]error {
	ctx := context.Background()
	_, unary := srv.Unary(ctx, "x")
	_, server := srv.ServerStream(ctx, "x")
	_, client := srv.ClientStream(ctx, []string{"a", "b"})
	_, bidi := srv.Bidi(ctx, []string{"a", "b"})
	return map[string]error{"unary": unary, "server stream": server, "client stream": client, "bidi": bidi}
}

// checkUpdated checks a METADATA_MODEL_UPDATED error with the given
// violation type.
func checkUpdated(t *testing.T, what string, err error, violation string) {
	t.Helper()
	var e *errcat.Error
	if !errors.As(err, &e) || !errors.Is(err, codes.MetadataModelUpdated) {
		t.Fatalf("%s: got %T %v, want METADATA_MODEL_UPDATED", what, err, err)
	}
	if status.Code(err) != grpccodes.Aborted || e.Code() != "910002" {
		t.Errorf("%s: status %v code %s", what, status.Code(err), e.Code())
	}
	if !errcat.Retryable(err) || errcat.RetryDelay(err) != 5*time.Minute {
		t.Errorf("%s: Retryable %v RetryDelay %v", what, errcat.Retryable(err), errcat.RetryDelay(err))
	}
	v := e.Details().PreconditionFailure.GetViolations()
	if len(v) != 1 || v[0].GetType() != violation {
		t.Errorf("%s: violations %v, want type %s", what, v, violation)
	}
}

// TestModelMovedOn: a client whose model is older than the server's gets
// METADATA_MODEL_UPDATED on every call shape; current and newer clients
// pass, and so do clients that send no version.
func TestModelMovedOn(t *testing.T) {
	for _, tcp := range []bool{false, true} {
		m := modelversion.NewModel(2)
		var version atomic.Uint64
		srv := start(t, m, &version, tcp, writes...)
		for _, c := range []struct {
			client uint64
			stale  bool
		}{{1, true}, {2, false}, {3, false}, {0, false}} {
			version.Store(c.client)
			for shape, err := range calls(srv) {
				if !c.stale {
					if err != nil {
						t.Errorf("client %d %s: %v", c.client, shape, err)
					}
					continue
				}
				checkUpdated(t, shape, err, modelversion.ViolationStale)
			}
		}
		m.SetVersion(5)
		version.Store(4)
		for shape, err := range calls(srv) {
			checkUpdated(t, "after SetVersion "+shape, err, modelversion.ViolationStale)
		}
	}
}

// TestReadOnlyWindow: while the model is reconfigured, writes fail and
// reads pass; after it, the old version is stale and the new one writes.
func TestReadOnlyWindow(t *testing.T) {
	m := modelversion.NewModel(2)
	var version atomic.Uint64
	version.Store(2)
	srv := start(t, m, &version, true, writes...)
	m.BeginReconfigure()
	if !m.ReadOnly() {
		t.Fatal("ReadOnly() = false after BeginReconfigure")
	}
	for shape, err := range calls(srv) {
		switch shape {
		case "unary", "client stream":
			checkUpdated(t, "write "+shape, err, modelversion.ViolationReadOnly)
		default:
			if err != nil {
				t.Errorf("read %s during the window: %v", shape, err)
			}
		}
	}
	m.EndReconfigure(3)
	if m.ReadOnly() || m.Version() != 3 {
		t.Fatalf("after EndReconfigure: read-only %v version %d", m.ReadOnly(), m.Version())
	}
	for shape, err := range calls(srv) {
		checkUpdated(t, "old model "+shape, err, modelversion.ViolationStale)
	}
	version.Store(3)
	for shape, err := range calls(srv) {
		if err != nil {
			t.Errorf("reloaded client %s: %v", shape, err)
		}
	}
}

// TestHeaderVariants: a required header, a version that is not a number, a
// header name of one's own.
func TestHeaderVariants(t *testing.T) {
	m := modelversion.NewModel(2)
	var none atomic.Uint64
	srv := start(t, m, &none, false, modelversion.WithRequired(), modelversion.WithHeader("X-Schema-Version"))
	_, err := srv.Unary(context.Background(), "x")
	checkUpdated(t, "missing", err, modelversion.ViolationStale)

	ctx := metadata.AppendToOutgoingContext(context.Background(), "x-schema-version", "two")
	_, err = srv.Unary(ctx, "x")
	checkUpdated(t, "not a number", err, modelversion.ViolationStale)

	ctx = metadata.AppendToOutgoingContext(context.Background(), "x-schema-version", "2")
	if _, err := srv.Unary(ctx, "x"); err != nil {
		t.Errorf("own header name: %v", err)
	}
}

// TestOKPathAllocations: no allocation without the header; one (grpc-go
// copies the header's values) with it.
func TestOKPathAllocations(t *testing.T) {
	m := modelversion.NewModel(7)
	unary := modelversion.UnaryServer(m, writes...)
	info := &grpc.UnaryServerInfo{FullMethod: "/errcat.test.Test/Unary"}
	handler := func(ctx context.Context, req any) (any, error) { return req, nil }
	for _, c := range []struct {
		name string
		ctx  context.Context
		max  float64
	}{
		{"no header", metadata.NewIncomingContext(context.Background(), metadata.MD{}), 0},
		{"header", metadata.NewIncomingContext(context.Background(), metadata.Pairs(modelversion.DefaultHeader, "7")), 1},
	} {
		allocs := testing.AllocsPerRun(1000, func() {
			if _, err := unary(c.ctx, nil, info, handler); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > c.max {
			t.Errorf("%s: %v allocations per call, want at most %v", c.name, allocs, c.max)
		}
	}
}

func BenchmarkUnaryServer(b *testing.B) {
	m := modelversion.NewModel(7)
	unary := modelversion.UnaryServer(m, writes...)
	info := &grpc.UnaryServerInfo{FullMethod: "/errcat.test.Test/Unary"}
	handler := func(ctx context.Context, req any) (any, error) { return req, nil }
	for _, c := range []struct {
		name string
		md   metadata.MD
	}{
		{"current", metadata.Pairs(modelversion.DefaultHeader, "7")},
		{"no-header", metadata.MD{}},
		{"stale", metadata.Pairs(modelversion.DefaultHeader, "6")},
	} {
		b.Run(c.name, func(b *testing.B) {
			ctx := metadata.NewIncomingContext(context.Background(), c.md)
			b.ReportAllocs()
			for b.Loop() {
				_, _ = unary(ctx, nil, info, handler)
			}
		})
	}
}
