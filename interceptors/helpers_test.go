package interceptors_test

import (
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

func wrapString(s string) *wrapperspb.StringValue { return wrapperspb.String(s) }

// unknownAny is a detail of a type no program links.
func unknownAny() *anypb.Any {
	return &anypb.Any{TypeUrl: "type.googleapis.com/warehouse.v1.StockLock", Value: []byte{0x0a, 0x03, 'A', '-', '1'}}
}
