package i18n_test

import (
	"github.com/errcat/errcat"
	"google.golang.org/grpc/codes"
)

// shop is a small catalogue of the tests' own, translated in
// testdata/locales, standing for a user's catalogue.
var shop = errcat.MustRegister(errcat.CatalogSpec{
	Name:   "shop.v1.ShopError",
	Domain: "shop.example.com",
	Title:  "Shop errors",
	Entries: []errcat.EntrySpec{{
		Number: 1, Reason: "OUT_OF_STOCK", Code: "000001", GRPCCode: codes.FailedPrecondition, HTTPStatus: 409,
		Title: "Out of stock: {0}", Message: "{0} is out of stock.", Description: "The item cannot be ordered now.",
		Resolutions: []string{"Choose another item than {0}.", "Try again tomorrow."},
		Args:        []errcat.ArgSpec{{Name: "item"}},
	}, {
		Number: 2, Reason: "CART_EMPTY", Code: "000002", GRPCCode: codes.FailedPrecondition, HTTPStatus: 409,
		Title: "Cart empty", Message: "Your cart is empty.", Description: "An order needs items.",
		Resolutions: []string{"Add an item to your cart."},
	}, {
		Number: 3, Reason: "PRICE_CHANGED", Code: "000003", GRPCCode: codes.Aborted, HTTPStatus: 409,
		Title: "Price changed", Message: "The price of {0} changed from {1} to {2}.", Description: "The price moved while ordering.",
		Args: []errcat.ArgSpec{{Name: "item"}, {Name: "old"}, {Name: "new"}},
	}},
})
