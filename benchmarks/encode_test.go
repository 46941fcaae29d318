package benchmarks

import (
	"context"
	"testing"

	"google.golang.org/grpc/status"
)

var encoders = []struct {
	name   string
	encode func(context.Context) *status.Status
}{
	{"handwritten", EncodeHandwritten},
	{"errcat", EncodeErrcat},
	{"kratos", EncodeKratos},
	{"temporal", EncodeTemporal},
}

var sinkStatus *status.Status

// BenchmarkEncode: a handler's two-argument error becomes the status that
// goes on the wire.
func BenchmarkEncode(b *testing.B) {
	ctx := IncomingContext()
	for _, c := range encoders {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkStatus = c.encode(ctx)
			}
		})
	}
}
