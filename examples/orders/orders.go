// Command orders is a small gRPC service in its own module that uses errcat
// as a user of the library would (see docs/guide.md in errcat's
// repository): its own catalogue (proto/orders/v1/orders.proto), generated
// with the commands of the guide, its German translations (locales/) and
// the errcat interceptors.
//
//	go run . -addr 127.0.0.1:50061
package main

import (
	"context"
	"embed"
	"flag"
	"log"
	"log/slog"
	"net"
	"strconv"
	"sync"

	"github.com/errcat/errcat/i18n"
	"github.com/errcat/errcat/interceptors"
	"google.golang.org/grpc"

	ordersv1 "example.com/orders/gen/orders/v1"
)

// maxQuantity is the most items of one product per order.
const maxQuantity = 10

// service implements ordersv1.OrdersServiceServer in memory.
type service struct {
	ordersv1.UnimplementedOrdersServiceServer
	mu     sync.Mutex
	orders map[string]*ordersv1.GetOrderResponse
}

// PlaceOrder places an order; a quantity above the limit is refused, and
// the product "SLOW-PAY" always waits for its payment.
func (s *service) PlaceOrder(ctx context.Context, req *ordersv1.PlaceOrderRequest) (*ordersv1.PlaceOrderResponse, error) {
	if req.GetQuantity() > maxQuantity {
		return nil, ordersv1.NewQuantityExceeded(req.GetSku(), strconv.Itoa(maxQuantity))
	}
	if req.GetSku() == "SLOW-PAY" {
		return nil, ordersv1.NewPaymentPending()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := strconv.Itoa(len(s.orders) + 1)
	s.orders[id] = &ordersv1.GetOrderResponse{Id: id, Sku: req.GetSku(), Quantity: req.GetQuantity()}
	return &ordersv1.PlaceOrderResponse{Id: id}, nil
}

// GetOrder returns an order by id.
func (s *service) GetOrder(ctx context.Context, req *ordersv1.GetOrderRequest) (*ordersv1.GetOrderResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.orders[req.GetId()]
	if !ok {
		return nil, ordersv1.NewOrderNotFound(req.GetId())
	}
	return o, nil
}

//go:embed locales
var locales embed.FS

// newServer returns the gRPC server of the orders service: errcat's
// interceptors with a bundle holding errcat's translations and ours.
func newServer(logger *slog.Logger) (*grpc.Server, error) {
	bundle := i18n.NewBundle()
	if err := bundle.AddFS(i18n.Builtin(), "*/*.json"); err != nil {
		return nil, err
	}
	if err := bundle.AddFS(locales, "locales/*/*.json"); err != nil {
		return nil, err
	}
	errs := interceptors.NewServer(interceptors.WithLogger(logger), interceptors.WithLocalizer(bundle))
	srv := grpc.NewServer(interceptors.ChainServer(errs)...)
	ordersv1.RegisterOrdersServiceServer(srv, &service{orders: map[string]*ordersv1.GetOrderResponse{}})
	return srv, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:50061", "listen address")
	flag.Parse()
	srv, err := newServer(slog.Default())
	if err != nil {
		log.Fatal(err)
	}
	lis, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	slog.Info("orders serving", "addr", lis.Addr().String())
	log.Fatal(srv.Serve(lis))
}
