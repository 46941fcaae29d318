package interceptors_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
)

// A handler returns catalogue errors; the server interceptors send them as
// rich statuses, and the client interceptors turn them back into typed
// errors that work with errors.Is and errors.As.
func Example() {
	// Server: the health service stands in for any service; its Check
	// handler fails with a catalogue error.
	srv := grpc.NewServer(
		grpc.ChainUnaryInterceptor(interceptors.UnaryServer()),
		grpc.ChainStreamInterceptor(interceptors.StreamServer()),
	)
	healthpb.RegisterHealthServer(srv, failingHealth{health.NewServer()})
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go srv.Serve(lis)
	defer srv.Stop()

	// Client.
	conn, err := grpc.NewClient(lis.Addr().String(),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithChainUnaryInterceptor(interceptors.UnaryClient()),
		grpc.WithChainStreamInterceptor(interceptors.StreamClient()),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()

	_, err = healthpb.NewHealthClient(conn).Check(context.Background(), &healthpb.HealthCheckRequest{Service: "orders"})
	if errors.Is(err, codes.ObjectNotFound) {
		fmt.Println("not found:", err)
	}
	var e *errcat.Error
	if errors.As(err, &e) {
		fmt.Println("code:", e.Code(), "object:", e.Arg("object"), "id:", e.Arg("id"))
		fmt.Println("first hint:", e.Details().Help.GetLinks()[0].GetDescription())
	}
	// Output:
	// not found: OBJECT_NOT_FOUND (000012): Unable to locate service with id orders.
	// code: 000012 object: service id: orders
	// first hint: Verify that the ID orders is correct.
}

type failingHealth struct{ *health.Server }

func (failingHealth) Check(ctx context.Context, req *healthpb.HealthCheckRequest) (*healthpb.HealthCheckResponse, error) {
	// Wrapping is fine: the wrap text never reaches the client.
	return nil, fmt.Errorf("checking %q: %w", req.GetService(), codes.NewObjectNotFound("service", req.GetService()))
}

// Mappers translate an application's own errors into catalogue errors.
func ExampleWithMapper() {
	errNoRows := errors.New("sql: no rows in result set")
	_ = interceptors.UnaryServer(interceptors.WithMapper(func(err error) *errcat.Error {
		if errors.Is(err, errNoRows) {
			return codes.NewResourceNotFound()
		}
		return nil // not mine: the next rule applies
	}))
}

// The client interceptors type every error, also those no errcat server
// sent: here nothing listens at the address, and the call fails with the
// client catalogue's API_UNREACHABLE. The original status stays reachable.
func ExampleClassify() {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	addr := lis.Addr().String()
	lis.Close() // nothing listens there any more

	conn, err := grpc.NewClient(addr,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithChainUnaryInterceptor(interceptors.UnaryClient()),
		grpc.WithChainStreamInterceptor(interceptors.StreamClient()),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()

	_, err = healthpb.NewHealthClient(conn).Check(context.Background(), &healthpb.HealthCheckRequest{})
	fmt.Println(err)
	fmt.Println(errors.Is(err, codes.APIUnreachable), status.Code(err))
	fmt.Println("retry:", errcat.Retryable(err), errcat.RetryDelay(err))
	var e *errcat.Error
	if errors.As(err, &e) {
		fmt.Println("hint:", e.Entry().Resolutions()[0])
	}
	// Output:
	// API_UNREACHABLE (910001): Could not reach the API. BE Might be dead at the moment.
	// true Unavailable
	// retry: true 5s
	// hint: We suggest checking your Internet or VPN connection if this error occurs.
}
