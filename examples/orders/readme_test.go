package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"time"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	ordersv1 "example.com/orders/gen/orders/v1"
)

// The README's "Return errors from handlers" and "Decode in Go" snippets,
// as code (errcat's TestReadmeSnippets checks the README against it): a
// handler backed by a database that maps sql.ErrNoRows to errcat's common
// OBJECT_NOT_FOUND entry.
type server struct {
	ordersv1.UnimplementedOrdersServiceServer
	db orderDB
}

// orderDB stands for a database table of orders.
type orderDB map[string]*ordersv1.GetOrderResponse

// Order returns an order, or sql.ErrNoRows.
func (db orderDB) Order(_ context.Context, id string) (*ordersv1.GetOrderResponse, error) {
	if o, ok := db[id]; ok {
		return o, nil
	}
	return nil, sql.ErrNoRows
}

func (s *server) GetOrder(ctx context.Context, req *ordersv1.GetOrderRequest) (*ordersv1.GetOrderResponse, error) {
	order, err := s.db.Order(ctx, req.GetId())
	if errors.Is(err, sql.ErrNoRows) {
		// Wrap freely: the client sees the entry, never the wrap text.
		return nil, fmt.Errorf("loading order %s: %w", req.GetId(), codes.NewObjectNotFound("order", req.GetId()))
	}
	if err != nil {
		return nil, err // unknown error: sent as 000001 with a correlation id, logged with its cause
	}
	return order, nil
}

func Example_readme() {
	srv := grpc.NewServer(interceptors.ChainServer(interceptors.NewServer(interceptors.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))))...)
	ordersv1.RegisterOrdersServiceServer(srv, &server{db: orderDB{}})
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
	client, ctx := ordersv1.NewOrdersServiceClient(conn), context.Background()

	readmeDecode(ctx, client)
	// Output:
	// no order 42
	// 000012 OBJECT_NOT_FOUND 42 Unable to locate order with id 42.
	// - Verify that the ID 42 is correct. https://github.com/errcat/errcat/blob/main/docs/errcat.common.v1.CommonError.md#000012
	// - Ensure the resource has not been deleted. https://github.com/errcat/errcat/blob/main/docs/errcat.common.v1.CommonError.md#000012
}

func readmeDecode(ctx context.Context, client ordersv1.OrdersServiceClient) {
	_, err := client.GetOrder(ctx, &ordersv1.GetOrderRequest{Id: "42"})
	if errors.Is(err, codes.ObjectNotFound) {
		fmt.Println("no order 42") // branch on entries, not on strings
	}
	var e *errcat.Error
	if errors.As(err, &e) {
		fmt.Println(e.Code(), e.Reason(), e.Arg("id"), e.Message())
		for _, l := range e.Details().Help.GetLinks() { // nil-safe accessors
			fmt.Println("-", l.GetDescription(), l.GetUrl())
		}
		// RetryDelay is at most errcat.MaxRetryDelay (24 h): bound your own wait.
		if d := e.RetryDelay(); d > 0 && d <= 10*time.Second {
			time.Sleep(d)
		}
	}
}
