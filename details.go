package errcat

import (
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/known/anypb"
)

// Details are the details of a status, decoded. Each standard type appears
// at most once (the first one received wins; later duplicates go to Other).
// Accessors of the generated types are nil-safe, so
//
//	err.Details().RetryInfo.GetRetryDelay()
//
// never panics. The messages are shared: treat them as read-only.
type Details struct {
	ErrorInfo           *errdetails.ErrorInfo
	RetryInfo           *errdetails.RetryInfo
	DebugInfo           *errdetails.DebugInfo
	QuotaFailure        *errdetails.QuotaFailure
	PreconditionFailure *errdetails.PreconditionFailure
	BadRequest          *errdetails.BadRequest
	RequestInfo         *errdetails.RequestInfo
	ResourceInfo        *errdetails.ResourceInfo
	Help                *errdetails.Help
	LocalizedMessage    *errdetails.LocalizedMessage
	// Other holds decoded details of any other type linked into the
	// program (custom details), in order.
	Other []proto.Message
	// Unknown holds details whose type is not linked into the program, or
	// that failed to decode, exactly as received.
	Unknown []*anypb.Any
}

// Details returns the decoded details of e: as received for an error
// decoded from the wire (decoded on first use), or as [Error.GRPCStatus]
// would send them. The result is shared and must not be modified.
func (e *Error) Details() *Details {
	e.once.Do(func() {
		raw := e.wireRaw
		if raw == nil {
			raw = e.StatusProto(StatusOptions{})
		}
		e.details = decodeDetails(raw)
	})
	return e.details
}

// DetailAs returns the first detail of type T carried by err (an [*Error]
// anywhere in its chain), standard or custom.
func DetailAs[T proto.Message](err error) (T, bool) {
	var zero T
	e, ok := AsError(err)
	if !ok {
		return zero, false
	}
	for _, m := range e.Details().All() {
		if t, ok := m.(T); ok {
			return t, true
		}
	}
	return zero, false
}

// All lists every decoded detail, standard ones first, then Other; the
// Unknown ones are left out. The slice is new; the messages are shared.
func (d *Details) All() []proto.Message {
	var out []proto.Message
	for _, m := range []proto.Message{d.ErrorInfo, d.RetryInfo, d.DebugInfo, d.QuotaFailure, d.PreconditionFailure,
		d.BadRequest, d.RequestInfo, d.ResourceInfo, d.Help, d.LocalizedMessage} {
		if m != nil && m.ProtoReflect().IsValid() {
			out = append(out, m)
		}
	}
	return append(out, d.Other...)
}

func decodeDetails(st *spb.Status) *Details {
	d := &Details{}
	for _, a := range st.GetDetails() {
		mt, err := protoregistry.GlobalTypes.FindMessageByURL(a.GetTypeUrl())
		if err != nil {
			d.Unknown = append(d.Unknown, a)
			continue
		}
		m := mt.New().Interface()
		if err := proto.Unmarshal(a.GetValue(), m); err != nil {
			d.Unknown = append(d.Unknown, a)
			continue
		}
		if !d.set(m) {
			d.Other = append(d.Other, m)
		}
	}
	return d
}

// set stores m in its standard slot if the slot is free.
func (d *Details) set(m proto.Message) bool {
	switch v := m.(type) {
	case *errdetails.ErrorInfo:
		return setOnce(&d.ErrorInfo, v)
	case *errdetails.RetryInfo:
		return setOnce(&d.RetryInfo, v)
	case *errdetails.DebugInfo:
		return setOnce(&d.DebugInfo, v)
	case *errdetails.QuotaFailure:
		return setOnce(&d.QuotaFailure, v)
	case *errdetails.PreconditionFailure:
		return setOnce(&d.PreconditionFailure, v)
	case *errdetails.BadRequest:
		return setOnce(&d.BadRequest, v)
	case *errdetails.RequestInfo:
		return setOnce(&d.RequestInfo, v)
	case *errdetails.ResourceInfo:
		return setOnce(&d.ResourceInfo, v)
	case *errdetails.Help:
		return setOnce(&d.Help, v)
	case *errdetails.LocalizedMessage:
		return setOnce(&d.LocalizedMessage, v)
	}
	return false
}

func setOnce[T any](slot **T, v *T) bool {
	if *slot != nil {
		return false
	}
	*slot = v
	return true
}
