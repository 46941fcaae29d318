package interceptors

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"syscall"

	grpccodes "google.golang.org/grpc/codes"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/internal/grpcstatus"
)

// Classify returns the typed error a client acts on for err, as the client
// interceptors do by default. It is usable without the interceptors, on an
// error from any gRPC call. It returns nil for nil and otherwise always an
// [*errcat.Error]:
//
//   - an error that decodes into a catalogue error ([errcat.FromError]: an
//     [*errcat.Error] in its chain, or a status with a google.rpc.ErrorInfo)
//     is returned decoded, unchanged. This includes statuses an errcat server
//     passed through (ErrorInfo of the runtime domain with the code's name
//     as reason): they are typed already;
//   - any other error becomes, with [errcat.Classified], an error of the
//     client catalogue (or the runtime catalogue for context errors), chosen
//     by the rules below; errors.Unwrap returns err and GRPCStatus the
//     original status.
func Classify(err error) error {
	if err == nil {
		return nil
	}
	if e, ok := errcat.FromError(err); ok && !passedThrough(e) {
		return e
	}
	return errcat.Classified(classifyEntry(err), err)
}

// classifyEntry returns the entry an error without a catalogue error is
// classified as. By its gRPC status code, if it carries a status:
//
//   - UNAVAILABLE (connection refused, DNS failure, no route, TLS handshake
//     failure, a proxy without a healthy backend: grpc-go reports them all
//     as UNAVAILABLE): codes.APIUnreachable;
//   - UNAUTHENTICATED: codes.AuthenticationFailed;
//   - NOT_FOUND and UNIMPLEMENTED: codes.NotFoundError;
//   - CANCELLED and DEADLINE_EXCEEDED: codes.RequestCancelled and
//     codes.RequestDeadlineExceeded of the runtime catalogue, the entries an errcat
//     server sends for the same conditions, so that a deadline is one typed
//     error whether it expired on the client or on the server;
//   - any other code: codes.UnknownError.
//
// An error without a status (from a custom dialer or transport) is
// classified by its chain: context.Canceled and context.DeadlineExceeded as
// above; network, DNS and TLS errors (net.Error, syscall.ECONNREFUSED and
// the like, x509 and TLS errors) as codes.APIUnreachable; anything else as
// codes.UnknownError.
func classifyEntry(err error) *errcat.Entry {
	if st := grpcstatus.Of(err); st != nil {
		return entryForCode(st.Code())
	}
	switch {
	case errors.Is(err, context.Canceled):
		return codes.RequestCancelled
	case errors.Is(err, context.DeadlineExceeded):
		return codes.RequestDeadlineExceeded
	case isNetworkError(err):
		return codes.APIUnreachable
	}
	return codes.UnknownError
}

func entryForCode(c grpccodes.Code) *errcat.Entry {
	switch c {
	case grpccodes.Unavailable:
		return codes.APIUnreachable
	case grpccodes.Unauthenticated:
		return codes.AuthenticationFailed
	case grpccodes.NotFound, grpccodes.Unimplemented:
		return codes.NotFoundError
	case grpccodes.Canceled:
		return codes.RequestCancelled
	case grpccodes.DeadlineExceeded:
		return codes.RequestDeadlineExceeded
	}
	return codes.UnknownError
}

// isNetworkError reports whether err says that the server could not be
// reached: a network, DNS or TLS failure.
func isNetworkError(err error) bool {
	var (
		netErr      net.Error
		recordErr   tls.RecordHeaderError
		alertErr    tls.AlertError
		verifyErr   *tls.CertificateVerificationError
		authority   x509.UnknownAuthorityError
		hostname    x509.HostnameError
		invalidCert x509.CertificateInvalidError
	)
	return errors.As(err, &netErr) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH) ||
		errors.As(err, &recordErr) || errors.As(err, &alertErr) || errors.As(err, &verifyErr) ||
		errors.As(err, &authority) || errors.As(err, &hostname) || errors.As(err, &invalidCert)
}
