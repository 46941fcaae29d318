package benchmarks

import (
	"context"
	"testing"

	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
)

// TestHandwrittenMatchesErrcat checks that the handwritten baseline builds
// the same status errcat sends: code, message and the same details in the
// same order, compared decoded (map order differs on the wire).
func TestHandwrittenMatchesErrcat(t *testing.T) {
	for _, ctx := range []context.Context{context.Background(), IncomingContext()} {
		hw, ec := EncodeHandwritten(ctx).Proto(), EncodeErrcat(ctx).Proto()
		if hw.GetCode() != ec.GetCode() || hw.GetMessage() != ec.GetMessage() {
			t.Fatalf("handwritten %d %q, errcat %d %q", hw.GetCode(), hw.GetMessage(), ec.GetCode(), ec.GetMessage())
		}
		if len(hw.GetDetails()) != len(ec.GetDetails()) {
			t.Fatalf("handwritten sends %d details, errcat %d", len(hw.GetDetails()), len(ec.GetDetails()))
		}
		for i := range hw.GetDetails() {
			a, err := hw.GetDetails()[i].UnmarshalNew()
			if err != nil {
				t.Fatal(err)
			}
			b, err := ec.GetDetails()[i].UnmarshalNew()
			if err != nil {
				t.Fatal(err)
			}
			if !proto.Equal(a, b) {
				t.Errorf("detail %d: handwritten %v, errcat %v", i, a, b)
			}
		}
	}
}

// TestDecoders checks that every client reads the reason and the argument
// from what its server sent.
func TestDecoders(t *testing.T) {
	want := map[string][2]string{
		"handwritten": {reason, ID},
		"errcat":      {reason, ID},
		"gax":         {reason, ID},
		"kratos":      {reason, ID},
		"temporal":    {"NotFound", "Unable to locate project with id 42."},
	}
	for _, c := range decoders {
		r, a := c.decode(Received(c.wire()))
		if w := want[c.name]; r != w[0] || a != w[1] {
			t.Errorf("%s: got (%q, %q), want (%q, %q)", c.name, r, a, w[0], w[1])
		}
	}
}

func TestIs(t *testing.T) {
	ec := DecodeErrcatError(Received(WireBytes(EncodeErrcat(IncomingContext()))))
	if !IsErrcat(ec) || !IsKratos(kratosDecoded()) {
		t.Fatal("a decoded error does not match its entry")
	}
	other := DecodeErrcatError(Received(WireBytes(EncodeEntry(context.Background(), codes.NewTooManyRequests()))))
	if IsErrcat(other) || IsKratos(Received(WireBytes(EncodeTemporal(context.Background())))) {
		t.Fatal("another error matches")
	}
}

// TestWireSizes checks the budget: the largest status, even with 64 KiB
// arguments, fits the 8 KiB trailer block.
func TestWireSizes(t *testing.T) {
	for _, n := range []int{-1, 64 << 10} {
		ent, st := Largest(IncomingContext(), n)
		if size := TrailerBlockSize(st); size > errcat.DefaultTrailerBudget {
			t.Errorf("%s with %d-byte args: trailer block %d bytes", ent.Reason(), n, size)
		}
	}
}

// TestService runs both RPC benchmarks' calls once, on bufconn and TCP.
func TestService(t *testing.T) {
	for _, tcp := range []bool{false, true} {
		ok, err := Start(okHandler, withErrcat(Config{TCP: tcp}))
		if err != nil {
			t.Fatal(err)
		}
		defer ok.Stop()
		out := new(wrapperspb.StringValue)
		if err := ok.Call(context.Background(), wrapperspb.String("hi"), out); err != nil || out.GetValue() != "ok" {
			t.Fatalf("tcp=%v: OK call: %q, %v", tcp, out.GetValue(), err)
		}
		failing, err := Start(errcatRPCHandler, withErrcat(Config{TCP: tcp}))
		if err != nil {
			t.Fatal(err)
		}
		defer failing.Stop()
		ctx := metadata.AppendToOutgoingContext(context.Background(), RequestIDKey, RequestID)
		err = failing.Call(ctx, wrapperspb.String("hi"), out)
		e, ok2 := errcat.AsError(err)
		if !ok2 || e.Reason() != reason || e.Arg("id") != ID || e.Details().RequestInfo.GetRequestId() != RequestID {
			t.Fatalf("tcp=%v: failing call: %v", tcp, err)
		}
	}
}
