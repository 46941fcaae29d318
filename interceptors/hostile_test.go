package interceptors_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/internal/testsrv"
)

// Hostile upstreams (#16): plain grpc-go servers, no errcat, sending
// whatever status they like to an edge whose upstream connection has the
// errcat client interceptors.

// rawUpstream serves, without errcat, a Unary that fails with st, dialled
// through the errcat client interceptors plus dial.
func rawUpstream(t *testing.T, st *status.Status, dial ...grpc.DialOption) *testsrv.Server {
	return testsrv.Start(t, testsrv.Handlers{Unary: func(context.Context, string) (string, error) {
		return "", st.Err()
	}}, testsrv.Config{TCP: true, DialOpts: append(interceptors.ChainClient(interceptors.NewClient()), dial...)})
}

// seenEdge is an edge (see edge) that also keeps the last error its call to
// the upstream returned, as its handler saw it.
type seenEdge struct {
	*testsrv.Server
	mu   sync.Mutex
	last error
}

func newSeenEdge(t *testing.T, conn *grpc.ClientConn) *seenEdge {
	e := &seenEdge{}
	e.Server = hardened(t, testsrv.Handlers{Unary: func(ctx context.Context, in string) (string, error) {
		out := new(wrapperspb.StringValue)
		err := conn.Invoke(ctx, "/errcat.test.Test/Unary", wrapperspb.String(in), out)
		e.mu.Lock()
		e.last = err
		e.mu.Unlock()
		return out.GetValue(), err
	}}, true, 0)
	return e
}

func (e *seenEdge) seen() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.last
}

// hugeInfo is an ErrorInfo of reason and domain with n metadata entries:
// code, object and id (ObjectNotFound's arguments) and n-3 others.
func hugeInfo(reason, domain string, n int) *errdetails.ErrorInfo {
	md := map[string]string{"code": codes.ObjectNotFound.Code(), "object": "user", "id": "42"}
	for i := len(md); i < n; i++ {
		md["k"+strconv.Itoa(100000+i)] = "vvvvvvvvvvvvv"
	}
	return &errdetails.ErrorInfo{Reason: reason, Domain: domain, Metadata: md}
}

// TestHostileHugeErrorInfo: a plain grpc-go upstream answers with an
// ErrorInfo of 64,000 metadata entries (a trailer of about 2 MB) for a known
// entry and for one no catalogue knows. Through a real connection the
// errcat client interceptors decode it (the known entry with its
// arguments, the unknown one with every entry as an argument), and the
// edge re-sends it to its 8 KiB client within the budget: the known entry
// encoded again from its two arguments, the unknown one normalized (its
// metadata shortened and dropped). What it costs is measured by
// BenchmarkForwardLargeMetadata (root package), not here.
//
// grpc-go v1.85 clients accept 16 MiB of headers by default; the
// upstream connection sets grpc.WithMaxHeaderListSize(4 MiB) anyway,
// because the default is moving to 8 KiB
// (GRPC_GO_EXPERIMENTAL_ENABLE_8KB_DEFAULT_HEADER_LIST_SIZE=true), under
// which grpc-go drops the connection (UNAVAILABLE "connection error:
// COMPRESSION_ERROR"), the ErrorInfo never reaches the interceptor and the
// edge sends UPSTREAM_BAD_RESPONSE.
func TestHostileHugeErrorInfo(t *testing.T) {
	const n = 64_000
	for _, c := range []struct {
		reason, domain string
		known          bool
	}{
		{codes.ObjectNotFound.Reason(), codes.ObjectNotFound.Domain(), true},
		{"NOT_IN_ANY_CATALOGUE", "hostile.example.com", false},
	} {
		st, err := status.New(grpccodes.NotFound, "not found").WithDetails(hugeInfo(c.reason, c.domain, n))
		if err != nil {
			t.Fatal(err)
		}
		up := rawUpstream(t, st, grpc.WithMaxHeaderListSize(4<<20))
		e := newSeenEdge(t, up.Conn)
		_, err = e.Unary(context.Background(), "x")

		// What the edge's handler got from the client interceptors.
		var dec *errcat.Error
		if !errors.As(e.seen(), &dec) {
			t.Fatalf("%s: the edge's handler got %T %.200v", c.reason, e.seen(), e.seen())
		}
		if dec.Reason() != c.reason || dec.Domain() != c.domain || dec.Known() != c.known || dec.Arg("id") != "42" {
			t.Errorf("%s: decoded %s/%s known %v id %q", c.reason, dec.Domain(), dec.Reason(), dec.Known(), dec.Arg("id"))
		}
		if !c.known && len(dec.Args()) != n-1 {
			t.Errorf("%s: %d arguments decoded, want %d", c.reason, len(dec.Args()), n-1)
		}

		// What the edge's 8 KiB client got.
		if size := lastTrailerSize(t, e.Recorder()); size > clientHeaderLimit {
			t.Errorf("%s: re-sent trailer block %d bytes", c.reason, size)
		}
		if c.known {
			got := mustErrcat(t, c.reason, err, codes.ObjectNotFound)
			if got.Arg("object") != "user" || got.Arg("id") != "42" || len(got.Details().ErrorInfo.GetMetadata()) != 3 {
				t.Errorf("%s: args %q, %d metadata entries", c.reason, got.Args(), len(got.Details().ErrorInfo.GetMetadata()))
			}
			continue
		}
		got := mustErrcat(t, c.reason, err, nil)
		if got.Reason() != c.reason || got.Domain() != c.domain || status.Code(err) != grpccodes.NotFound {
			t.Errorf("%s: re-sent as %s/%s %v", c.reason, got.Domain(), got.Reason(), status.Code(err))
		}
	}
}

// TestClaimedEntryWithAnotherCode: a plain grpc-go upstream claims a known
// entry (OBJECT_NOT_FOUND, NOT_FOUND, 000012) in a PERMISSION_DENIED
// status, with the metadata code 999999. The ErrorInfo's (domain, reason)
// identifies the entry (AIP-193): the client interceptors decode it as
// ObjectNotFound, so errors.Is matches and Code is the entry's (000012),
// while GRPCCode, GRPCStatus and status.Code report the code and message
// received. An edge re-sending it sends the entry with
// its own code, NOT_FOUND, and its own message.
func TestClaimedEntryWithAnotherCode(t *testing.T) {
	info := &errdetails.ErrorInfo{Reason: codes.ObjectNotFound.Reason(), Domain: codes.ObjectNotFound.Domain(),
		Metadata: map[string]string{"code": "999999", "object": "user", "id": "42"}}
	st, err := status.New(grpccodes.PermissionDenied, "go away").WithDetails(info)
	if err != nil {
		t.Fatal(err)
	}
	up := rawUpstream(t, st)
	_, err = up.Unary(context.Background(), "x")
	var got *errcat.Error
	if !errors.As(err, &got) || !errors.Is(err, codes.ObjectNotFound) || got.Entry() != codes.ObjectNotFound {
		t.Fatalf("client got %T %v, want ObjectNotFound", err, err)
	}
	if got.Code() != codes.ObjectNotFound.Code() || got.Arg("id") != "42" {
		t.Errorf("Code %q, id %q", got.Code(), got.Arg("id"))
	}
	if got.GRPCCode() != grpccodes.PermissionDenied || got.GRPCStatus().Code() != grpccodes.PermissionDenied ||
		status.Code(err) != grpccodes.PermissionDenied || got.Message() != "go away" {
		t.Errorf("GRPCCode %v, GRPCStatus %v, status.Code %v, message %q: want the received PERMISSION_DENIED",
			got.GRPCCode(), got.GRPCStatus().Code(), status.Code(err), got.Message())
	}

	e := newSeenEdge(t, up.Conn)
	_, err = e.Unary(context.Background(), "x")
	// mustErrcat checks the entry, its reason, the metadata code 000012 and
	// the gRPC code NOT_FOUND.
	resent := mustErrcat(t, "edge", err, codes.ObjectNotFound)
	if want := codes.NewObjectNotFound("user", "42").Message(); resent.Message() != want {
		t.Errorf("edge re-sent message %q, want %q", resent.Message(), want)
	}
	fields, err := e.Recorder().LastTrailers()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fields {
		if f.Name == "grpc-status" && f.Value != strconv.Itoa(int(grpccodes.NotFound)) {
			t.Errorf("edge sent grpc-status %s, want %d", f.Value, grpccodes.NotFound)
		}
	}
}
