package benchmarks

import (
	"context"
	"errors"

	kerrors "github.com/go-kratos/kratos/v2/errors"
	"github.com/googleapis/gax-go/v2/apierror"
	"go.temporal.io/api/serviceerror"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
)

// WireBytes returns the value grpc-go sends as grpc-status-details-bin for
// st (before base64): the marshalled google.rpc.Status.
func WireBytes(st *status.Status) []byte {
	b, err := proto.Marshal(st.Proto())
	if err != nil {
		panic(err)
	}
	return b
}

// Received returns the error a grpc-go client returns for a call that ended
// with grpc-status-details-bin = wire: like grpc-go's transport, it
// unmarshals the bytes into a google.rpc.Status and wraps it as a status
// error.
func Received(wire []byte) error {
	p := new(spb.Status)
	if err := proto.Unmarshal(wire, p); err != nil {
		panic(err)
	}
	return status.ErrorProto(p)
}

// NotFound is the typed error the handwritten client decodes into.
type NotFound struct {
	Reason, Object, ID string
}

func (e *NotFound) Error() string { return e.Reason + ": " + e.Object + " " + e.ID }

// DecodeHandwritten is what a client writes without a library: the status
// of err, its decoded details, the first ErrorInfo, and a typed error built
// from its reason and metadata.
func DecodeHandwritten(err error) (reason, arg string) {
	st, ok := status.FromError(err)
	if !ok {
		return "", ""
	}
	for _, d := range st.Details() {
		if info, ok := d.(*errdetails.ErrorInfo); ok {
			md := info.GetMetadata()
			e := &NotFound{Reason: info.GetReason(), Object: md["object"], ID: md["id"]}
			return e.Reason, e.ID
		}
	}
	return "", ""
}

// errcatClient is the errcat client interceptor as a client installs it.
var errcatClient = interceptors.UnaryClient()

// DecodeErrcat is errcat's real client path: the client interceptor turns
// the received error into an *errcat.Error, whose reason and argument are
// then read.
func DecodeErrcat(received error) (reason, arg string) {
	e, ok := errcat.AsError(DecodeErrcatError(received))
	if !ok {
		return "", ""
	}
	return e.Reason(), e.Arg("id")
}

// DecodeErrcatError returns the error the errcat client interceptor returns
// to the caller for received.
func DecodeErrcatError(received error) error {
	return errcatClient(context.Background(), CallMethod, received, nil, nil, invokeFailed)
}

// invokeFailed is an invoker whose call failed with the error passed as its
// request (so that the benchmark loop does not allocate a closure).
func invokeFailed(_ context.Context, _ string, req, _ any, _ *grpc.ClientConn, _ ...grpc.CallOption) error {
	return req.(error)
}

// DecodeGax is googleapis/gax-go: apierror.FromError decodes every detail
// into its ErrDetails bag; Reason and Metadata read the ErrorInfo.
func DecodeGax(err error) (reason, arg string) {
	ae, ok := apierror.FromError(err)
	if !ok {
		return "", ""
	}
	return ae.Reason(), ae.Metadata()["id"]
}

// DecodeKratos is go-kratos: errors.FromError finds the ErrorInfo among the
// decoded details and returns a *errors.Error with its reason and metadata.
func DecodeKratos(err error) (reason, arg string) {
	e := kerrors.FromError(err)
	return e.Reason, e.Metadata["id"]
}

// DecodeTemporal is Temporal's client path (its SDK's error interceptor):
// serviceerror.FromStatus picks the typed error from the code and first
// detail. Temporal has no reason and no structured arguments: the type is
// the reason, and the arguments exist only inside the message, which is
// what is read.
func DecodeTemporal(err error) (reason, arg string) {
	var nf *serviceerror.NotFound
	if !errors.As(serviceerror.FromStatus(status.Convert(err)), &nf) {
		return "", ""
	}
	return "NotFound", nf.Message
}

// IsErrcat is how an errcat client tests a decoded error: errors.Is against
// the generated entry.
func IsErrcat(err error) bool { return errors.Is(err, codes.ObjectNotFound) }

// IsKratos is what protoc-gen-go-errors generates for the reason
// (IsObjectNotFound).
func IsKratos(err error) bool {
	if err == nil {
		return false
	}
	e := kerrors.FromError(err)
	return e.Reason == reasonObjectNotFound && e.Code == 404
}
