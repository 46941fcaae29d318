package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/interceptors"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	ordersv1 "example.com/orders/gen/orders/v1"
)

// A client with the errcat interceptors decodes the service's errors into
// typed errors (docs/guide.md, "Decode").
func Example_decode() {
	srv, err := newServer(slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		log.Fatal(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go srv.Serve(lis)
	defer srv.Stop()
	addr, ctx := lis.Addr().String(), context.Background()

	conn, err := grpc.NewClient(addr,
		append([]grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())},
			interceptors.ChainClient(interceptors.NewClient())...)...)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	client := ordersv1.NewOrdersServiceClient(conn)
	_, err = client.GetOrder(ctx, &ordersv1.GetOrderRequest{Id: "999"})
	if errors.Is(err, ordersv1.OrderNotFound) {
		var e *errcat.Error
		errors.As(err, &e)
		fmt.Println(e.Code(), e.Reason(), e.Arg("id"), e.Message())
		// ORD-003 ORDER_NOT_FOUND 999 There is no order with id 999.
	}
	// Output:
	// ORD-003 ORDER_NOT_FOUND 999 There is no order with id 999.
}
