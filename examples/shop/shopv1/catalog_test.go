package shopv1_test

import (
	"errors"
	"testing"
	"time"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/examples/shop/shopv1"
	"google.golang.org/grpc/codes"
)

// TestCatalog checks what protoc-gen-errcat generated for the shop: the
// catalogue is registered under its domain, every entry variable is the
// registered entry, and each constructor binds its parameters in order.
func TestCatalog(t *testing.T) {
	if got := errcat.LookupCatalog("shop.example.com"); got != shopv1.ShopErrorCatalog {
		t.Fatalf("LookupCatalog(shop.example.com) = %v, want ShopErrorCatalog", got)
	}
	tests := []struct {
		entry   *errcat.Entry
		err     *errcat.Error
		reason  string
		code    string
		grpc    codes.Code
		message string
		retry   time.Duration
	}{
		{shopv1.OutOfStock, shopv1.NewOutOfStock("SKU-1", "3"), "OUT_OF_STOCK", "SHOP-001", codes.FailedPrecondition,
			"Item SKU-1 is out of stock: only 3 left.", 0},
		{shopv1.CartExpired, shopv1.NewCartExpired(), "CART_EXPIRED", "SHOP-002", codes.FailedPrecondition,
			"Your cart has expired. Please add the items again.", 0},
		{shopv1.PaymentDeclined, shopv1.NewPaymentDeclined("card expired"), "PAYMENT_DECLINED", "SHOP-003", codes.Unavailable,
			"The payment was declined: card expired.", 10 * time.Second},
		{shopv1.CouponInvalid, shopv1.NewCouponInvalid("SPRING25"), "COUPON_INVALID", "SHOP-004", codes.InvalidArgument,
			"Coupon SPRING25 is not valid for this order.", 0},
		{shopv1.OrderNotFound, shopv1.NewOrderNotFound("ORD-1"), "ORDER_NOT_FOUND", "SHOP-005", codes.NotFound,
			"Order ORD-1 not found.", 0},
	}
	if n := len(shopv1.ShopErrorCatalog.Entries()); n != len(tests) {
		t.Errorf("catalogue has %d entries, the test covers %d", n, len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			if got := errcat.Lookup("shop.example.com", tt.reason); got != tt.entry {
				t.Errorf("Lookup = %v, want the generated variable", got)
			}
			if got := shopv1.ShopErrorCatalog.ByCode(tt.code); got != tt.entry {
				t.Errorf("ByCode(%s) = %v, want the generated variable", tt.code, got)
			}
			if !errors.Is(tt.err, tt.entry) {
				t.Errorf("errors.Is(New..., entry) = false")
			}
			if got := tt.err.Message(); got != tt.message {
				t.Errorf("Message() = %q, want %q", got, tt.message)
			}
			if tt.err.Code() != tt.code || tt.err.GRPCCode() != tt.grpc || tt.err.RetryDelay() != tt.retry {
				t.Errorf("code %s, gRPC %v, retry %v; want %s, %v, %v",
					tt.err.Code(), tt.err.GRPCCode(), tt.err.RetryDelay(), tt.code, tt.grpc, tt.retry)
			}
		})
	}
}
