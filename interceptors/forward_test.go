package interceptors_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/internal/testsrv"
)

// Forwarded errors (#16): an edge errcat server whose handler returns what
// its call to an upstream errcat server returned. Every check reads the
// raw trailers the edge's client received.

const upstreamSecret = "SECRET-upstream-dsn=postgres://u:p@10.0.0.7"

// upstream serves, over TCP with WithDebug, the failures an edge forwards:
// "debug" an internal error whose cause is upstreamSecret (sent as DebugInfo),
// "big" a 12 KiB status (no budget), "plain" a plain INTERNAL status with
// upstreamSecret text.
// Its ServerStream sends "first", then ends with the same failures.
func upstream(t *testing.T) *testsrv.Server {
	fail := func(in string) error {
		switch in {
		case "debug":
			return errors.New(upstreamSecret)
		case "big":
			return codes.NewObjectNotFound("user", strings.Repeat("€", 4<<10))
		}
		return codes.NewObjectNotFound("user", in)
	}
	return hardened(t, testsrv.Handlers{
		Unary: func(ctx context.Context, in string) (string, error) { return "", fail(in) },
		ServerStream: func(ctx context.Context, in string, send func(string) error) error {
			if err := send("first"); err != nil {
				return err
			}
			return fail(in)
		},
	}, true, 1<<20, interceptors.WithDebug(true), interceptors.WithTrailerBudget(-1))
}

// edge serves a Unary handler that calls Unary on conn with its input and
// returns the error as is; its own client accepts 8 KiB of headers.
//
// Its ServerStream opens ServerStream on conn with its input, sends on
// every message received and returns the upstream stream's error as is.
func edge(t *testing.T, conn *grpc.ClientConn, logs *logRecords, opts ...interceptors.ServerOption) *testsrv.Server {
	opts = append(opts, interceptors.WithLogger(slogLogger(logs)))
	return hardened(t, testsrv.Handlers{
		Unary: func(ctx context.Context, in string) (string, error) {
			out := new(wrapperspb.StringValue)
			err := conn.Invoke(ctx, "/errcat.test.Test/Unary", wrapperspb.String(in), out)
			return out.GetValue(), err
		},
		ServerStream: func(ctx context.Context, in string, send func(string) error) error {
			return forwardStream(ctx, conn, in, send)
		},
	}, true, 0, opts...)
}

// forwardStream calls ServerStream on conn with in and sends every message
// it receives; it returns the upstream's error (nil on a clean end).
func forwardStream(ctx context.Context, conn *grpc.ClientConn, in string, send func(string) error) error {
	cs, err := conn.NewStream(ctx, &grpc.StreamDesc{StreamName: "ServerStream", ServerStreams: true}, "/errcat.test.Test/ServerStream")
	if err != nil {
		return err
	}
	if err := cs.SendMsg(wrapperspb.String(in)); err != nil && err != io.EOF {
		return err
	}
	if err := cs.CloseSend(); err != nil {
		return err
	}
	for {
		out := new(wrapperspb.StringValue)
		if err := cs.RecvMsg(out); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
		if err := send(out.GetValue()); err != nil {
			return err
		}
	}
}

// received returns the status in the last trailers the client got, decoded
// from the raw grpc-status-details-bin bytes, and the whole trailer text.
func received(t *testing.T, srv *testsrv.Server) (*spb.Status, string) {
	t.Helper()
	fields, err := srv.Recorder().LastTrailers()
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	var st *spb.Status
	for _, f := range fields {
		all.WriteString(f.Name + ": " + f.Value + "\n")
		if f.Name == "grpc-status-details-bin" {
			b, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(f.Value, "="))
			if err != nil {
				t.Fatal(err)
			}
			all.Write(b)
			st = &spb.Status{}
			if err := proto.Unmarshal(b, st); err != nil {
				t.Fatal(err)
			}
		}
	}
	if st == nil {
		t.Fatalf("no grpc-status-details-bin in %q", all.String())
	}
	return st, all.String()
}

func detailsOf(t *testing.T, st *spb.Status) *errcat.Details {
	t.Helper()
	e, ok := errcat.FromStatus(status.FromProto(st))
	if !ok {
		t.Fatalf("no ErrorInfo in %v", st)
	}
	return e.Details()
}

func withID(id string) context.Context {
	return metadata.AppendToOutgoingContext(context.Background(), "x-request-id", id)
}

// TestForwardDebugInfo: an upstream WithDebug sends DebugInfo with the
// upstreamSecret cause; an edge without WithDebug forwarding that error sends the
// entry with its own request id and no DebugInfo, with or without client
// interceptors on the upstream connection. WithPassThrough(true) is a
// lossless proxy.
func TestForwardDebugInfo(t *testing.T) {
	up := upstream(t)
	plain, err := grpc.NewClient("passthrough:///"+up.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	for name, conn := range map[string]*grpc.ClientConn{"client interceptors": up.Conn, "plain client": plain} {
		logs := &logRecords{}
		e := edge(t, conn, logs)
		_, err := e.Unary(withID("edge-1"), "debug")
		mustErrcat(t, name, err, codes.InternalServerError)
		st, raw := received(t, e)
		if strings.Contains(raw, "SECRET") || strings.Contains(raw, "10.0.0.7") {
			t.Errorf("%s: upstream upstreamSecret in the trailers:\n%q", name, raw)
		}
		d := detailsOf(t, st)
		if d.DebugInfo != nil || d.RequestInfo.GetRequestId() != "edge-1" {
			t.Errorf("%s: DebugInfo %v, RequestInfo %v", name, d.DebugInfo, d.RequestInfo)
		}
	}
	lossless := edge(t, up.Conn, &logRecords{}, interceptors.WithPassThrough(true))
	_, _ = lossless.Unary(withID("edge-2"), "debug")
	st, raw := received(t, lossless)
	if d := detailsOf(t, st); !strings.Contains(raw, "SECRET") || d.DebugInfo == nil {
		t.Errorf("WithPassThrough(true) changed the upstream status: %v", st)
	}
}

// TestForwardUpstreamDown: the upstream is not listening. With client
// interceptors the handler returns the classified API_UNREACHABLE, without
// them grpc-go's UNAVAILABLE "connection error: ... dial tcp ...": either
// way the edge's client gets UPSTREAM_BAD_RESPONSE (000021) with a
// correlation id, never the upstream's address or grpc-go's text, which
// the edge logs under that id.
func TestForwardUpstreamDown(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := lis.Addr().String()
	lis.Close()
	_, port, _ := net.SplitHostPort(addr)
	for _, withInterceptors := range []bool{true, false} {
		opts := []grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}
		if withInterceptors {
			opts = append(opts, interceptors.ChainClient(interceptors.NewClient())...)
		}
		conn, err := grpc.NewClient("passthrough:///"+addr, opts...)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		logs := &logRecords{}
		e := edge(t, conn, logs)
		name := fmt.Sprintf("client interceptors %v", withInterceptors)
		_, err = e.Unary(context.Background(), "x")
		mustErrcat(t, name, err, codes.UpstreamBadResponse)
		st, raw := received(t, e)
		for _, leak := range []string{port, "connection", "dial", "refused"} {
			if strings.Contains(raw, leak) {
				t.Errorf("%s: %q in the trailers:\n%q", name, leak, raw)
			}
		}
		id := detailsOf(t, st).RequestInfo.GetRequestId()
		recs := logs.find(id)
		if id == "" || len(recs) != 1 || !strings.Contains(recs[0]["error"], "connection refused") || recs[0]["upstream_code"] != "Unavailable" {
			t.Errorf("%s: correlation id %q, log records %v", name, id, logs.all())
		}
	}
}

// TestForwardOverBudget: a 12 KiB upstream status reaches the edge's 8 KiB
// client as its entry, shortened under the edge's budget.
func TestForwardOverBudget(t *testing.T) {
	up := upstream(t)
	e := edge(t, up.Conn, &logRecords{})
	_, err := e.Unary(withID("edge-3"), "big")
	got := mustErrcat(t, "big", err, codes.ObjectNotFound)
	if n := lastTrailerSize(t, e.Recorder()); n > clientHeaderLimit {
		t.Errorf("trailer block %d bytes", n)
	}
	if got.Arg("object") != "user" || !strings.HasSuffix(got.Arg("id"), "…") || got.Details().RequestInfo.GetRequestId() != "edge-3" {
		t.Errorf("args %q, RequestInfo %v", got.Args(), got.Details().RequestInfo)
	}
}

// TestForwardUpstreamTimeout: the edge gives its upstream call a deadline
// the upstream exceeds (it answers only after the test ends), or the
// upstream (plain grpc-go) answers DEADLINE_EXCEEDED with upstreamSecret as
// its text. The edge's client gets UPSTREAM_TIMEOUT (000022) with a
// correlation id in RequestInfo and neither grpc-go's nor the upstream's
// text; the edge logs that text and upstream_code DeadlineExceeded under
// the id.
func TestForwardUpstreamTimeout(t *testing.T) {
	release := make(chan struct{})
	defer close(release) // before the servers' cleanups, which wait for the handler
	slow := hardened(t, testsrv.Handlers{Unary: func(ctx context.Context, in string) (string, error) {
		<-ctx.Done()
		<-release
		return "", ctx.Err()
	}}, true, 1<<20, interceptors.WithDebug(true))
	plain := testsrv.Start(t, testsrv.Handlers{Unary: func(context.Context, string) (string, error) {
		return "", status.Error(grpccodes.DeadlineExceeded, upstreamSecret)
	}}, testsrv.Config{TCP: true, DialOpts: interceptors.ChainClient(interceptors.NewClient())})
	for name, c := range map[string]struct {
		conn     *grpc.ClientConn
		logged   string
		upstream string
	}{
		"deadline exceeded": {slow.Conn, "deadline exceeded", slow.Addr},
		"upstream text":     {plain.Conn, upstreamSecret, plain.Addr},
	} {
		logs := &logRecords{}
		e := hardened(t, testsrv.Handlers{Unary: func(ctx context.Context, in string) (string, error) {
			ctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
			defer cancel()
			out := new(wrapperspb.StringValue)
			err := c.conn.Invoke(ctx, "/errcat.test.Test/Unary", wrapperspb.String(in), out)
			return out.GetValue(), err
		}}, true, 0, interceptors.WithLogger(slogLogger(logs)))
		_, err := e.Unary(context.Background(), "x")
		mustErrcat(t, name, err, codes.UpstreamTimeout)
		st, raw := received(t, e)
		_, port, _ := net.SplitHostPort(c.upstream)
		for _, leak := range []string{"SECRET", "context deadline", port} {
			if strings.Contains(raw, leak) {
				t.Errorf("%s: %q in the trailers:\n%q", name, leak, raw)
			}
		}
		id := detailsOf(t, st).RequestInfo.GetRequestId()
		recs := logs.find(id)
		if id == "" || len(recs) != 1 || !strings.Contains(recs[0]["error"], c.logged) || recs[0]["upstream_code"] != "DeadlineExceeded" {
			t.Errorf("%s: correlation id %q, log records %v", name, id, logs.all())
		}
	}
}

// TestForwardStream: the edge's ServerStream forwards an upstream stream
// that sent one message and then failed. The edge's client gets the
// message, then: for the upstream's internal error (WithDebug upstream,
// with or without client interceptors on the upstream connection) the
// internal entry with the edge's request id and no DebugInfo; for a 12 KiB
// status its entry under the 8 KiB budget; with the upstream down,
// UPSTREAM_BAD_RESPONSE (000021) with a correlation id the edge logged the
// connection error under, and no address or grpc-go text.
func TestForwardStream(t *testing.T) {
	up := upstream(t)
	plain, err := grpc.NewClient("passthrough:///"+up.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	for name, conn := range map[string]*grpc.ClientConn{"client interceptors": up.Conn, "plain client": plain} {
		e := edge(t, conn, &logRecords{})
		msgs, err := e.ServerStream(withID("edge-s1"), "debug")
		mustErrcat(t, name, err, codes.InternalServerError)
		st, raw := received(t, e)
		if strings.Contains(raw, "SECRET") || strings.Contains(raw, "10.0.0.7") {
			t.Errorf("%s: upstream upstreamSecret in the trailers:\n%q", name, raw)
		}
		if d := detailsOf(t, st); len(msgs) != 1 || d.DebugInfo != nil || d.RequestInfo.GetRequestId() != "edge-s1" {
			t.Errorf("%s: messages %q, DebugInfo %v, RequestInfo %v", name, msgs, d.DebugInfo, d.RequestInfo)
		}
	}

	e := edge(t, up.Conn, &logRecords{})
	msgs, err := e.ServerStream(withID("edge-s2"), "big")
	got := mustErrcat(t, "big", err, codes.ObjectNotFound)
	if n := lastTrailerSize(t, e.Recorder()); n > clientHeaderLimit {
		t.Errorf("big: trailer block %d bytes", n)
	}
	if len(msgs) != 1 || !strings.HasSuffix(got.Arg("id"), "…") || got.Details().RequestInfo.GetRequestId() != "edge-s2" {
		t.Errorf("big: messages %q, id %d bytes, RequestInfo %v", msgs, len(got.Arg("id")), got.Details().RequestInfo)
	}

	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := lis.Addr().String()
	lis.Close()
	_, port, _ := net.SplitHostPort(addr)
	down, err := grpc.NewClient("passthrough:///"+addr, append(interceptors.ChainClient(interceptors.NewClient()),
		grpc.WithTransportCredentials(insecure.NewCredentials()))...)
	if err != nil {
		t.Fatal(err)
	}
	defer down.Close()
	logs := &logRecords{}
	e = edge(t, down, logs)
	_, err = e.ServerStream(context.Background(), "x")
	mustErrcat(t, "down", err, codes.UpstreamBadResponse)
	st, raw := received(t, e)
	for _, leak := range []string{port, "connection", "dial", "refused"} {
		if strings.Contains(raw, leak) {
			t.Errorf("down: %q in the trailers:\n%q", leak, raw)
		}
	}
	id := detailsOf(t, st).RequestInfo.GetRequestId()
	recs := logs.find(id)
	if id == "" || len(recs) != 1 || !strings.Contains(recs[0]["error"], "connection refused") || recs[0]["upstream_code"] != "Unavailable" {
		t.Errorf("down: correlation id %q, log records %v", id, logs.all())
	}
}

// TestPlainServerFaults: plain UNKNOWN, INTERNAL and DATA_LOSS statuses a
// handler returns lose their text (sent as the internal entry, the text
// logged); other plain statuses pass through.
func TestPlainServerFaults(t *testing.T) {
	for _, c := range []grpccodes.Code{grpccodes.Unknown, grpccodes.Internal, grpccodes.DataLoss, grpccodes.Unavailable} {
		logs := &logRecords{}
		msg := upstreamSecret
		if c == grpccodes.Unavailable {
			msg = "connection error: desc = \"transport: Error while dialing: dial tcp 10.0.0.7:5432: connect: connection refused\""
		}
		srv := hardened(t, testsrv.Handlers{Unary: func(context.Context, string) (string, error) {
			return "", status.Error(c, msg)
		}}, true, 0, interceptors.WithLogger(slogLogger(logs)))
		_, err := srv.Unary(context.Background(), "x")
		_, raw := received(t, srv)
		if strings.Contains(raw, "10.0.0.7") {
			t.Errorf("%v: internal text sent:\n%q", c, raw)
		}
		if len(logs.all()) != 1 {
			t.Errorf("%v: %d log records", c, len(logs.all()))
		}
		_ = err
	}
	srv := hardened(t, testsrv.Handlers{Unary: func(context.Context, string) (string, error) {
		return "", status.Error(grpccodes.FailedPrecondition, "order is closed")
	}}, true, 0)
	_, err := srv.Unary(context.Background(), "x")
	if st, _ := status.FromError(errors.Unwrap(err)); status.Code(err) != grpccodes.FailedPrecondition || st.Message() != "order is closed" {
		t.Errorf("application status changed: %v", err)
	}
}

type panicLocalizer struct{}

func (panicLocalizer) Localize(context.Context, *errcat.Error) errcat.Localized {
	panic("localizer bug")
}

type panicHandler struct{ slog.Handler }

func (panicHandler) Enabled(context.Context, slog.Level) bool  { return true }
func (panicHandler) Handle(context.Context, slog.Record) error { panic("log handler bug") }

// TestHookPanics: a panicking localizer, request-id source, mapper or log
// handler, while a handler returns an error or panics, ends in a valid
// internal status; the server survives.
func TestHookPanics(t *testing.T) {
	h := testsrv.Handlers{Unary: func(_ context.Context, in string) (string, error) {
		if in == "panic" {
			panic("handler bug")
		}
		return "", errors.New("db down")
	}}
	hooks := map[string][]interceptors.ServerOption{
		"localizer":  {interceptors.WithLocalizer(panicLocalizer{})},
		"request id": {interceptors.WithRequestID(func(context.Context) string { panic("id bug") })},
		"mapper":     {interceptors.WithMapper(func(error) *errcat.Error { panic("mapper bug") })},
	}
	for name, opts := range hooks {
		logs := &logRecords{}
		srv := hardened(t, h, true, 0, append(opts, interceptors.WithLogger(slogLogger(logs)))...)
		for _, in := range []string{"error", "panic"} {
			_, err := srv.Unary(context.Background(), in)
			got := mustErrcat(t, name+"/"+in, err, codes.InternalServerError)
			if id := got.Details().RequestInfo.GetRequestId(); id == "" || len(logs.find(id)) == 0 {
				t.Errorf("%s/%s: id %q not logged: %v", name, in, id, logs.all())
			}
		}
	}
	// The logger itself panics: the status is still valid, and the panic
	// goes to standard error under the correlation id sent.
	stderr := &testsrv.SyncBuffer{}
	defer interceptors.SetStderr(stderr)()
	srv := hardened(t, h, true, 0, interceptors.WithLogger(slog.New(panicHandler{})))
	for _, in := range []string{"error", "panic"} {
		_, err := srv.Unary(context.Background(), in)
		id := mustErrcat(t, "logger/"+in, err, codes.InternalServerError).Details().RequestInfo.GetRequestId()
		if out := stderr.String(); id == "" || !strings.Contains(out, "request_id="+id+" ") || !strings.Contains(out, "log handler bug") {
			t.Errorf("logger/%s: id %q not on standard error: %q", in, id, out)
		}
	}
}

// TestRequestIDPolicy: ids within the policy are echoed; others (too long,
// markup, bidi overrides) are replaced by a generated id, the incoming
// value logged as incoming_request_id.
func TestRequestIDPolicy(t *testing.T) {
	logs := &logRecords{}
	srv := hardened(t, testsrv.Handlers{Unary: func(context.Context, string) (string, error) {
		return "", errors.New("db down")
	}}, true, 0, interceptors.WithLogger(slogLogger(logs)))
	for _, id := range []string{"req-1", "a/b:c+d=e@f_g.h", strings.Repeat("x", 128)} {
		_, err := srv.Unary(withID(id), "x")
		if got := mustErrcat(t, id, err, codes.InternalServerError).Details().RequestInfo.GetRequestId(); got != id {
			t.Errorf("id %q echoed as %q", id, got)
		}
	}
	for _, id := range []string{strings.Repeat("x", 129), "<script>", "abc%def", "a b"} {
		_, err := srv.Unary(withID(id), "x")
		got := mustErrcat(t, id, err, codes.InternalServerError).Details().RequestInfo.GetRequestId()
		recs := logs.find(got)
		if got == id || len(got) != 16 || len(recs) != 1 || recs[0]["incoming_request_id"] != id {
			t.Errorf("id %q: sent %q, log %v", id, got, recs)
		}
	}
}
