package playground_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	grpccodes "google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	reflectionpb "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/examples/server/playground"
	playgroundv1 "github.com/errcat/errcat/gen/errcat/playground/v1"
)

func exampleArgs(e *errcat.Entry) []string {
	var args []string
	for _, a := range e.ArgSpecs() {
		args = append(args, a.Example)
	}
	return args
}

// raise calls Raise and returns the typed error the client interceptors
// produced.
func raise(t *testing.T, ctx context.Context, e *env, code string, args ...string) *errcat.Error {
	t.Helper()
	resp, err := e.client.Raise(ctx, &playgroundv1.RaiseRequest{Code: proto.String(code), Args: args})
	if err == nil {
		t.Fatalf("Raise(%q) = %v, want an error", code, resp)
	}
	got, ok := errcat.AsError(err)
	if !ok {
		t.Fatalf("Raise(%q): client got %T %v, want *errcat.Error", code, err, err)
	}
	return got
}

// checkEntry checks that got is entry ent with args, decoded from a full
// errcat status.
func checkEntry(t *testing.T, got *errcat.Error, ent *errcat.Entry, args []string) {
	t.Helper()
	c := ent.Code()
	if got.Entry() != ent || !got.Known() || !errors.Is(got, ent) {
		t.Errorf("%s: decoded %s/%s, want %s/%s", c, got.Domain(), got.Reason(), ent.Domain(), ent.Reason())
	}
	if got.Code() != c || got.GRPCCode() != ent.GRPCCode() || status.Code(got) != ent.GRPCCode() {
		t.Errorf("%s: code %q, gRPC %v", c, got.Code(), got.GRPCCode())
	}
	if fmt.Sprintf("%q", got.Args()) != fmt.Sprintf("%q", args) {
		t.Errorf("%s: args %q, want %q", c, got.Args(), args)
	}
	if want := ent.Message(args...); got.Message() != want || got.GRPCStatus().Message() != want {
		t.Errorf("%s: message %q, want %q", c, got.Message(), want)
	}
	d := got.Details()
	if d.ErrorInfo.GetMetadata()[errcat.MetadataCodeKey] != c {
		t.Errorf("%s: ErrorInfo metadata %v", c, d.ErrorInfo.GetMetadata())
	}
	if lm := d.LocalizedMessage; lm.GetLocale() != "en-US" || lm.GetMessage() != got.Message() {
		t.Errorf("%s: LocalizedMessage %v, want en-US and the message", c, lm)
	}
	res := ent.Resolutions(args...)
	if links := d.Help.GetLinks(); len(links) != max(1, len(res)) {
		t.Errorf("%s: %d help links for %d resolutions", c, len(links), len(res))
	}
	for i, r := range res {
		if l := d.Help.GetLinks()[i]; l.GetDescription() != r || l.GetUrl() != ent.DocURL() {
			t.Errorf("%s: help link %d = %v, want %q at %s", c, i, l, r, ent.DocURL())
		}
	}
	if got.Retryable() != ent.Retryable() || (ent.Retryable() && d.RetryInfo.GetRetryDelay().AsDuration() != ent.RetryDelay()) {
		t.Errorf("%s: retry %v %v, want %v", c, got.Retryable(), d.RetryInfo, ent.RetryDelay())
	}
	if len(d.Unknown) != 0 || len(d.Other) != 0 {
		t.Errorf("%s: unexpected details %v %v", c, d.Unknown, d.Other)
	}
}

// TestRaiseEveryEntry raises every entry of the common catalogue, variants
// included, with its documented example arguments.
func TestRaiseEveryEntry(t *testing.T) {
	e := start(t)
	entries := codes.CommonErrorCatalog.Entries()
	if len(entries) != 53 {
		t.Fatalf("common catalogue has %d entries, want 53", len(entries))
	}
	for _, ent := range entries {
		args := exampleArgs(ent)
		checkEntry(t, raise(t, context.Background(), e, ent.Code(), args...), ent, args)
	}
}

// TestRaiseArgs covers the binding of args that do not match the template.
func TestRaiseArgs(t *testing.T) {
	e := start(t)
	ctx := context.Background()
	tests := []struct {
		name, code string
		args       []string
		wantArgs   []string
		wantMsg    string
		wantMeta   map[string]string
	}{
		{"exact", "000012", []string{"order", "42"}, []string{"order", "42"}, "Unable to locate order with id 42.", map[string]string{"object": "order", "id": "42"}},
		{"missing are empty", "000012", []string{"order"}, []string{"order", ""}, "Unable to locate order with id .", map[string]string{"object": "order", "id": ""}},
		{"none", "000012", nil, []string{"", ""}, "Unable to locate  with id .", nil},
		{"extras are metadata argN", "000012", []string{"order", "42", "x", "y"}, []string{"order", "42"}, "Unable to locate order with id 42.", map[string]string{"arg2": "x", "arg3": "y"}},
		{"no placeholders", "000001", []string{"extra"}, nil, "Internal Server Error", map[string]string{"arg0": "extra"}},
		{"variant", "000037[0]", nil, nil, "A value already exists, and duplicates are not allowed.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := raise(t, ctx, e, tt.code, tt.args...)
			if got.Code() != tt.code {
				t.Errorf("code %q, want %q", got.Code(), tt.code)
			}
			if fmt.Sprintf("%q", got.Args()) != fmt.Sprintf("%q", tt.wantArgs) {
				t.Errorf("args %q, want %q", got.Args(), tt.wantArgs)
			}
			if got.Message() != tt.wantMsg {
				t.Errorf("message %q, want %q", got.Message(), tt.wantMsg)
			}
			md := got.Details().ErrorInfo.GetMetadata()
			for k, v := range tt.wantMeta {
				if md[k] != v {
					t.Errorf("metadata[%q] = %q, want %q (all: %v)", k, md[k], v, md)
				}
			}
		})
	}
}

// TestRaiseUnknownCode: an unknown code is 000036 naming the parameter and
// the code, with a BadRequest field violation.
func TestRaiseUnknownCode(t *testing.T) {
	e := start(t)
	for _, code := range []string{"999999", "", "12", "000032", "000037[9]", "héllo"} {
		got := raise(t, context.Background(), e, code, "ignored")
		want := playground.UnknownCode(code)
		if !errors.Is(got, codes.InvalidParameterOrHeader) || got.Code() != "000036" {
			t.Errorf("%q: got %v, want 000036", code, got)
		}
		if got.Message() != want.Message() || !strings.Contains(got.Message(), fmt.Sprintf("code %q", code)) {
			t.Errorf("%q: message %q, want %q", code, got.Message(), want.Message())
		}
		fv := got.Details().BadRequest.GetFieldViolations()
		if len(fv) != 1 || fv[0].GetField() != "code" || !strings.Contains(fv[0].GetDescription(), fmt.Sprintf("%q", code)) {
			t.Errorf("%q: BadRequest %v", code, got.Details().BadRequest)
		}
	}
}

// TestRaiseInvalidUTF8 sends args that are not valid UTF-8: they arrive
// repaired (U+FFFD), and every detail is still there.
func TestRaiseInvalidUTF8(t *testing.T) {
	e := start(t)
	ctx := context.Background()
	valid := raise(t, ctx, e, "000012", "order", "42")
	got := raise(t, ctx, e, "000012", "ord\xffer", "4\xc02")
	wantArgs := []string{"ord\uFFFDer", "4\uFFFD2"}
	if fmt.Sprintf("%q", got.Args()) != fmt.Sprintf("%q", wantArgs) {
		t.Errorf("args %q, want %q", got.Args(), wantArgs)
	}
	if want := "Unable to locate ord\uFFFDer with id 4\uFFFD2."; got.Message() != want {
		t.Errorf("message %q, want %q", got.Message(), want)
	}
	if n, m := len(got.GRPCStatus().Details()), len(valid.GRPCStatus().Details()); n != m || n < 3 {
		t.Errorf("%d details with invalid UTF-8 args, %d with valid ones", n, m)
	}
	checkEntry(t, got, codes.ObjectNotFound, wantArgs)
	rcv := e.rec.received(t)
	if bytes.Contains(rcv, []byte("ord\xffer")) || bytes.Contains(rcv, []byte("4\xc02")) {
		t.Error("invalid UTF-8 reached the client")
	}
}

// TestRaiseLocalized asks for German: the LocalizedMessage is German, the
// status message stays English.
func TestRaiseLocalized(t *testing.T) {
	e := start(t)
	ctx := metadata.AppendToOutgoingContext(context.Background(), "accept-language", "de-AT,de;q=0.9")
	got := raise(t, ctx, e, "000012", "order", "42")
	lm := got.Details().LocalizedMessage
	if lm.GetLocale() != "de" || lm.GetMessage() == "" || lm.GetMessage() == got.Message() {
		t.Errorf("LocalizedMessage %v, want a German message", lm)
	}
	if got.Message() != "Unable to locate order with id 42." {
		t.Errorf("message %q", got.Message())
	}
}

// TestRaiseStream: N messages, then the typed error, for every N tried.
func TestRaiseStream(t *testing.T) {
	e := start(t)
	for _, n := range []int32{0, 1, 3, 100} {
		stream, err := e.client.RaiseStream(context.Background(), &playgroundv1.RaiseStreamRequest{
			Code: proto.String("000013"), MessagesBeforeError: proto.Int32(n),
		})
		if err != nil {
			t.Fatal(err)
		}
		var i int32
		for ; ; i++ {
			msg, err := stream.Recv()
			if err != nil {
				if err == io.EOF {
					t.Fatalf("n=%d: stream ended without error", n)
				}
				if !errors.Is(err, codes.TooManyRequests) {
					t.Errorf("n=%d: got %v, want 000013", n, err)
				}
				got, _ := errcat.AsError(err)
				checkEntry(t, got, codes.TooManyRequests, nil)
				break
			}
			if msg.GetIndex() != i {
				t.Errorf("n=%d: message %d has index %d", n, i, msg.GetIndex())
			}
		}
		if i != n {
			t.Errorf("received %d messages, want %d", i, n)
		}
	}
}

func TestRaiseStreamBadCount(t *testing.T) {
	e := start(t)
	for _, n := range []int32{-1, playground.MaxStreamMessages + 1} {
		stream, err := e.client.RaiseStream(context.Background(), &playgroundv1.RaiseStreamRequest{Code: proto.String("000012"), MessagesBeforeError: proto.Int32(n)})
		if err == nil {
			_, err = stream.Recv()
		}
		if !errors.Is(err, codes.InvalidFieldValue) {
			t.Errorf("n=%d: got %v, want 000039", n, err)
		}
	}
}

// TestMisbehave checks each misbehaviour: the documented status, the cause
// logged on the server, and no trace of it in any byte the client received.
func TestMisbehave(t *testing.T) {
	tests := []struct {
		mode     string
		want     *errcat.Entry
		grpcCode grpccodes.Code
		logged   bool // logged with the secret under the request id sent
	}{
		{playground.ModePanic, codes.InternalServerError, grpccodes.Internal, true},
		{playground.ModeRawError, codes.InternalServerError, grpccodes.Internal, true},
		{playground.ModeWrapped, codes.ObjectNotFound, grpccodes.NotFound, false},
		{playground.ModeDeadline, codes.RequestDeadlineExceeded, grpccodes.DeadlineExceeded, false},
		{"no-such-mode", codes.InvalidFieldValue, grpccodes.InvalidArgument, false},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			e := start(t)
			_, err := e.client.Misbehave(context.Background(), &playgroundv1.MisbehaveRequest{Mode: proto.String(tt.mode)})
			got, ok := errcat.AsError(err)
			if !ok || !errors.Is(err, tt.want) || status.Code(err) != tt.grpcCode {
				t.Fatalf("got %v (%v), want %s %v", err, status.Code(err), tt.want.Reason(), tt.grpcCode)
			}
			if tt.logged {
				id := got.Details().RequestInfo.GetRequestId()
				if id == "" {
					t.Fatal("no correlation id in RequestInfo")
				}
				if log := e.log.String(); !strings.Contains(log, id) || !strings.Contains(log, playground.Secret) {
					t.Errorf("server log lacks the id %s or the cause:\n%s", id, log)
				}
			}
			if rcv := e.rec.received(t); bytes.Contains(rcv, []byte(playground.Secret)) || bytes.Contains(rcv, []byte("SECRET")) {
				t.Errorf("the secret reached the client:\n%q", rcv)
			}
			if strings.Contains(fmt.Sprint(got.GRPCStatus().Proto()), "SECRET") {
				t.Error("the secret is in the decoded status")
			}
		})
	}
}

// TestReflectionAndHealth: grpcurl and health checkers find what they need.
func TestReflectionAndHealth(t *testing.T) {
	e := start(t)
	ctx := context.Background()
	for _, svc := range []string{"", "errcat.playground.v1.PlaygroundService"} {
		resp, err := healthpb.NewHealthClient(e.conn).Check(ctx, &healthpb.HealthCheckRequest{Service: svc})
		if err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
			t.Errorf("health %q: %v %v", svc, resp, err)
		}
	}
	stream, err := reflectionpb.NewServerReflectionClient(e.conn).ServerReflectionInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_ListServices{}}); err != nil {
		t.Fatal(err)
	}
	resp, err := stream.Recv()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range resp.GetListServicesResponse().GetService() {
		names = append(names, s.GetName())
	}
	if list := strings.Join(names, " "); !strings.Contains(list, "errcat.playground.v1.PlaygroundService") || !strings.Contains(list, "grpc.health.v1.Health") {
		t.Errorf("reflection lists %s", list)
	}
	// The detail types must be resolvable too, for grpcurl -format-error.
	if err := stream.Send(&reflectionpb.ServerReflectionRequest{MessageRequest: &reflectionpb.ServerReflectionRequest_FileContainingSymbol{FileContainingSymbol: "google.rpc.ErrorInfo"}}); err != nil {
		t.Fatal(err)
	}
	if resp, err := stream.Recv(); err != nil || resp.GetErrorResponse() != nil {
		t.Errorf("reflection cannot resolve google.rpc.ErrorInfo: %v %v", resp.GetErrorResponse(), err)
	}
}
