package notfoundmask_test

import (
	"context"
	"errors"
	"fmt"

	"google.golang.org/grpc"

	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors/notfoundmask"
)

// A forbidden order and a missing one look the same to the caller.
func Example() {
	mask := notfoundmask.UnaryServer(notfoundmask.WithMethods("/shop.v1.Orders/"))
	info := &grpc.UnaryServerInfo{FullMethod: "/shop.v1.Orders/GetOrder"}
	for _, handlerErr := range []error{
		codes.NewMissingPrivilege("read", "orders.read", "admin@example.com"),
		codes.NewObjectNotFound("order", "7"),
	} {
		_, err := mask(context.Background(), nil, info, func(context.Context, any) (any, error) { return nil, handlerErr })
		fmt.Println(err, errors.Is(err, codes.ResourceNotFound))
	}
	// Output:
	// RESOURCE_NOT_FOUND (000002): Resource Not Found true
	// RESOURCE_NOT_FOUND (000002): Resource Not Found true
}
