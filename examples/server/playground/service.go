package playground

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	playgroundv1 "github.com/errcat/errcat/gen/errcat/playground/v1"
)

// Secret is the marker every misbehaviour puts in its internal error text
// (panic value, raw error, wrapping text). No client may ever receive it.
const Secret = "SECRET-do-not-leak"

// MaxStreamMessages is the largest messages_before_error RaiseStream accepts.
const MaxStreamMessages = 10000

// The Misbehave modes.
const (
	ModePanic    = "panic"
	ModeRawError = "raw_error"
	ModeWrapped  = "wrapped"
	ModeDeadline = "deadline"
)

// Modes lists the Misbehave modes, in documentation order.
var Modes = []string{ModePanic, ModeRawError, ModeWrapped, ModeDeadline}

// Service implements playgroundv1.PlaygroundServiceServer. Its zero value is
// ready to use and safe for concurrent use.
type Service struct {
	playgroundv1.UnimplementedPlaygroundServiceServer
}

var _ playgroundv1.PlaygroundServiceServer = Service{}

// Register registers the playground service (only) on s.
func Register(s grpc.ServiceRegistrar) {
	playgroundv1.RegisterPlaygroundServiceServer(s, Service{})
}

// Raise always fails: with Error(code, args).
func (Service) Raise(_ context.Context, req *playgroundv1.RaiseRequest) (*playgroundv1.RaiseResponse, error) {
	return nil, Error(req.GetCode(), req.GetArgs())
}

// RaiseStream sends messages_before_error messages, then fails like Raise.
func (Service) RaiseStream(req *playgroundv1.RaiseStreamRequest, stream grpc.ServerStreamingServer[playgroundv1.RaiseStreamResponse]) error {
	n := req.GetMessagesBeforeError()
	if n < 0 || n > MaxStreamMessages {
		return codes.NewInvalidFieldValue("messages_before_error").WithDetails(&errdetails.BadRequest{
			FieldViolations: []*errdetails.BadRequest_FieldViolation{{
				Field:       "messages_before_error",
				Description: fmt.Sprintf("must be between 0 and %d, got %d", MaxStreamMessages, n),
			}},
		})
	}
	for i := range n {
		if err := stream.Send(&playgroundv1.RaiseStreamResponse{Index: proto.Int32(i)}); err != nil {
			return err
		}
	}
	return Error(req.GetCode(), req.GetArgs())
}

// Misbehave fails the way a buggy handler would; see the package
// documentation for the modes.
func (Service) Misbehave(ctx context.Context, req *playgroundv1.MisbehaveRequest) (*playgroundv1.MisbehaveResponse, error) {
	switch req.GetMode() {
	case ModePanic:
		panic("nil map write in order cache (" + Secret + ")")
	case ModeRawError:
		return nil, errors.New("connecting to db-primary:5432 as admin/" + Secret + ": connection refused")
	case ModeWrapped:
		return nil, fmt.Errorf("loading order 42 from shard 7 (%s): %w", Secret, codes.NewObjectNotFound("order", "42"))
	case ModeDeadline:
		return nil, fmt.Errorf("calling inventory at 10.0.0.7 (%s): %w", Secret, context.DeadlineExceeded)
	}
	return nil, codes.NewInvalidFieldValue("mode").WithDetails(&errdetails.BadRequest{
		FieldViolations: []*errdetails.BadRequest_FieldViolation{{
			Field:       "mode",
			Description: fmt.Sprintf("unknown mode %s; want one of %q", strconv.Quote(req.GetMode()), Modes),
		}},
	})
}

// Error returns the error Raise sends: the common catalogue entry with the
// given numeric code, args bound positionally (see errcat.Entry.New), or,
// for an unknown code, 000036 (INVALID_PARAMETER_OR_HEADER) naming it.
func Error(code string, args []string) *errcat.Error {
	if e := codes.CommonErrorCatalog.ByCode(code); e != nil {
		return e.New(args...)
	}
	return UnknownCode(code)
}

// UnknownCode returns the error Raise sends for a code no entry has: 000036
// with the argument `code "<code>"` and a BadRequest field violation on
// "code".
func UnknownCode(code string) *errcat.Error {
	q := strconv.Quote(code)
	return codes.NewInvalidParameterOrHeader("code " + q).WithDetails(&errdetails.BadRequest{
		FieldViolations: []*errdetails.BadRequest_FieldViolation{{
			Field:       "code",
			Description: "no entry of the common catalogue (" + codes.CommonErrorCatalog.Domain() + ") has the code " + q,
		}},
	})
}
