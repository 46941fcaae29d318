package benchmarks

import (
	"context"
	"fmt"
	"log/slog"

	kerrors "github.com/go-kratos/kratos/v2/errors"
	"go.temporal.io/api/serviceerror"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/protoadapt"

	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
)

// The handler's arguments are variables, as they are at run time (constant
// strings would let the compiler skip allocations no real handler avoids).
var object, id = Object, ID

// EncodeHandwritten is what a handler writes without a library to send the
// same status as errcat: status.New with the rendered message, then
// WithDetails with ErrorInfo (reason, domain, metadata code/object/id),
// Help (the entry's two resolution steps, linking the documentation) and
// RequestInfo (the incoming request id).
func EncodeHandwritten(ctx context.Context) *status.Status {
	st := status.New(grpccodes.NotFound, fmt.Sprintf(messageFmt, object, id))
	details := make([]protoadapt.MessageV1, 0, 3)
	details = append(details,
		&errdetails.ErrorInfo{Reason: reason, Domain: domain, Metadata: map[string]string{
			"code": code, "object": object, "id": id,
		}},
		&errdetails.Help{Links: []*errdetails.Help_Link{
			{Description: fmt.Sprintf(helpWithArg, id), Url: docURL},
			{Description: helpStatic, Url: docURL},
		}},
	)
	if v := metadata.ValueFromIncomingContext(ctx, RequestIDKey); len(v) > 0 {
		details = append(details, &errdetails.RequestInfo{RequestId: v[0]})
	}
	st, err := st.WithDetails(details...)
	if err != nil {
		panic(err)
	}
	return st
}

// errcatServer is the errcat server interceptor as a service installs it
// (default options; logs discarded).
var errcatServer = interceptors.UnaryServer(interceptors.WithLogger(slog.New(slog.DiscardHandler)))

var encodeInfo = &grpc.UnaryServerInfo{FullMethod: CallMethod}

func errcatHandler(context.Context, any) (any, error) {
	return nil, codes.NewObjectNotFound(object, id)
}

// EncodeErrcat is errcat's real conversion path: a handler returns
// codes.NewObjectNotFound(object, id), the errcat server interceptor turns
// it into the error grpc-go sends, and grpc-go takes its status (as its
// server does with status.FromError).
func EncodeErrcat(ctx context.Context) *status.Status {
	_, err := errcatServer(ctx, nil, encodeInfo, errcatHandler)
	st, _ := status.FromError(err)
	return st
}

// reasonObjectNotFound stands for the generated enum's String(): kratos's
// generated constructors call ErrorReason_OBJECT_NOT_FOUND.String().
const reasonObjectNotFound = reason

// kratosObjectNotFound is what protoc-gen-go-errors generates for an
// ErrorReason value with (errors.code) = 404.
func kratosObjectNotFound(format string, args ...any) *kerrors.Error {
	return kerrors.New(404, reasonObjectNotFound, fmt.Sprintf(format, args...))
}

// EncodeKratos is go-kratos: the generated constructor, the arguments as
// ErrorInfo metadata (WithMetadata), and the status grpc-go takes from the
// error's GRPCStatus method. Kratos sends ErrorInfo only (no domain, no
// Help, no RequestInfo): the closest content it has.
func EncodeKratos(context.Context) *status.Status {
	err := kratosObjectNotFound(messageFmt, object, id).WithMetadata(map[string]string{
		"object": object, "id": id,
	})
	st, _ := status.FromError(err)
	return st
}

// EncodeTemporal is Temporal's serviceerror: a typed NotFound error with
// the rendered message, converted with serviceerror.ToStatus as Temporal's
// server does. Temporal has no arguments or reasons on the wire: its
// status carries the message and a NotFoundFailure detail.
func EncodeTemporal(context.Context) *status.Status {
	return serviceerror.ToStatus(serviceerror.NewNotFoundf(messageFmt, object, id))
}
