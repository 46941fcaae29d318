package otelerrcat_test

import (
	"context"
	"errors"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/otelerrcat"
)

// Server.Record counts a call served without the interceptors (a gateway's
// direct mode) exactly like the interceptor does, and nil records nothing.
func TestServerRecord(t *testing.T) {
	tel := newTelemetry()
	s := otelerrcat.NewServer(otelerrcat.WithMeterProvider(tel.mp))
	ctx, span := tel.tp.Tracer("test").Start(context.Background(), "POST /v1/raise")
	st := status.FromProto(codes.NewObjectNotFound("invoice", "INV-7").StatusProto(errcat.StatusOptions{RequestID: "req-rest-1"}))
	s.Record(ctx, "/errcat.playground.v1.PlaygroundService/Raise", st.Err())
	s.Record(ctx, "/errcat.playground.v1.PlaygroundService/Raise", nil)
	span.End()

	got := tel.counts(t, otelerrcat.ServerErrors)
	want := "errcat.code=000012,errcat.domain=errcat.dev,error.type=OBJECT_NOT_FOUND,rpc.method=errcat.playground.v1.PlaygroundService/Raise,rpc.response.status_code=NOT_FOUND"
	if len(got) != 1 || got[want] != 1 {
		t.Errorf("counts %v, want {%s: 1}", got, want)
	}
	a := attrsOf(tel.spans.Ended()[0])
	if a["error.type"] != "OBJECT_NOT_FOUND" || a["errcat.request_id"] != "req-rest-1" {
		t.Errorf("span attributes %v", a)
	}
}

// A client that cannot reach the server counts the client catalogue's entry
// the caller sees (the errcat client interceptors classify the failure);
// without them, the gRPC code name is the error.type.
func TestClientUnreachable(t *testing.T) {
	for _, tc := range []struct {
		name   string
		chain  []grpc.UnaryClientInterceptor
		series string
	}{
		{"classified", []grpc.UnaryClientInterceptor{nil, interceptors.UnaryClient()},
			"errcat.code=" + codes.APIUnreachable.Code() + ",errcat.domain=" + codes.APIUnreachable.Domain() +
				",error.type=API_UNREACHABLE,rpc.method=errcat.test.Test/Unary,rpc.response.status_code=UNAVAILABLE"},
		{"plain", []grpc.UnaryClientInterceptor{nil},
			"error.type=UNAVAILABLE,rpc.method=errcat.test.Test/Unary,rpc.response.status_code=UNAVAILABLE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tel := newTelemetry()
			tc.chain[0] = otelerrcat.UnaryClient(otelerrcat.WithMeterProvider(tel.mp))
			conn, err := grpc.NewClient("passthrough:///127.0.0.1:1",
				grpc.WithTransportCredentials(insecure.NewCredentials()),
				grpc.WithChainUnaryInterceptor(tc.chain...))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			err = conn.Invoke(context.Background(), "/errcat.test.Test/Unary", wrapperspb.String("x"), new(wrapperspb.StringValue))
			if err == nil {
				t.Fatal("call to a closed port succeeded")
			}
			if got := tel.counts(t, otelerrcat.ClientErrors); len(got) != 1 || got[tc.series] != 1 {
				t.Errorf("counts %v, want {%s: 1}", got, tc.series)
			}
		})
	}
}

// A failing stream counts once even when several of its methods return
// the final error.
func TestClientStreamCountsOnce(t *testing.T) {
	srvTel, cliTel := newTelemetry(), newTelemetry()
	srv := serve(t, srvTel, cliTel, raising())
	cs, err := srv.Conn.NewStream(context.Background(), &grpc.StreamDesc{ServerStreams: true, ClientStreams: true}, "/errcat.test.Test/Bidi")
	if err != nil {
		t.Fatal(err)
	}
	if err := cs.SendMsg(wrapperspb.String("OBJECT_NOT_FOUND")); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := cs.RecvMsg(new(wrapperspb.StringValue)); !errors.Is(err, codes.ObjectNotFound) {
			t.Fatalf("RecvMsg: %v", err)
		}
	}
	srv.Stop()
	var total int64
	for _, n := range cliTel.counts(t, otelerrcat.ClientErrors) {
		total += n
	}
	if total != 1 {
		t.Errorf("client counted %d errors, want 1", total)
	}
}
