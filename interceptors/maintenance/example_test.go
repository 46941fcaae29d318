package maintenance_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/protobuf/proto"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	playgroundv1 "github.com/errcat/errcat/gen/errcat/playground/v1"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/interceptors/maintenance"
)

// A server starts closed, tells its health service, and opens when ready.
// Meanwhile clients get MAINTENANCE with retry advice; the health service
// answers throughout.
func Example() {
	gate := maintenance.NewGate(maintenance.Starting)
	hs := health.NewServer()
	gate.LinkHealth(hs)
	// One set of options for unary and stream calls: streams get the
	// 30-second retry advice too.
	srv := grpc.NewServer(interceptors.ChainServer(
		interceptors.NewServer(),
		maintenance.NewServer(gate, maintenance.WithRetryDelay(30*time.Second)),
	)...)
	healthpb.RegisterHealthServer(srv, hs)
	playgroundv1.RegisterPlaygroundServiceServer(srv, playgroundv1.UnimplementedPlaygroundServiceServer{})
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go srv.Serve(lis)
	defer srv.Stop()

	conn, err := grpc.NewClient(lis.Addr().String(), append(interceptors.ChainClient(interceptors.NewClient()),
		grpc.WithTransportCredentials(insecure.NewCredentials()))...)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	ctx := context.Background()
	health := healthpb.NewHealthClient(conn)

	// Any method but the health service's is turned away.
	_, err = playgroundv1.NewPlaygroundServiceClient(conn).Raise(ctx, &playgroundv1.RaiseRequest{Code: proto.String("000012")})
	fmt.Println(errors.Is(err, codes.Maintenance), errcat.RetryDelay(err))
	fmt.Println(err)
	r, _ := health.Check(ctx, &healthpb.HealthCheckRequest{})
	fmt.Println("health:", r.GetStatus())

	gate.Set(maintenance.Serving)
	r, _ = health.Check(ctx, &healthpb.HealthCheckRequest{})
	fmt.Println("health:", r.GetStatus())
	// Output:
	// true 30s
	// MAINTENANCE (910003): Server is temporarily unavailable due to maintenance. Please try again later.
	// health: NOT_SERVING
	// health: SERVING
}
