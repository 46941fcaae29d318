package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	grpccodes "google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/examples/server/playground"
	playgroundv1 "github.com/errcat/errcat/gen/errcat/playground/v1"
)

// kind is one sort of call of the mix.
type kind int

const (
	kindRaise    kind = iota // Raise: a common catalogue entry with example args
	kindStream               // RaiseStream: 0-3 messages, then an entry
	kindOK                   // health Check: a success
	kindPanic                // Misbehave panic
	kindRaw                  // Misbehave raw_error
	kindWrapped              // Misbehave wrapped (a catalogue error under fmt.Errorf)
	kindDeadline             // Misbehave deadline
	kindUnknown              // Raise with a code no entry has
	kindBig                  // Raise with a 64 KiB argument (over the trailer budget)
	kindCount
)

var kindNames = [kindCount]string{"raise", "stream", "success", "panic", "raw error", "wrapped", "deadline", "unknown code", "big arg"}

func (k kind) String() string { return kindNames[k] }

// weights are the shares of the mix, in percent.
var weights = [kindCount]int{40, 15, 20, 8, 5, 4, 4, 2, 2}

// result is the outcome of one call.
type result struct {
	kind    kind
	latency time.Duration
	problem string // why the answer is not the one asked for; "" if it is
	done    bool   // the call was made
}

// mix makes the calls and checks their answers.
type mix struct {
	play    playgroundv1.PlaygroundServiceClient
	health  healthpb.HealthClient
	entries []*errcat.Entry
	seed    uint64
	big     string
	// logs counts the calls the server must log: panics, raw errors and
	// catalogue errors of non-retryable entries with a 5xx HTTP status.
	logs atomic.Int64
}

func newMix(conn *grpc.ClientConn, seed uint64) *mix {
	return &mix{
		play:    playgroundv1.NewPlaygroundServiceClient(conn),
		health:  healthpb.NewHealthClient(conn),
		entries: codes.CommonErrorCatalog.Entries(),
		seed:    seed,
		big:     strings.Repeat("€", 64<<10/3),
	}
}

// pick chooses the kind of call i, the same for a given seed.
func (m *mix) pick(i int) kind {
	r := int(splitmix(m.seed+uint64(i)) % 100)
	for k, w := range weights {
		if r < w {
			return kind(k)
		}
		r -= w
	}
	return kindOK
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

func exampleArgs(e *errcat.Entry) []string {
	var args []string
	for _, a := range e.ArgSpecs() {
		args = append(args, a.Example)
	}
	return args
}

// call makes call i of kind k and checks the answer.
func (m *mix) call(ctx context.Context, k kind, i int) result {
	ent := m.entries[i%len(m.entries)]
	began := time.Now()
	var err error
	var check func(err error) string
	switch k {
	case kindRaise:
		args := exampleArgs(ent)
		_, err = m.play.Raise(ctx, &playgroundv1.RaiseRequest{Code: proto.String(ent.Code()), Args: args})
		check = func(err error) string { return expect(err, ent, args) }
	case kindStream:
		args := exampleArgs(ent)
		before := i % 4
		var got int
		got, err = m.stream(ctx, ent.Code(), args, before)
		check = func(err error) string {
			if got != before {
				return fmt.Sprintf("%d messages before the error, want %d", got, before)
			}
			return expect(err, ent, args)
		}
	case kindOK:
		var resp *healthpb.HealthCheckResponse
		resp, err = m.health.Check(ctx, &healthpb.HealthCheckRequest{})
		check = func(err error) string {
			if err != nil || resp.GetStatus() != healthpb.HealthCheckResponse_SERVING {
				return fmt.Sprintf("health check: %v %v", resp.GetStatus(), err)
			}
			return ""
		}
	case kindPanic, kindRaw, kindWrapped, kindDeadline:
		mode := map[kind]string{kindPanic: playground.ModePanic, kindRaw: playground.ModeRawError,
			kindWrapped: playground.ModeWrapped, kindDeadline: playground.ModeDeadline}[k]
		_, err = m.play.Misbehave(ctx, &playgroundv1.MisbehaveRequest{Mode: proto.String(mode)})
		check = func(err error) string {
			switch k {
			case kindWrapped:
				return expect(err, codes.ObjectNotFound, []string{"order", "42"})
			case kindDeadline:
				return expect(err, codes.RequestDeadlineExceeded, nil)
			}
			if p := expect(err, codes.InternalServerError, nil); p != "" {
				return p
			}
			e, _ := errcat.FromError(err)
			if id := e.Details().RequestInfo.GetRequestId(); !correlationID.MatchString(id) {
				return fmt.Sprintf("correlation id %q", id)
			}
			return ""
		}
	case kindUnknown:
		_, err = m.play.Raise(ctx, &playgroundv1.RaiseRequest{Code: proto.String("999999")})
		check = func(err error) string {
			if p := expect(err, codes.InvalidParameterOrHeader, []string{`code "999999"`}); p != "" {
				return p
			}
			if _, ok := errcat.DetailAs[*errdetails.BadRequest](err); !ok {
				return "no BadRequest"
			}
			return ""
		}
	case kindBig:
		_, err = m.play.Raise(ctx, &playgroundv1.RaiseRequest{Code: proto.String(codes.ObjectNotFound.Code()), Args: []string{m.big, "42"}})
		check = func(err error) string {
			e, ok := errcat.FromError(err)
			if !ok {
				return fmt.Sprintf("not an errcat error: %v", err)
			}
			if p := expect(err, codes.ObjectNotFound, []string{e.Arg("object"), "42"}); p != "" {
				return p
			}
			if tr := e.Details().ErrorInfo.GetMetadata()[errcat.MetadataTruncatedKey]; tr != "object" ||
				!strings.HasPrefix(m.big, strings.TrimSuffix(e.Arg("object"), "…")) {
				return fmt.Sprintf("big argument: truncated %q, %d bytes arrived", tr, len(e.Arg("object")))
			}
			return ""
		}
	}
	lat := time.Since(began)
	if k == kindPanic || k == kindRaw || (k == kindRaise || k == kindStream) && ent.HTTPStatus() >= 500 && !ent.Retryable() {
		m.logs.Add(1)
	}
	return result{kind: k, latency: lat, problem: check(err), done: true}
}

// stream calls RaiseStream and counts the messages before the error.
func (m *mix) stream(ctx context.Context, code string, args []string, before int) (int, error) {
	cs, err := m.play.RaiseStream(ctx, &playgroundv1.RaiseStreamRequest{Code: proto.String(code), Args: args, MessagesBeforeError: proto.Int32(int32(before))})
	if err != nil {
		return 0, err
	}
	n := 0
	for {
		if _, err := cs.Recv(); err != nil {
			if errors.Is(err, io.EOF) {
				return n, errors.New("the stream ended without an error")
			}
			return n, err
		}
		n++
	}
}

var correlationID = regexp.MustCompile(`^[0-9a-f]{16}$`)

// expect checks that err is entry want with args: the typed error, its
// gRPC code, the ErrorInfo's reason, domain and numeric code, the
// arguments, and no internal text anywhere.
func expect(err error, want *errcat.Entry, args []string) string {
	e, ok := errcat.FromError(err)
	if !ok {
		return fmt.Sprintf("not an errcat error: %v", err)
	}
	info := e.Details().ErrorInfo
	switch {
	case !errors.Is(err, want) || e.Entry() != want:
		return fmt.Sprintf("got %s/%s, want %s/%s", e.Domain(), e.Reason(), want.Domain(), want.Reason())
	case status.Code(err) != want.GRPCCode():
		return fmt.Sprintf("gRPC code %v, want %v", status.Code(err), want.GRPCCode())
	case info.GetReason() != want.Reason() || info.GetDomain() != want.Domain() || info.GetMetadata()["code"] != want.Code():
		return fmt.Sprintf("ErrorInfo %s/%s %q", info.GetDomain(), info.GetReason(), info.GetMetadata()["code"])
	case fmt.Sprint(e.Args()) != fmt.Sprint(padArgs(args, len(want.ArgNames()))):
		return fmt.Sprintf("args %q, want %q", e.Args(), args)
	}
	if strings.Contains(err.Error(), playground.Secret) || strings.Contains(fmt.Sprint(e.GRPCStatus().Proto()), playground.Secret) {
		return "internal text reached the client"
	}
	if status.Code(err) == grpccodes.OK {
		return "OK status"
	}
	return ""
}

func padArgs(args []string, n int) []string {
	out := make([]string, n)
	copy(out, args)
	return out
}
