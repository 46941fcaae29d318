package benchmarks

import (
	"testing"

	kerrors "github.com/go-kratos/kratos/v2/errors"
)

// decoders pairs each client with the status its server sends; gax reads
// the Google-style status errcat sends (ErrorInfo, Help, RequestInfo).
var decoders = []struct {
	name   string
	wire   func() []byte
	decode func(error) (reason, arg string)
}{
	{"handwritten", func() []byte { return WireBytes(EncodeHandwritten(IncomingContext())) }, DecodeHandwritten},
	{"errcat", func() []byte { return WireBytes(EncodeErrcat(IncomingContext())) }, DecodeErrcat},
	{"gax", func() []byte { return WireBytes(EncodeErrcat(IncomingContext())) }, DecodeGax},
	{"kratos", func() []byte { return WireBytes(EncodeKratos(IncomingContext())) }, DecodeKratos},
	{"temporal", func() []byte { return WireBytes(EncodeTemporal(IncomingContext())) }, DecodeTemporal},
}

var sinkReason, sinkArg string

// BenchmarkDecode: from the error a grpc-go client returns to a typed
// error, then its reason and one argument.
func BenchmarkDecode(b *testing.B) {
	for _, c := range decoders {
		b.Run(c.name, func(b *testing.B) {
			received := Received(c.wire())
			b.ReportAllocs()
			for b.Loop() {
				sinkReason, sinkArg = c.decode(received)
			}
		})
	}
}

var sinkBool bool

// BenchmarkIs: errors.Is (errcat) or the generated IsX (kratos) on a
// decoded error.
func BenchmarkIs(b *testing.B) {
	cases := []struct {
		name    string
		decoded error
		is      func(error) bool
	}{
		{"errcat", DecodeErrcatError(Received(WireBytes(EncodeErrcat(IncomingContext())))), IsErrcat},
		{"kratos", kratosDecoded(), IsKratos},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			if !c.is(c.decoded) {
				b.Fatalf("%s: decoded error does not match", c.name)
			}
			b.ReportAllocs()
			for b.Loop() {
				sinkBool = c.is(c.decoded)
			}
		})
	}
}

func kratosDecoded() error {
	return kerrors.FromError(Received(WireBytes(EncodeKratos(IncomingContext()))))
}
