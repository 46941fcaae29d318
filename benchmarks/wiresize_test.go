package benchmarks

import (
	"context"
	"testing"
)

// BenchmarkWireSize reports (as metrics; the loop only encodes the typical
// error) the size of grpc-status-details-bin (the binary value; base64 adds
// a third on the wire) and of the whole trailer block:
//   - typical: the two-argument OBJECT_NOT_FOUND on a call without a
//     request id (message, ErrorInfo, Help);
//   - typical-reqid: the same on a call carrying a 36-character request id
//     (adds RequestInfo), as in BenchmarkEncode;
//   - largest: the entry of the linked catalogues with the largest status,
//     its arguments being their documented examples, with the request id;
//   - oversized: that search with 64 KiB arguments, which errcat must
//     truncate to stay inside the 8 KiB trailer budget.
func BenchmarkWireSize(b *testing.B) {
	ctx := IncomingContext()
	typical := EncodeErrcat(context.Background())
	typicalReqID := EncodeErrcat(ctx)
	_, largest := Largest(ctx, -1)
	_, oversized := Largest(ctx, 64<<10)
	b.ReportAllocs()
	for b.Loop() {
		sinkStatus = EncodeErrcat(ctx)
	}
	b.ReportMetric(float64(len(WireBytes(typical))), "typical-details-B")
	b.ReportMetric(float64(TrailerBlockSize(typical)), "typical-trailer-B")
	b.ReportMetric(float64(len(WireBytes(typicalReqID))), "typical-reqid-details-B")
	b.ReportMetric(float64(TrailerBlockSize(typicalReqID)), "typical-reqid-trailer-B")
	b.ReportMetric(float64(len(WireBytes(largest))), "largest-details-B")
	b.ReportMetric(float64(TrailerBlockSize(largest)), "largest-trailer-B")
	b.ReportMetric(float64(TrailerBlockSize(oversized)), "oversized-trailer-B")
}
