package interceptors_test

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

	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
)

// TestConvertAndRecoverAreTheInterceptorRule: Server.Convert and
// Server.Recover, which transports without gRPC call, return exactly the
// status the unary interceptor sends for the same error or panic.
func TestConvertAndRecoverAreTheInterceptorRule(t *testing.T) {
	logger, logs := quietLogger()
	s := interceptors.NewServer(
		interceptors.WithLogger(logger),
		interceptors.WithRequestID(func(context.Context) string { return "req-7" }),
	)
	ctx := context.Background()
	const method = "/errcat.test.Test/Unary"
	info := &grpc.UnaryServerInfo{FullMethod: method}
	unary := s.Unary()

	if err := s.Convert(ctx, method, nil); err != nil {
		t.Errorf("Convert(nil) = %v, want nil", err)
	}
	for _, err := range []error{
		codes.NewObjectNotFound("order", "7"),
		fmt.Errorf("wrapped: %w", codes.NewObjectNotFound("order", "7")),
		context.Canceled,
		status.Error(grpccodes.PermissionDenied, "no"),
		errors.New("SECRET database password"),
	} {
		_, sent := unary(ctx, nil, info, func(context.Context, any) (any, error) { return nil, err })
		converted := s.Convert(ctx, method, err)
		if !proto.Equal(status.Convert(sent).Proto(), status.Convert(converted).Proto()) {
			t.Errorf("%v:\ninterceptor %v\nConvert     %v", err, status.Convert(sent).Proto(), status.Convert(converted).Proto())
		}
	}

	_, sent := unary(ctx, nil, info, func(context.Context, any) (any, error) { panic("boom") })
	before := len(logs.String())
	var recovered error
	recoverPanics(func() { panic("boom") }, func(p any) { recovered = s.Recover(ctx, method, p) })
	if !proto.Equal(status.Convert(sent).Proto(), status.Convert(recovered).Proto()) {
		t.Errorf("panic:\ninterceptor %v\nRecover     %v", status.Convert(sent).Proto(), status.Convert(recovered).Proto())
	}
	if status.Code(recovered) != codes.InternalServerError.GRPCCode() {
		t.Errorf("Recover: %v, want the internal error", recovered)
	}
	if strings.Contains(status.Convert(recovered).Proto().String(), "boom") {
		t.Errorf("Recover sent the panic value: %v", status.Convert(recovered).Proto())
	}
	// The stack logged is the panic's: it names the function that panicked.
	if log := logs.String()[before:]; !strings.Contains(log, "panic: boom") || !strings.Contains(log, "recoverPanics") {
		t.Errorf("Recover's log line lacks the panic or its stack:\n%s", log)
	}
}

// recoverPanics runs f and gives what it panics with to handle, from the
// deferred function, as a transport that calls handlers itself does.
func recoverPanics(f func(), handle func(p any)) {
	defer func() { handle(recover()) }()
	f()
}
