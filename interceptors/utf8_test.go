//lint:file-ignore SA1019 rawCall needs x/net/http2's h2c client: net/http's cannot send the invalid header bytes the tests need.

package interceptors_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/http2"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/structpb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/internal/testsrv"
)

// bad is a string that is not UTF-8: a stray continuation byte, a cut
// three-byte rune and an invalid byte.
const bad = "a\x80b\xe2\x82c\xff"

// TestInvalidUTF8ArrivesRepaired: invalid UTF-8 in arguments, a passed-
// through status message, field violations, custom details and a localized
// message would make grpc-go drop every detail (it cannot marshal the
// status); errcat repairs each string with U+FFFD, so all details arrive.
func TestInvalidUTF8ArrivesRepaired(t *testing.T) {
	cases := []struct {
		name      string
		err       func() error
		localizer interceptors.Localizer
		want      *errcat.Entry // nil: passed through (NOT_FOUND of the runtime domain), classified on the client
		check     func(t *testing.T, what string, e *errcat.Error)
	}{
		{"args", func() error { return codes.NewObjectNotFound(bad, "4\xc32") }, nil, codes.ObjectNotFound,
			func(t *testing.T, what string, e *errcat.Error) {
				if e.Arg("object") != repaired(bad) || e.Arg("id") != repaired("4\xc32") {
					t.Errorf("%s: args %q", what, e.Args())
				}
				if e.Message() != codes.ObjectNotFound.Message(repaired(bad), repaired("4\xc32")) {
					t.Errorf("%s: message %q", what, e.Message())
				}
			}},
		{"pass-through message", func() error {
			st, _ := status.New(grpccodes.NotFound, "no such user "+bad).WithDetails(&errdetails.ResourceInfo{ResourceType: "user", ResourceName: "users/42"})
			return st.Err()
		}, nil, nil, func(t *testing.T, what string, e *errcat.Error) {
			// Classified on the client; the status as sent carries the repair.
			if e.GRPCStatus().Message() != "no such user "+repaired(bad) || e.Details().ErrorInfo.GetReason() != "NOT_FOUND" {
				t.Errorf("%s: %s %q", what, e.Details().ErrorInfo.GetReason(), e.GRPCStatus().Message())
			}
			if e.Details().ResourceInfo.GetResourceName() != "users/42" {
				t.Errorf("%s: the passed-through ResourceInfo was lost", what)
			}
		}},
		{"field violations", func() error {
			return codes.NewInvalidRequest().WithDetails(&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{
				{Field: "name" + bad, Description: bad, Reason: "R" + bad},
				{Field: "ok", Description: "fine"},
			}})
		}, nil, codes.InvalidRequest, func(t *testing.T, what string, e *errcat.Error) {
			v := e.Details().BadRequest.GetFieldViolations()
			if len(v) != 2 || v[0].GetField() != "name"+repaired(bad) || v[0].GetDescription() != repaired(bad) ||
				v[0].GetReason() != "R"+repaired(bad) || v[1].GetField() != "ok" {
				t.Errorf("%s: violations %v", what, v)
			}
		}},
		{"custom details", func() error {
			return codes.NewFeatureDisabled().WithDetails(wrapperspb.String(bad), &structpb.Struct{Fields: map[string]*structpb.Value{
				"key" + bad: structpb.NewStringValue(bad),
				"list":      structpb.NewListValue(&structpb.ListValue{Values: []*structpb.Value{structpb.NewStringValue(bad)}}),
			}})
		}, nil, codes.FeatureDisabled, func(t *testing.T, what string, e *errcat.Error) {
			sv, ok1 := errcat.DetailAs[*wrapperspb.StringValue](e)
			s, ok2 := errcat.DetailAs[*structpb.Struct](e)
			if !ok1 || !ok2 {
				t.Fatalf("%s: custom details lost: %v", what, e.Details().Other)
			}
			if sv.GetValue() != repaired(bad) || s.GetFields()["key"+repaired(bad)].GetStringValue() != repaired(bad) ||
				s.GetFields()["list"].GetListValue().GetValues()[0].GetStringValue() != repaired(bad) {
				t.Errorf("%s: custom details %v %v", what, sv, s)
			}
		}},
		{"localized message", func() error { return codes.NewObjectNotFound("user", "42") }, badLocalizer{}, codes.ObjectNotFound,
			func(t *testing.T, what string, e *errcat.Error) {
				lm := e.Details().LocalizedMessage
				if lm.GetLocale() != "de-"+repaired(bad) || lm.GetMessage() != "Nicht gefunden: "+repaired(bad) {
					t.Errorf("%s: localized message %v", what, lm)
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var opts []interceptors.ServerOption
			if c.localizer != nil {
				opts = append(opts, interceptors.WithLocalizer(c.localizer))
			}
			srv := hardened(t, failingHandlers(func(context.Context, string) error { return c.err() }), false, 0, opts...)
			for _, call := range budgetCalls {
				what := c.name + " " + call.name
				err := call.call(context.Background(), srv, "x")
				e := mustErrcat(t, what, err, c.want)
				if c.want == nil && (e.Details().ErrorInfo.GetDomain() != codes.RuntimeErrorCatalog.Domain() || status.Code(err) != grpccodes.NotFound) {
					t.Errorf("%s: got %s/%s %v", what, e.Details().ErrorInfo.GetDomain(), e.Details().ErrorInfo.GetReason(), status.Code(err))
				}
				c.check(t, what, e)
				st := wireStatus(t, srv.Recorder())
				checkAllValid(t, what, st)
			}
		})
	}
}

type badLocalizer struct{}

func (badLocalizer) Localize(context.Context, *errcat.Error) errcat.Localized {
	return errcat.Localized{Locale: "de-" + bad, Message: "Nicht gefunden: " + bad}
}

func repaired(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

// checkAllValid walks every string of the status and of each detail a
// protobuf runtime can decode: all valid UTF-8 (a detail that does not
// decode would fail the test).
func checkAllValid(t *testing.T, what string, st *spb.Status) {
	t.Helper()
	if !utf8.ValidString(st.GetMessage()) {
		t.Errorf("%s: message is not UTF-8", what)
	}
	for _, a := range st.GetDetails() {
		m, err := a.UnmarshalNew()
		if err != nil {
			t.Errorf("%s: detail %s does not decode: %v", what, a.GetTypeUrl(), err)
			continue
		}
		walkStrings(m.ProtoReflect(), func(s string) {
			if !utf8.ValidString(s) {
				t.Errorf("%s: %s holds invalid UTF-8 %q", what, a.GetTypeUrl(), s)
			}
		})
	}
}

func walkStrings(m protoreflect.Message, f func(string)) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList():
			for i := 0; i < v.List().Len(); i++ {
				visitValue(fd, v.List().Get(i), f)
			}
		case fd.IsMap():
			v.Map().Range(func(k protoreflect.MapKey, mv protoreflect.Value) bool {
				f(k.String())
				visitValue(fd.MapValue(), mv, f)
				return true
			})
		default:
			visitValue(fd, v, f)
		}
		return true
	})
}

func visitValue(fd protoreflect.FieldDescriptor, v protoreflect.Value, f func(string)) {
	switch fd.Kind() {
	case protoreflect.StringKind:
		f(v.String())
	case protoreflect.MessageKind, protoreflect.GroupKind:
		walkStrings(v.Message(), f)
	}
}

// TestInvalidUTF8RequestID sends an x-request-id with bytes that are not
// UTF-8 (grpc-go clients refuse to, other clients and proxies do not) from
// a raw HTTP/2 client: the RequestInfo, and every other detail, arrive
// with the id repaired, also for a logged internal error and a panic.
func TestInvalidUTF8RequestID(t *testing.T) {
	logs := &logRecords{}
	srv := hardened(t, testsrv.Handlers{
		Unary: func(ctx context.Context, in string) (string, error) {
			switch in {
			case "internal":
				return "", fmt.Errorf("db down")
			case "panic":
				panic("boom")
			}
			return "", codes.NewObjectNotFound("user", in)
		},
	}, true, 0, interceptors.WithLogger(slogLogger(logs)))
	id := "req-" + bad + "x" + strings.Repeat("€", 60) // also cut inside a rune at 128 bytes
	for _, in := range []string{"42", "internal", "panic"} {
		st := rawCall(t, srv.Addr, "/errcat.test.Test/Unary", in, map[string]string{"x-request-id": id})
		var info *errdetails.ErrorInfo
		var req *errdetails.RequestInfo
		for _, a := range st.GetDetails() {
			m, err := a.UnmarshalNew()
			if err != nil {
				t.Fatalf("%s: detail %s does not decode: %v", in, a.GetTypeUrl(), err)
			}
			switch m := m.(type) {
			case *errdetails.ErrorInfo:
				info = m
			case *errdetails.RequestInfo:
				req = m
			}
		}
		if info == nil || req == nil {
			t.Fatalf("%s: ErrorInfo %v, RequestInfo %v", in, info, req)
		}
		// #16: an id outside the request-id policy is never echoed; a
		// generated one replaces it (the expectation changed with #16).
		got := req.GetRequestId()
		if !utf8.ValidString(got) || strings.Contains(got, "req-") || len(got) != 16 {
			t.Errorf("%s: request id %q, want a generated one", in, got)
		}
		checkAllValid(t, in, st)
	}
	if n := len(logs.all()); n != 2 {
		t.Errorf("%d log records for the internal error and the panic, want 2", n)
	}
	for _, r := range logs.all() {
		if !strings.HasPrefix(r["incoming_request_id"], "req-") {
			t.Errorf("log record without the incoming id: %v", r)
		}
	}
}

// rawCall makes a unary call with a plain HTTP/2 client (no gRPC-Go
// metadata validation) and returns the status from its trailers.
func rawCall(t *testing.T, addr, method, in string, headers map[string]string) *spb.Status {
	t.Helper()
	tr := &http2.Transport{
		AllowHTTP: true,
		DialTLSContext: func(ctx context.Context, network, addr string, _ *tls.Config) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
	}
	defer tr.CloseIdleConnections()
	msg, err := proto.Marshal(wrapperspb.String(in))
	if err != nil {
		t.Fatal(err)
	}
	body := make([]byte, 5, 5+len(msg))
	binary.BigEndian.PutUint32(body[1:], uint32(len(msg)))
	body = append(body, msg...)
	req, err := http.NewRequest(http.MethodPost, "http://"+addr+method, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("content-type", "application/grpc")
	req.Header.Set("te", "trailers")
	for k, v := range headers {
		req.Header[http.CanonicalHeaderKey(k)] = []string{v}
	}
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatal(err)
	}
	h := resp.Trailer
	if h.Get("grpc-status") == "" { // trailers-only response
		h = resp.Header
	}
	raw, err := base64.RawStdEncoding.DecodeString(h.Get("grpc-status-details-bin"))
	if err != nil {
		t.Fatalf("grpc-status-details-bin: %v (headers %v)", err, h)
	}
	st := &spb.Status{}
	if err := proto.Unmarshal(raw, st); err != nil {
		t.Fatal(err)
	}
	return st
}
