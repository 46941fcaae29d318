package interceptors_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/internal/testsrv"
)

// budgetSizes are the argument sizes, in bytes, of the trailer-budget tests.
var budgetSizes = []int{0, 1 << 10, 4 << 10, 7 << 10, 8 << 10, 16 << 10, 64 << 10, 1 << 20}

// budgetRunes fill the arguments: ASCII, and runes of 2, 3 and 4 bytes
// (which grpc-message percent-encodes to 6, 9 and 12 bytes), and a mix with
// a combining mark.
var budgetRunes = []string{"a", "é", "€", "😀", "x€😀\u0301é"}

// fill repeats r up to at most n bytes (whole runes only).
func fill(r string, n int) string {
	if n == 0 {
		return ""
	}
	s := strings.Repeat(r, n/len(r)+1)
	for len(s) > n {
		_, size := lastRune(s)
		s = s[:len(s)-size]
	}
	return s
}

func lastRune(s string) (rune, int) {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i]&0xC0 != 0x80 {
			return []rune(s[i:])[0], len(s) - i
		}
	}
	return 0, 1
}

// budgetCall is one way of failing a call with a given argument.
type budgetCall struct {
	name string
	call func(ctx context.Context, srv *testsrv.Server, arg string) error
}

// budgetCalls fail a unary call, and a server stream before and after
// sending messages (trailers-only response, and trailers after headers and
// data).
var budgetCalls = []budgetCall{
	{"unary", func(ctx context.Context, srv *testsrv.Server, arg string) error {
		_, err := srv.Unary(ctx, arg)
		return err
	}},
	{"stream-before", func(ctx context.Context, srv *testsrv.Server, arg string) error {
		_, err := srv.ServerStream(ctx, "0:"+arg)
		return err
	}},
	{"stream-after", func(ctx context.Context, srv *testsrv.Server, arg string) error {
		got, err := srv.ServerStream(ctx, "2:"+arg)
		if len(got) != 2 {
			return fmt.Errorf("%d messages before the error, want 2 (err %v)", len(got), err)
		}
		return err
	}},
}

// failingHandlers answer every call with the error fail builds from the
// request; server streams first send as many messages as the "<n>:" prefix
// of the request says.
func failingHandlers(fail func(ctx context.Context, arg string) error) testsrv.Handlers {
	return testsrv.Handlers{
		Unary: func(ctx context.Context, in string) (string, error) { return "", fail(ctx, in) },
		ServerStream: func(ctx context.Context, in string, send func(string) error) error {
			n, arg, _ := strings.Cut(in, ":")
			for range int(n[0] - '0') {
				if err := send("m"); err != nil {
					return err
				}
			}
			return fail(ctx, arg)
		},
	}
}

// TestTrailerBudgetOverRealConnections sends arguments from 0 bytes to
// 1 MiB to a client that accepts at most 8 KiB of headers: grpc-go would
// reset the stream for an oversized trailer block; errcat keeps it inside
// the budget, so the right code and ErrorInfo arrive every time, with
// shortened arguments marked in metadata "truncated".
func TestTrailerBudgetOverRealConnections(t *testing.T) {
	entries := []struct {
		ent  *errcat.Entry
		args func(arg string) []string
		tcp  bool // also over TCP
	}{
		{codes.ObjectNotFound, func(a string) []string { return []string{a, "42"} }, true},
		{codes.MissingPrivilege, func(a string) []string { return []string{a, a, a} }, false},
		{codes.InternalServerError, func(string) []string { return nil }, false},
	}
	for _, ec := range entries {
		for _, tcp := range []bool{false, true} {
			if tcp && !ec.tcp {
				continue
			}
			t.Run(ec.ent.Reason()+map[bool]string{false: "/bufconn", true: "/tcp"}[tcp], func(t *testing.T) {
				for _, size := range budgetSizes {
					// A server per size keeps the recording short to decode.
					srv := hardened(t, failingHandlers(func(ctx context.Context, arg string) error {
						return ec.ent.New(ec.args(arg)...)
					}), tcp, 0)
					for _, c := range budgetCalls {
						for _, r := range budgetRunes {
							arg := fill(r, size)
							what := fmt.Sprintf("%s %d bytes of %q", c.name, size, r)
							id := "req-" + strings.Repeat("i", 100)
							ctx := metadata.AppendToOutgoingContext(context.Background(), "x-request-id", id)
							err := c.call(ctx, srv, arg)
							got := mustErrcat(t, what, err, ec.ent)
							checkArgs(t, what, got, ec.args(arg))
							if got.Details().RequestInfo.GetRequestId() != id {
								t.Errorf("%s: RequestInfo %v dropped although it fits", what, got.Details().RequestInfo)
							}
							if n := lastTrailerSize(t, srv.Recorder()); n > clientHeaderLimit {
								t.Errorf("%s: trailer block of %d bytes", what, n)
							}
						}
					}
					srv.Stop()
				}
			})
		}
	}
}

// TestTrailerBudgetDropsDetailsInOrder attaches big details (a BadRequest
// with many violations, a custom detail) and a localizer answering huge
// messages: the code and ErrorInfo still arrive, the details that arrive
// are intact, and they are dropped in the documented order (a detail is
// kept only if every detail after it in that order is kept too).
func TestTrailerBudgetDropsDetailsInOrder(t *testing.T) {
	bigBadRequest := func(arg string) *errdetails.BadRequest {
		br := &errdetails.BadRequest{}
		for i := range 400 {
			br.FieldViolations = append(br.FieldViolations, &errdetails.BadRequest_FieldViolation{
				Field: fmt.Sprintf("items[%d].name", i), Description: "must not be empty " + arg[:min(len(arg), 16)],
			})
		}
		return br
	}
	smallBadRequest := &errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: "name", Description: "is empty"}}}
	for _, tc := range []struct {
		name      string
		details   func(arg string) []proto.Message
		localizer interceptors.Localizer
		// mustKeep lists details that fit in every case.
		mustKeep []string
	}{
		{"big BadRequest", func(arg string) []proto.Message {
			return []proto.Message{bigBadRequest(arg), wrapperspb.String("custom")}
		}, nil, []string{"google.rpc.RequestInfo"}},
		{"big custom detail", func(arg string) []proto.Message {
			return []proto.Message{smallBadRequest, wrapperspb.String(strings.Repeat("c", 20<<10) + arg)}
		}, nil, []string{"google.rpc.BadRequest", "google.rpc.RequestInfo"}},
		{"huge localized message", func(string) []proto.Message {
			return []proto.Message{smallBadRequest, &errdetails.ResourceInfo{ResourceType: "user", ResourceName: "users/42"}}
		}, hugeLocalizer{}, []string{"google.rpc.RequestInfo"}},
		{"everything", func(arg string) []proto.Message {
			return []proto.Message{bigBadRequest(arg), wrapperspb.String(arg),
				&errdetails.ResourceInfo{ResourceName: arg}, &errdetails.QuotaFailure{Violations: []*errdetails.QuotaFailure_Violation{{Subject: arg}}},
				&errdetails.PreconditionFailure{Violations: []*errdetails.PreconditionFailure_Violation{{Type: "TOS", Subject: arg}}},
				&errdetails.RetryInfo{}}
		}, hugeLocalizer{}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := []interceptors.ServerOption{}
			if tc.localizer != nil {
				opts = append(opts, interceptors.WithLocalizer(tc.localizer))
			}
			sent := map[string]proto.Message{}
			srv := hardened(t, failingHandlers(func(ctx context.Context, arg string) error {
				return codes.NewObjectNotFound(arg, "42").WithDetails(tc.details(arg)...)
			}), false, 0, opts...)
			for _, c := range budgetCalls {
				for _, size := range budgetSizes {
					arg := fill("€", size)
					for _, d := range tc.details(arg) {
						sent[string(d.ProtoReflect().Descriptor().FullName())] = d
					}
					what := fmt.Sprintf("%s %d bytes", c.name, size)
					ctx := metadata.AppendToOutgoingContext(context.Background(), "x-request-id", "r1")
					err := c.call(ctx, srv, arg)
					got := mustErrcat(t, what, err, codes.ObjectNotFound)
					checkArgs(t, what, got, []string{arg, "42"})
					checkDropOrder(t, what, got, sent, tc.mustKeep)
					if n := lastTrailerSize(t, srv.Recorder()); n > clientHeaderLimit {
						t.Errorf("%s: trailer block of %d bytes", what, n)
					}
				}
			}
		})
	}
}

// dropOrder is the documented order in which details are dropped (custom
// details stand for every type that is not a google.rpc one).
var dropOrder = []string{
	"google.rpc.DebugInfo", "custom", "google.rpc.Help", "google.rpc.LocalizedMessage", "google.rpc.BadRequest",
	"google.rpc.PreconditionFailure", "google.rpc.QuotaFailure", "google.rpc.ResourceInfo", "google.rpc.RequestInfo",
	"google.rpc.RetryInfo",
}

// checkDropOrder checks that the received details are intact copies of
// the attached ones, that the dropped ones form a prefix of dropOrder among
// those sent, and that mustKeep arrived.
func checkDropOrder(t *testing.T, what string, got *errcat.Error, sent map[string]proto.Message, mustKeep []string) {
	t.Helper()
	recv := map[string]bool{}
	d := got.Details()
	for _, m := range d.All() {
		name := string(m.ProtoReflect().Descriptor().FullName())
		if !strings.HasPrefix(name, "google.rpc.") {
			name = "custom"
		}
		recv[name] = true
		if want, ok := sent[string(m.ProtoReflect().Descriptor().FullName())]; ok && !proto.Equal(m, want) {
			t.Errorf("%s: %s arrived altered", what, name)
		}
	}
	if len(d.Unknown) > 0 {
		t.Errorf("%s: %d details failed to decode", what, len(d.Unknown))
	}
	keptFrom := -1 // dropOrder index of the first kept detail
	for i, name := range dropOrder {
		if recv[name] && keptFrom < 0 {
			keptFrom = i
		}
		if keptFrom >= 0 && i > keptFrom && !recv[name] && wasSent(name, sent) {
			t.Errorf("%s: %s dropped while %s (dropped earlier) was kept", what, name, dropOrder[keptFrom])
		}
	}
	for _, name := range mustKeep {
		if !recv[name] {
			t.Errorf("%s: %s dropped although it always fits", what, name)
		}
	}
}

func wasSent(name string, sent map[string]proto.Message) bool {
	switch name {
	case "google.rpc.Help", "google.rpc.LocalizedMessage", "google.rpc.RequestInfo", "google.rpc.RetryInfo":
		return false // set by errcat itself for some entries and calls only
	case "custom":
		for n := range sent {
			if !strings.HasPrefix(n, "google.rpc.") {
				return true
			}
		}
		return false
	}
	_, ok := sent[name]
	return ok
}

// hugeLocalizer answers a localized message of 40 KiB of multi-byte text.
type hugeLocalizer struct{}

func (hugeLocalizer) Localize(ctx context.Context, e *errcat.Error) errcat.Localized {
	return errcat.Localized{Locale: "x-huge", Message: strings.Repeat("Ünicode ", 5<<10) + e.Message()}
}

// TestTrailerBudgetLeavesRoomForHandlerTrailers: trailers the handler sets
// itself (grpc.SetTrailer) count against the client's limit too; the
// reserve errcat keeps free covers a few hundred bytes of them.
func TestTrailerBudgetLeavesRoomForHandlerTrailers(t *testing.T) {
	trailer := metadata.Pairs("x-trace-id", strings.Repeat("t", 128), "x-server-timing", strings.Repeat("s", 128))
	srv := hardened(t, testsrv.Handlers{
		Unary: func(ctx context.Context, in string) (string, error) {
			if err := grpc.SetTrailer(ctx, trailer); err != nil {
				return "", err
			}
			return "", codes.NewObjectNotFound(in, in)
		},
		ServerStream: func(ctx context.Context, in string, send func(string) error) error {
			if err := grpc.SetTrailer(ctx, trailer); err != nil {
				return err
			}
			return codes.NewObjectNotFound(in, in)
		},
	}, false, 0)
	for _, size := range budgetSizes {
		arg := fill("😀", size)
		ctx := context.Background()
		var md metadata.MD
		_, err := srv.Unary(ctx, arg, grpc.Trailer(&md))
		got := mustErrcat(t, fmt.Sprintf("unary %d", size), err, codes.ObjectNotFound)
		checkArgs(t, "unary", got, []string{arg, arg})
		if md.Get("x-trace-id") == nil {
			t.Errorf("unary %d: the handler's trailer was lost", size)
		}
		_, err = srv.ServerStream(ctx, arg)
		mustErrcat(t, fmt.Sprintf("stream %d", size), err, codes.ObjectNotFound)
	}
}

// TestConfiguredTrailerBudget: with WithTrailerBudget(4096), a client
// limited to 4 KiB gets every error too.
func TestConfiguredTrailerBudget(t *testing.T) {
	srv := hardened(t, failingHandlers(func(ctx context.Context, arg string) error {
		return codes.NewMissingPrivilege(arg, arg, arg).WithDetails(wrapperspb.String(arg))
	}), false, 4<<10, interceptors.WithTrailerBudget(4<<10), interceptors.WithLocalizer(hugeLocalizer{}))
	for _, c := range budgetCalls {
		for _, size := range budgetSizes {
			arg := fill("é", size)
			what := fmt.Sprintf("%s %d bytes", c.name, size)
			got := mustErrcat(t, what, c.call(context.Background(), srv, arg), codes.MissingPrivilege)
			checkArgs(t, what, got, []string{arg, arg, arg})
			if n := lastTrailerSize(t, srv.Recorder()); n > 4<<10 {
				t.Errorf("%s: trailer block of %d bytes", what, n)
			}
		}
	}
}

// TestTrailerBudgetPassThrough: a status the handler built itself, with a
// huge message, huge details and an ErrorInfo of its own with huge
// metadata, is cut to the budget too: the code and an ErrorInfo arrive.
func TestTrailerBudgetPassThrough(t *testing.T) {
	srv := hardened(t, failingHandlers(func(ctx context.Context, arg string) error {
		st, err := status.New(grpccodes.NotFound, "no such user "+arg).WithDetails(
			&errdetails.ResourceInfo{ResourceName: arg},
			&errdetails.ErrorInfo{Reason: "USER_NOT_FOUND", Domain: "users.example.com", Metadata: map[string]string{"user": arg, "code": "U1"}},
			&errdetails.DebugInfo{Detail: arg})
		if err != nil {
			return err
		}
		return st.Err()
	}), false, 0)
	for _, c := range budgetCalls {
		for _, size := range budgetSizes {
			arg := fill("€", size)
			what := fmt.Sprintf("%s %d bytes", c.name, size)
			err := c.call(context.Background(), srv, arg)
			e := mustErrcat(t, what, err, nil)
			if status.Code(err) != grpccodes.NotFound || e.Reason() != "USER_NOT_FOUND" || e.Domain() != "users.example.com" || e.Code() != "U1" {
				t.Errorf("%s: got %v %s/%s %q", what, status.Code(err), e.Domain(), e.Reason(), e.Code())
			}
			user := e.Arg("user")
			if tr := e.Details().ErrorInfo.GetMetadata()[errcat.MetadataTruncatedKey]; user != arg && (tr != "user" || !strings.HasPrefix(arg, strings.TrimSuffix(user, "…"))) {
				t.Errorf("%s: user %d bytes arrived, truncated %q", what, len(user), tr)
			}
			if n := lastTrailerSize(t, srv.Recorder()); n > clientHeaderLimit {
				t.Errorf("%s: trailer block of %d bytes", what, n)
			}
		}
	}
}
