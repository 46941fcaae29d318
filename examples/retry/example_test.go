package retry_test

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"net"
	"sync/atomic"
	"time"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/retry"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	playgroundv1 "github.com/errcat/errcat/gen/errcat/playground/v1"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/interceptors/maintenance"
)

// flaky fails its first calls with a transient catalogue error (retry
// advice: 5s), then succeeds.
type flaky struct {
	playgroundv1.UnimplementedPlaygroundServiceServer
	failures atomic.Int32
}

func (f *flaky) Raise(context.Context, *playgroundv1.RaiseRequest) (*playgroundv1.RaiseResponse, error) {
	if f.failures.Add(-1) >= 0 {
		return nil, codes.NewDataLoadFailed()
	}
	return &playgroundv1.RaiseResponse{}, nil
}

// serve starts srv on 127.0.0.1 and returns its address.
func serve(srv *grpc.Server) string {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go srv.Serve(lis)
	return lis.Addr().String()
}

// dial connects through the retry interceptor, then the errcat client
// interceptors, counting the attempts.
func dial(addr string, attempts *int) *grpc.ClientConn {
	conn, err := grpc.NewClient(addr,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithChainUnaryInterceptor(
			retry.UnaryClientInterceptor(
				retry.WithMax(4),
				retry.WithBackoff(retry.BackoffLinear(10*time.Millisecond)),
				retry.WithRetriable(errcat.RetryableWithin(10*time.Second)),
			),
			func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
				*attempts++
				return invoker(ctx, method, req, reply, cc, opts...)
			},
			interceptors.UnaryClient(),
		),
	)
	if err != nil {
		log.Fatal(err)
	}
	return conn
}

// The predicate retries what the catalogue calls transient and short, and
// gives the rest back to the caller with its advice.
func Example() {
	ctx := context.Background()
	call := func(addr string) {
		attempts := 0
		conn := dial(addr, &attempts)
		defer conn.Close()
		_, err := playgroundv1.NewPlaygroundServiceClient(conn).Raise(ctx, &playgroundv1.RaiseRequest{})
		fmt.Printf("%d attempt(s): %v\n", attempts, err)
		if err != nil {
			fmt.Println("  retry after:", errcat.RetryDelay(err))
		}
	}

	// A transient failure, twice: retried, then the call succeeds.
	f := &flaky{}
	f.failures.Store(2)
	srv := grpc.NewServer(grpc.ChainUnaryInterceptor(interceptors.UnaryServer()))
	playgroundv1.RegisterPlaygroundServiceServer(srv, f)
	call(serve(srv))
	srv.Stop()

	// A server in maintenance asks for minutes: not retried here.
	// (MAINTENANCE is a 503, which the server would log: not here.)
	gate := maintenance.NewGate(maintenance.Maintenance)
	quiet := interceptors.WithLogger(slog.New(slog.DiscardHandler))
	srv = grpc.NewServer(grpc.ChainUnaryInterceptor(interceptors.UnaryServer(quiet), maintenance.UnaryServer(gate)))
	playgroundv1.RegisterPlaygroundServiceServer(srv, &flaky{})
	call(serve(srv))
	srv.Stop()

	// Nothing listens: API_UNREACHABLE, retried up to the maximum.
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	lis.Close()
	call(lis.Addr().String())

	// Output:
	// 3 attempt(s): <nil>
	// 1 attempt(s): MAINTENANCE (910003): Server is temporarily unavailable due to maintenance. Please try again later.
	//   retry after: 10m0s
	// 4 attempt(s): API_UNREACHABLE (910001): Could not reach the API. BE Might be dead at the moment.
	//   retry after: 5s
}
