package errcat_test

import (
	"testing"

	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// decodeBytes parses grpc-status-details-bin bytes as a client does.
func decodeBytes(t testing.TB, b []byte) *status.Status {
	t.Helper()
	p := &spb.Status{}
	if err := proto.Unmarshal(b, p); err != nil {
		t.Fatal(err)
	}
	return status.FromProto(p)
}
