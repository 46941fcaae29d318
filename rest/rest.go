// Package rest decodes errcat errors from HTTP/JSON responses: the Google
// HTTP error format of AIP-193 that errcat's gateway module (and Google's
// REST APIs) write,
//
//	{"error": {"code": 404, "message": "...", "status": "NOT_FOUND", "details": [{"@type": ...}, ...]}}
//
// into an *errcat.Error, as the client interceptors do for gRPC. It needs
// no grpc-gateway: only protojson.
//
//	resp, err := http.Get(url)
//	...
//	if resp.StatusCode >= 400 {
//		e, err := rest.FromResponse(resp)
//		if err == nil && errors.Is(e, codes.ObjectNotFound) { ... }
//	}
package rest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	rpccode "google.golang.org/genproto/googleapis/rpc/code"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/errcat/errcat"
)

// MaxBodyBytes is the most FromResponse reads of a body: 1 MiB.
const MaxBodyBytes = 1 << 20

// ErrNoError reports a body that is not an AIP-193 error: not JSON, no
// "error" object, or no google.rpc.ErrorInfo among its details.
var ErrNoError = errors.New("rest: not an errcat error body")

// FromResponse reads resp's body (at most [MaxBodyBytes]; it does not close
// it) and decodes it with [Decode].
func FromResponse(resp *http.Response) (*errcat.Error, error) {
	if resp == nil || resp.Body == nil {
		return nil, fmt.Errorf("%w: no response body", ErrNoError)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxBodyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("rest: reading the body: %w", err)
	}
	if len(b) > MaxBodyBytes {
		return nil, fmt.Errorf("%w: body over %d bytes", ErrNoError, MaxBodyBytes)
	}
	return Decode(resp.StatusCode, b)
}

type body struct {
	Error *struct {
		Code    int               `json:"code"`
		Message string            `json:"message"`
		Status  string            `json:"status"`
		Details []json.RawMessage `json:"details"`
	} `json:"error"`
}

// Decode decodes an AIP-193 error body received with HTTP status
// httpStatus. The gRPC code comes from "status" (a google.rpc.Code name),
// or, when that is missing or unknown, from httpStatus by the canonical
// mapping. Each detail is decoded by its "@type" among the types linked
// into the program; details of other types are left out. The error is then
// decoded by [errcat.FromStatus]: its entry, arguments and details, with
// errors.Is and Retryable working as for a gRPC error, and GRPCStatus the
// status rebuilt from the body.
//
// A body that is not an AIP-193 error or carries no ErrorInfo gives an
// error wrapping [ErrNoError]. Decode never panics.
func Decode(httpStatus int, data []byte) (*errcat.Error, error) {
	var b body
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoError, err)
	}
	if b.Error == nil {
		return nil, fmt.Errorf("%w: no \"error\" object", ErrNoError)
	}
	code, ok := rpccode.Code_value[b.Error.Status]
	if !ok || code == 0 {
		code = int32(fromHTTP(httpStatus))
	}
	st := &spb.Status{Code: code, Message: b.Error.Message}
	for _, raw := range b.Error.Details {
		a := &anypb.Any{}
		if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(raw, a); err != nil {
			continue
		}
		st.Details = append(st.Details, a)
	}
	e, ok := errcat.FromStatus(status.FromProto(st))
	if !ok {
		return nil, fmt.Errorf("%w: no google.rpc.ErrorInfo in the details", ErrNoError)
	}
	return e, nil
}

// fromHTTP is the canonical mapping of an HTTP status to a google.rpc.Code
// (google/rpc/code.proto).
func fromHTTP(s int) rpccode.Code {
	switch s {
	case http.StatusBadRequest:
		return rpccode.Code_INVALID_ARGUMENT
	case http.StatusUnauthorized:
		return rpccode.Code_UNAUTHENTICATED
	case http.StatusForbidden:
		return rpccode.Code_PERMISSION_DENIED
	case http.StatusNotFound:
		return rpccode.Code_NOT_FOUND
	case http.StatusConflict:
		return rpccode.Code_ABORTED
	case http.StatusTooManyRequests:
		return rpccode.Code_RESOURCE_EXHAUSTED
	case 499:
		return rpccode.Code_CANCELLED
	case http.StatusNotImplemented:
		return rpccode.Code_UNIMPLEMENTED
	case http.StatusServiceUnavailable:
		return rpccode.Code_UNAVAILABLE
	case http.StatusGatewayTimeout:
		return rpccode.Code_DEADLINE_EXCEEDED
	}
	if s >= 400 && s < 500 {
		return rpccode.Code_FAILED_PRECONDITION
	}
	return rpccode.Code_UNKNOWN
}
