package otelerrcat_test

import (
	"context"
	"fmt"
	"log/slog"
	"net"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"

	"github.com/errcat/errcat/examples/server/playground"
	playgroundv1 "github.com/errcat/errcat/gen/errcat/playground/v1"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/otelerrcat"
)

// The otelerrcat interceptors go outside the errcat ones, beside otelgrpc's
// stats handler; every failed call is counted once by catalogue entry.
func Example() {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	oe := otelerrcat.NewServer(otelerrcat.WithMeterProvider(mp))
	errcatSrv := []interceptors.ServerOption{interceptors.WithLogger(slog.New(slog.DiscardHandler))}

	srv := grpc.NewServer(
		grpc.StatsHandler(otelgrpc.NewServerHandler()),
		grpc.ChainUnaryInterceptor(oe.Unary(), interceptors.UnaryServer(errcatSrv...)),
		grpc.ChainStreamInterceptor(oe.Stream(), interceptors.StreamServer(errcatSrv...)),
	)
	playground.Register(srv)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go func() { _ = srv.Serve(lis) }()
	defer srv.Stop()

	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		panic(err)
	}
	defer conn.Close()
	client := playgroundv1.NewPlaygroundServiceClient(conn)
	req := &playgroundv1.RaiseRequest{Code: proto.String("000012"), Args: []string{"invoice", "INV-7"}}
	for range 2 {
		_, err = client.Raise(context.Background(), req)
		fmt.Println(err != nil)
	}

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		panic(err)
	}
	for _, m := range rm.ScopeMetrics[0].Metrics {
		for _, dp := range m.Data.(metricdata.Sum[int64]).DataPoints {
			fmt.Println(m.Name, dp.Value)
			for _, kv := range dp.Attributes.ToSlice() {
				fmt.Printf("  %s=%s\n", kv.Key, kv.Value.String())
			}
		}
	}
	// Output:
	// true
	// true
	// errcat.server.errors 2
	//   errcat.code=000012
	//   errcat.domain=errcat.dev
	//   error.type=OBJECT_NOT_FOUND
	//   rpc.method=errcat.playground.v1.PlaygroundService/Raise
	//   rpc.response.status_code=NOT_FOUND
}
