package interceptors_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
)

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
