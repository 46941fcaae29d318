package notfoundmask_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"google.golang.org/grpc"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/interceptors/notfoundmask"
	"github.com/errcat/errcat/internal/testsrv"
)

// failing serves the test service, every method failing with *next, behind
// the errcat server interceptors and the mask.
func failing(t *testing.T, next *error, opts ...notfoundmask.Option) *testsrv.Server {
	t.Helper()
	fail := func() error { return *next }
	return testsrv.Start(t, testsrv.Handlers{
		Unary:        func(context.Context, string) (string, error) { return "", fail() },
		ServerStream: func(context.Context, string, func(string) error) error { return fail() },
		ClientStream: func(context.Context, func() (string, error)) (string, error) { return "", fail() },
		Bidi:         func(context.Context, func() (string, error), func(string) error) error { return fail() },
	}, testsrv.Config{
		TCP:        true,
		ServerOpts: interceptors.ChainServer(interceptors.NewServer(), notfoundmask.NewServer(opts...)),
		DialOpts:   interceptors.ChainClient(interceptors.NewClient()),
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

// TestMasking: forbidden and missing resources, as catalogue errors or plain
// statuses, wrapped or not, reach the client as the very same status.
func TestMasking(t *testing.T) {
	var next error
	srv := failing(t, &next)
	var first *status.Status
	for _, handlerErr := range []error{
		codes.NewMissingPrivilege("read", "orders.read", "admin@example.com"),
		fmt.Errorf("loading order 7: %w", codes.NewTenantAccessDenied()),
		status.Error(grpccodes.PermissionDenied, "user 42 may not read order 7"),
		codes.NewObjectNotFound("order", "7"),
		status.Error(grpccodes.NotFound, "order 7 does not exist"),
		codes.NewResourceNotFound(),
	} {
		next = handlerErr
		for shape, err := range calls(srv) {
			what := fmt.Sprintf("%v, %s", handlerErr, shape)
			var e *errcat.Error
			if !errors.As(err, &e) || !errors.Is(err, codes.ResourceNotFound) {
				t.Fatalf("%s: got %v, want RESOURCE_NOT_FOUND", what, err)
			}
			if status.Code(err) != grpccodes.NotFound || errcat.Retryable(err) {
				t.Errorf("%s: status %v retryable %v", what, status.Code(err), errcat.Retryable(err))
			}
			st := e.GRPCStatus()
			for _, secret := range []string{"orders.read", "admin@", "order 7", "user 42"} {
				if strings.Contains(fmt.Sprint(st.Proto()), secret) {
					t.Errorf("%s: the status leaks %q: %v", what, secret, st.Proto())
				}
			}
			if first == nil {
				first = st
			} else if !proto.Equal(st.Proto(), first.Proto()) {
				t.Errorf("%s: status differs from the first one, so users can tell them apart:\n%v\n%v", what, st.Proto(), first.Proto())
			}
		}
	}
}

// TestMaskingLeavesOthers: other errors, and methods not chosen, pass.
func TestMaskingLeavesOthers(t *testing.T) {
	var next error
	srv := failing(t, &next, notfoundmask.WithMethods("/errcat.test.Test/Unary", "/other.Service/"))
	next = codes.NewMissingPrivilege("read", "orders.read", "admin@example.com")
	for shape, err := range calls(srv) {
		want := codes.MissingPrivilege
		if shape == "unary" {
			want = codes.ResourceNotFound
		}
		if !errors.Is(err, want) {
			t.Errorf("%s: got %v, want %s", shape, err, want.Reason())
		}
	}
	next = codes.NewInvalidRequest()
	for shape, err := range calls(srv) {
		if !errors.Is(err, codes.InvalidRequest) {
			t.Errorf("%s: got %v, want INVALID_REQUEST unchanged", shape, err)
		}
	}
}

// TestMaskingKeepsTheCause: on the server, the masked error wraps the
// handler's error, for logs.
func TestMaskingKeepsTheCause(t *testing.T) {
	denied := codes.NewMissingPrivilege("read", "orders.read", "admin@example.com")
	unary := notfoundmask.UnaryServer(notfoundmask.WithEntry(codes.NotFoundError))
	_, err := unary(context.Background(), nil, &grpc.UnaryServerInfo{FullMethod: "/x.Y/Z"},
		func(context.Context, any) (any, error) { return nil, denied })
	if !errors.Is(err, codes.NotFoundError) || errors.Unwrap(err) != denied {
		t.Errorf("got %v wrapping %v", err, errors.Unwrap(err))
	}
}

// TestOKPathDoesNotAllocate: successes pass without allocation.
func TestOKPathDoesNotAllocate(t *testing.T) {
	unary := notfoundmask.UnaryServer(notfoundmask.WithMethods("/x.Y/"))
	stream := notfoundmask.StreamServer()
	info := &grpc.UnaryServerInfo{FullMethod: "/x.Y/Z"}
	sinfo := &grpc.StreamServerInfo{FullMethod: "/x.Y/Z"}
	handler := func(ctx context.Context, req any) (any, error) { return req, nil }
	shandler := func(any, grpc.ServerStream) error { return nil }
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
	denied := codes.NewMissingPrivilege("read", "orders.read", "admin@example.com")
	for _, c := range []struct {
		name string
		err  error
	}{{"ok", nil}, {"masked", denied}, {"other", codes.NewInvalidRequest()}} {
		b.Run(c.name, func(b *testing.B) {
			unary := notfoundmask.UnaryServer()
			info := &grpc.UnaryServerInfo{FullMethod: "/x.Y/Z"}
			handler := func(ctx context.Context, req any) (any, error) { return req, c.err }
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				_, _ = unary(ctx, nil, info, handler)
			}
		})
	}
}
