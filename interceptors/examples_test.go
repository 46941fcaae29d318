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
