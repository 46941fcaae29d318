package interceptors_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/internal/testsrv"
)

// TestEveryEntryRoundTrips sends every entry of the built-in catalogues
// through a real connection (bufconn and TCP) and checks the typed error
// the client gets and the raw trailers on the wire.
func TestEveryEntryRoundTrips(t *testing.T) {
	for _, tcp := range []bool{false, true} {
		t.Run(map[bool]string{false: "bufconn", true: "tcp"}[tcp], func(t *testing.T) {
			var next *errcat.Error
			logger, _ := quietLogger()
			srv := start(t, testsrv.Handlers{
				Unary: func(ctx context.Context, in string) (string, error) { return "", next },
			}, tcp, interceptors.WithLogger(logger))
			for _, ent := range allEntries() {
				args := exampleArgs(ent)
				next = ent.New(args...)
				_, err := srv.Unary(context.Background(), "x")
				var got *errcat.Error
				if !errors.As(err, &got) {
					t.Fatalf("%s: client got %T %v, want *errcat.Error", ent.Code(), err, err)
				}
				if got.Entry() != ent || !got.Known() {
					t.Errorf("%s: decoded entry %s/%s", ent.Code(), got.Domain(), got.Reason())
				}
				if !errors.Is(err, ent) {
					t.Errorf("%s: errors.Is(err, entry) = false", ent.Code())
				}
				if fmt.Sprint(got.Args()) != fmt.Sprint(args) {
					t.Errorf("%s: args %q, want %q", ent.Code(), got.Args(), args)
				}
				if want := ent.Message(args...); got.Message() != want {
					t.Errorf("%s: message %q, want %q", ent.Code(), got.Message(), want)
				}
				if status.Code(err) != ent.GRPCCode() {
					t.Errorf("%s: status code %v, want %v", ent.Code(), status.Code(err), ent.GRPCCode())
				}
				if got.Retryable() != ent.Retryable() {
					t.Errorf("%s: Retryable %v, want %v", ent.Code(), got.Retryable(), ent.Retryable())
				}
				st := wireStatus(t, srv.Recorder())
				if st.Code != int32(ent.GRPCCode()) || st.Message != ent.Message(args...) {
					t.Errorf("%s: wire status %d %q", ent.Code(), st.Code, st.Message)
				}
				help := got.Details().Help
				if len(help.GetLinks()) != max(1, len(ent.Resolutions(args...))) {
					t.Errorf("%s: %d help links for %d resolutions", ent.Code(), len(help.GetLinks()), len(ent.Resolutions()))
				}
				for i, r := range ent.Resolutions(args...) {
					if l := help.GetLinks()[i]; l.GetDescription() != r || !strings.HasPrefix(l.GetUrl(), "https://") {
						t.Errorf("%s: help link %d = %v, want %q", ent.Code(), i, l, r)
					}
				}
			}
		})
	}
}

const secret = "SECRET-password=hunter2"

// TestInternalErrorsDoNotLeak checks each kind of failure a handler can
// produce: the documented status, a logged correlation id, and no internal
// text in any byte the client receives.
func TestInternalErrorsDoNotLeak(t *testing.T) {
	cases := []struct {
		name    string
		handler func(ctx context.Context) error
		want    *errcat.Entry
		logged  bool
	}{
		{"wrapped catalogue error", func(context.Context) error {
			return fmt.Errorf("loading %s: %w", secret, codes.NewObjectNotFound("user", "42"))
		}, codes.ObjectNotFound, false},
		{"catalogue error with cause", func(context.Context) error {
			return codes.NewObjectNotFound("user", "42").WithCause(errors.New(secret))
		}, codes.ObjectNotFound, false},
		{"raw error", func(context.Context) error { return errors.New(secret) }, codes.InternalServerError, true},
		{"panic string", func(context.Context) error { panic(secret) }, codes.InternalServerError, true},
		{"panic error", func(context.Context) error { panic(errors.New(secret)) }, codes.InternalServerError, true},
		{"panic struct", func(context.Context) error { panic(struct{ S string }{secret}) }, codes.InternalServerError, true},
		{"panic nil", func(context.Context) error { panic(nil) }, codes.InternalServerError, true},
		{"wrapped deadline", func(context.Context) error {
			return fmt.Errorf("query %s: %w", secret, context.DeadlineExceeded)
		}, codes.RequestDeadlineExceeded, false},
		{"wrapped cancel", func(context.Context) error {
			return fmt.Errorf("query %s: %w", secret, context.Canceled)
		}, codes.RequestCancelled, false},
		{"wrapped grpc status", func(context.Context) error {
			return fmt.Errorf("%s: %w", secret, status.Error(grpccodes.NotFound, "no such user"))
		}, codes.NotFoundError, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			logger, logs := quietLogger()
			srv := start(t, testsrv.Handlers{
				Unary: func(ctx context.Context, _ string) (string, error) { return "", c.handler(ctx) },
			}, true, interceptors.WithLogger(logger))
			_, err := srv.Unary(context.Background(), "x")
			e, ok := errcat.FromError(err)
			if !ok {
				t.Fatalf("client got %v, want an errcat error", err)
			}
			if c.want != nil && !errors.Is(err, c.want) {
				t.Errorf("got %s/%s, want %s", e.Domain(), e.Reason(), c.want.Reason())
			}
			if c.want == codes.NotFoundError { // passed-through status: classified, the status kept as sent
				st := e.GRPCStatus()
				info := e.Details().ErrorInfo
				if st.Code() != grpccodes.NotFound || st.Message() != "no such user" || info.GetReason() != "NOT_FOUND" ||
					info.GetDomain() != codes.RuntimeErrorCatalog.Domain() {
					t.Errorf("pass-through: got %v %q %v", st.Code(), st.Message(), info)
				}
			}
			wireStatus(t, srv.Recorder())
			fields, data, derr := srv.Recorder().Decode()
			if derr != nil {
				t.Fatal(derr)
			}
			for _, f := range fields {
				if strings.Contains(f.Value, "SECRET") || strings.Contains(f.Value, "hunter2") {
					t.Errorf("header %s leaks: %q", f.Name, f.Value)
				}
			}
			for _, d := range data {
				if bytes.Contains(d, []byte("SECRET")) {
					t.Errorf("data frame leaks: %q", d)
				}
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("client error text leaks: %v", err)
			}
			id := e.Details().RequestInfo.GetRequestId()
			if c.logged {
				if id == "" {
					t.Fatal("no correlation id in RequestInfo")
				}
				if !strings.Contains(logs.String(), id) {
					t.Errorf("correlation id %s not in the log: %s", id, logs)
				}
				if c.name != "panic nil" && !strings.Contains(logs.String(), "hunter2") {
					t.Errorf("the cause is not logged: %s", logs)
				}
				if strings.HasPrefix(c.name, "panic") && !strings.Contains(logs.String(), "goroutine") {
					t.Errorf("no stack logged for a panic: %s", logs)
				}
			}
			// The server keeps serving.
			if _, err := srv.Unary(context.Background(), "x"); err == nil {
				t.Fatal("second call: want the same error again")
			}
		})
	}
}

// TestStreamsFailBeforeAndDuringMessages covers the three streaming shapes,
// failing before the first message and in the middle.
func TestStreamsFailBeforeAndDuringMessages(t *testing.T) {
	fail := codes.NewObjectNotFound("order", "7")
	for _, after := range []int{0, 2} {
		t.Run(fmt.Sprintf("after%d", after), func(t *testing.T) {
			srv := start(t, testsrv.Handlers{
				ServerStream: func(ctx context.Context, in string, send func(string) error) error {
					for i := 0; i < after; i++ {
						if err := send("m"); err != nil {
							return err
						}
					}
					return fail
				},
				ClientStream: func(ctx context.Context, recv func() (string, error)) (string, error) {
					for i := 0; i < after; i++ {
						if _, err := recv(); err != nil {
							return "", err
						}
					}
					return "", fmt.Errorf("wrapped: %w", fail)
				},
				Bidi: func(ctx context.Context, recv func() (string, error), send func(string) error) error {
					for i := 0; i < after; i++ {
						if _, err := recv(); err != nil {
							return err
						}
						if err := send("m"); err != nil {
							return err
						}
					}
					return fail
				},
			}, true)
			ctx := context.Background()
			got, err := srv.ServerStream(ctx, "x")
			checkTyped(t, "server stream", err, fail)
			if len(got) != after {
				t.Errorf("server stream: %d messages before the error, want %d", len(got), after)
			}
			_, err = srv.ClientStream(ctx, []string{"a", "b", "c", "d"})
			checkTyped(t, "client stream", err, fail)
			got, err = srv.Bidi(ctx, []string{"a", "b", "c", "d"})
			checkTyped(t, "bidi", err, fail)
			if len(got) != after {
				t.Errorf("bidi: %d messages before the error, want %d", len(got), after)
			}
		})
	}
}

func checkTyped(t *testing.T, what string, err error, want *errcat.Error) {
	t.Helper()
	var got *errcat.Error
	if !errors.As(err, &got) {
		t.Fatalf("%s: got %T %v, want *errcat.Error", what, err, err)
	}
	if !errors.Is(err, want) || fmt.Sprint(got.Args()) != fmt.Sprint(want.Args()) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

// TestSendMsgAfterServerEnded checks the client-streaming path where the
// server fails at once: SendMsg eventually returns io.EOF and the typed
// error surfaces from RecvMsg.
func TestSendMsgAfterServerEnded(t *testing.T) {
	srv := start(t, testsrv.Handlers{
		ClientStream: func(ctx context.Context, recv func() (string, error)) (string, error) {
			return "", codes.NewFeatureDisabled()
		},
	}, true)
	cs, err := srv.Conn.NewStream(context.Background(), &grpc.StreamDesc{ClientStreams: true}, "/errcat.test.Test/ClientStream")
	if err != nil {
		t.Fatal(err)
	}
	sawEOF := false
	for i := 0; i < 10000 && !sawEOF; i++ {
		err := cs.SendMsg(wrapString(strings.Repeat("x", 1024)))
		if err == io.EOF {
			sawEOF = true
		} else if err != nil {
			t.Fatalf("SendMsg: %v", err)
		}
		if i%100 == 99 {
			time.Sleep(time.Millisecond)
		}
	}
	if !sawEOF {
		t.Skip("server did not end the stream while sending; nothing to check")
	}
	err = cs.RecvMsg(wrapString(""))
	if !errors.Is(err, codes.FeatureDisabled) {
		t.Fatalf("RecvMsg after io.EOF: %v, want FEATURE_DISABLED", err)
	}
}

// TestDecodesUnknownReasonsAndDetails: a status from a catalogue the client
// does not have, with a detail type the client does not link, decodes into a
// generic error that keeps everything and re-emits the same status.
func TestDecodesUnknownReasonsAndDetails(t *testing.T) {
	st, _ := status.New(grpccodes.Aborted, "try later").WithDetails(
		&errdetails.ErrorInfo{Reason: "STOCK_LOCKED", Domain: "warehouse.example.com", Metadata: map[string]string{"sku": "A-1", "code": "W0001"}},
		&errdetails.RetryInfo{},
	)
	p := st.Proto()
	p.Details = append(p.Details, unknownAny())
	sent := status.FromProto(p)
	srv := start(t, testsrv.Handlers{
		Unary: func(ctx context.Context, _ string) (string, error) { return "", sent.Err() },
	}, false)
	_, err := srv.Unary(context.Background(), "x")
	e, ok := errcat.FromError(err)
	if !ok {
		t.Fatalf("got %v", err)
	}
	if e.Known() || e.Reason() != "STOCK_LOCKED" || e.Domain() != "warehouse.example.com" || e.Code() != "W0001" || e.Arg("sku") != "A-1" {
		t.Errorf("generic error: known=%v %s %s %s sku=%s", e.Known(), e.Domain(), e.Reason(), e.Code(), e.Arg("sku"))
	}
	if e.Message() != "try later" || e.GRPCCode() != grpccodes.Aborted {
		t.Errorf("message/code: %q %v", e.Message(), e.GRPCCode())
	}
	if len(e.Details().Unknown) != 1 || e.Details().Unknown[0].GetTypeUrl() != unknownAny().GetTypeUrl() {
		t.Errorf("unknown detail lost: %v", e.Details().Unknown)
	}
	if !proto.Equal(e.GRPCStatus().Proto(), sent.Proto()) {
		t.Errorf("re-emitted status differs:\n got %v\nwant %v", e.GRPCStatus().Proto(), sent.Proto())
	}
	if !e.Retryable() {
		t.Error("RetryInfo received but Retryable is false")
	}
}

// TestRequestIDAndLocalizer covers the per-call details.
func TestRequestIDAndLocalizer(t *testing.T) {
	srv := start(t, testsrv.Handlers{
		Unary: func(ctx context.Context, _ string) (string, error) { return "", codes.NewObjectNotFound("user", "42") },
	}, false, interceptors.WithLocalizer(upperLocalizer{}))
	ctx := metadata.AppendToOutgoingContext(context.Background(), "x-request-id", "req-123")
	_, err := srv.Unary(ctx, "x")
	e, _ := errcat.FromError(err)
	d := e.Details()
	if d.RequestInfo.GetRequestId() != "req-123" {
		t.Errorf("request id %q", d.RequestInfo.GetRequestId())
	}
	if d.LocalizedMessage.GetLocale() != "x-upper" || d.LocalizedMessage.GetMessage() != strings.ToUpper(e.Message()) {
		t.Errorf("localized message %v", d.LocalizedMessage)
	}
	if d.DebugInfo != nil {
		t.Error("DebugInfo sent without WithDebug")
	}
}

type upperLocalizer struct{}

func (upperLocalizer) Localize(ctx context.Context, e *errcat.Error) errcat.Localized {
	return errcat.Localized{Locale: "x-upper", Message: strings.ToUpper(e.Message())}
}

// TestMappers translates application errors.
func TestMappers(t *testing.T) {
	errNoRows := errors.New("sql: no rows in result set")
	srv := start(t, testsrv.Handlers{
		Unary: func(ctx context.Context, in string) (string, error) {
			return "", fmt.Errorf("get user %s: %w", in, errNoRows)
		},
	}, false,
		interceptors.WithMapper(func(err error) *errcat.Error { panic("a broken mapper is skipped") }),
		interceptors.WithMapper(func(err error) *errcat.Error {
			if errors.Is(err, errNoRows) {
				return codes.NewResourceNotFound()
			}
			return nil
		}))
	_, err := srv.Unary(context.Background(), "42")
	if !errors.Is(err, codes.ResourceNotFound) {
		t.Fatalf("got %v", err)
	}
}

// TestDebugInfo is sent only when enabled.
func TestDebugInfo(t *testing.T) {
	logger, _ := quietLogger()
	srv := start(t, testsrv.Handlers{
		Unary: func(ctx context.Context, _ string) (string, error) { return "", errors.New("disk full") },
	}, false, interceptors.WithDebug(true), interceptors.WithLogger(logger))
	_, err := srv.Unary(context.Background(), "x")
	e, _ := errcat.FromError(err)
	if !strings.Contains(e.Details().DebugInfo.GetDetail(), "disk full") {
		t.Errorf("DebugInfo %v", e.Details().DebugInfo)
	}
}

// TestOKPathDoesNotAllocate calls the interceptors directly.
func TestOKPathDoesNotAllocate(t *testing.T) {
	unary := interceptors.UnaryServer()
	client := interceptors.UnaryClient()
	info := &grpc.UnaryServerInfo{FullMethod: "/x/Y"}
	handler := func(ctx context.Context, req any) (any, error) { return req, nil }
	invoker := func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, opts ...grpc.CallOption) error {
		return nil
	}
	ctx := context.Background()
	req := any("req")
	allocs := testing.AllocsPerRun(1000, func() {
		if _, err := unary(ctx, req, info, handler); err != nil {
			t.Fatal(err)
		}
		if err := client(ctx, "/x/Y", req, req, nil, invoker); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("OK path allocates %v times per call, want 0", allocs)
	}
}
