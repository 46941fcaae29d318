package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"slices"
	"testing"
	"time"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/interceptors"
	"google.golang.org/grpc"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	ordersv1 "example.com/orders/gen/orders/v1"
)

// start serves the orders service on 127.0.0.1 and returns a client with
// the errcat client interceptors.
func start(t *testing.T) ordersv1.OrdersServiceClient {
	t.Helper()
	srv, err := newServer(slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(lis)
	t.Cleanup(srv.Stop)
	conn, err := grpc.NewClient(lis.Addr().String(),
		append([]grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())},
			interceptors.ChainClient(interceptors.NewClient())...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return ordersv1.NewOrdersServiceClient(conn)
}

func TestOrdersOverTCP(t *testing.T) {
	c := start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	de := metadata.AppendToOutgoingContext(ctx, "accept-language", "de-DE,de;q=0.9")

	placed, err := c.PlaceOrder(ctx, &ordersv1.PlaceOrderRequest{Sku: "MUG-1", Quantity: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := c.GetOrder(ctx, &ordersv1.GetOrderRequest{Id: placed.GetId()}); err != nil || got.GetQuantity() != 2 {
		t.Fatalf("GetOrder = %v, %v", got, err)
	}

	tests := []struct {
		name     string
		call     func(context.Context) error
		entry    *errcat.Entry
		grpcCode grpccodes.Code
		http     int
		args     map[string]string
		english  string
		german   string
		help     []string // in German
		retry    time.Duration
	}{
		{"two arguments, HTTP 422", func(ctx context.Context) error {
			_, err := c.PlaceOrder(ctx, &ordersv1.PlaceOrderRequest{Sku: "MUG-1", Quantity: 11})
			return err
		}, ordersv1.QuantityExceeded, grpccodes.InvalidArgument, 422, map[string]string{"sku": "MUG-1", "limit": "10"},
			"At most 10 items of MUG-1 fit in one order.", "Höchstens 10 Artikel von MUG-1 passen in eine Bestellung.",
			[]string{"Bestellen Sie höchstens 10 Artikel von MUG-1."}, 0},
		{"retryable", func(ctx context.Context) error {
			_, err := c.PlaceOrder(ctx, &ordersv1.PlaceOrderRequest{Sku: "SLOW-PAY", Quantity: 1})
			return err
		}, ordersv1.PaymentPending, grpccodes.Unavailable, 503, map[string]string{},
			"The payment provider has not confirmed the payment yet.", "Der Zahlungsanbieter hat die Zahlung noch nicht bestätigt.",
			[]string{"Versuchen Sie es in einigen Sekunden erneut."}, 3 * time.Second},
		{"not found", func(ctx context.Context) error {
			_, err := c.GetOrder(ctx, &ordersv1.GetOrderRequest{Id: "999"})
			return err
		}, ordersv1.OrderNotFound, grpccodes.NotFound, 404, map[string]string{"id": "999"},
			"There is no order with id 999.", "Es gibt keine Bestellung mit der ID 999.",
			[]string{"Prüfen Sie die Bestellnummer 999."}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(de)
			if !errors.Is(err, tt.entry) {
				t.Fatalf("error %v is not %s", err, tt.entry.Reason())
			}
			var e *errcat.Error
			if !errors.As(err, &e) {
				t.Fatal("not an *errcat.Error")
			}
			if st, _ := status.FromError(err); st.Code() != tt.grpcCode || st.Message() != tt.english {
				t.Errorf("status %v %q, want %v %q", st.Code(), st.Message(), tt.grpcCode, tt.english)
			}
			if e.Domain() != "orders.example.com" || e.Entry().HTTPStatus() != tt.http || e.RetryDelay() != tt.retry {
				t.Errorf("domain %s http %d retry %v", e.Domain(), e.Entry().HTTPStatus(), e.RetryDelay())
			}
			for name, want := range tt.args {
				if e.Arg(name) != want {
					t.Errorf("arg %s = %q, want %q", name, e.Arg(name), want)
				}
			}
			d := e.Details()
			if d.LocalizedMessage.GetLocale() != "de" || d.LocalizedMessage.GetMessage() != tt.german {
				t.Errorf("LocalizedMessage %q %q, want de %q", d.LocalizedMessage.GetLocale(), d.LocalizedMessage.GetMessage(), tt.german)
			}
			var help []string
			for _, l := range d.Help.GetLinks() {
				help = append(help, l.GetDescription())
				if l.GetUrl() != e.Entry().DocURL() {
					t.Errorf("Help URL %q, want %q", l.GetUrl(), e.Entry().DocURL())
				}
			}
			if !slices.Equal(help, tt.help) {
				t.Errorf("Help descriptions %q, want %q", help, tt.help)
			}
			// Without accept-language: English everywhere.
			var en *errcat.Error
			if !errors.As(tt.call(ctx), &en) || en.Details().LocalizedMessage.GetMessage() != tt.english ||
				!slices.Equal(helpOf(en), en.Entry().Resolutions(en.Args()...)) {
				t.Errorf("English call: %v", en)
			}
		})
	}
}

func helpOf(e *errcat.Error) []string {
	var out []string
	for _, l := range e.Details().Help.GetLinks() {
		out = append(out, l.GetDescription())
	}
	return out
}
