package shopv1_test

import (
	"errors"
	"fmt"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/examples/shop/shopv1"
)

// A handler returns a typed error built by a generated constructor; callers
// match it with errors.Is, wrapped or not, and read its arguments by name.
func ExampleNewOutOfStock() {
	err := fmt.Errorf("checkout: %w", shopv1.NewOutOfStock("TSHIRT-RED-M", "2"))

	fmt.Println(errors.Is(err, shopv1.OutOfStock))
	fmt.Println(errors.Is(err, shopv1.CartExpired))

	var e *errcat.Error
	if errors.As(err, &e) {
		fmt.Println(e)
		fmt.Println(e.GRPCCode(), e.Arg("available"))
	}
	// Output:
	// true
	// false
	// OUT_OF_STOCK (SHOP-001): Item TSHIRT-RED-M is out of stock: only 2 left.
	// FailedPrecondition 2
}

// A client decodes the google.rpc.Status it received back into a typed error
// of the registered catalogue.
func ExampleNewPaymentDeclined() {
	sent := shopv1.NewPaymentDeclined("insufficient funds")

	got, ok := errcat.FromStatus(sent.GRPCStatus())
	fmt.Println(ok, errors.Is(got, shopv1.PaymentDeclined))
	fmt.Println(got.Message())
	fmt.Println(got.Retryable(), got.RetryDelay())
	// Output:
	// true true
	// The payment was declined: insufficient funds.
	// true 10s
}
