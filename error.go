package errcat

import (
	"errors"
	"sync"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// Error is an occurrence of a catalogue entry: the entry, its arguments, the
// details a handler attached and, on the server, the internal cause.
//
// An Error is immutable: the With methods return modified copies, so a value
// can be shared between goroutines and stored in package variables.
//
// On a server, return it from a handler (directly or wrapped with %w); the
// errcat server interceptors send it as a google.rpc.Status. On a client,
// [FromError] and the client interceptors produce it from a received status;
// [Error.GRPCStatus] then returns the status exactly as received.
type Error struct {
	entry *Entry
	args  []string
	extra []proto.Message // details attached by the handler, at most one per type
	cause error           // never sent
	// droppedArgs counts the arguments beyond MaxExtraArgs New dropped.
	droppedArgs int

	// Set on errors decoded from the wire.
	wire    *status.Status // as received, for re-emission
	wireRaw *spb.Status    // its proto (a private copy), parsed lazily

	once    sync.Once
	details *Details
}

// Entry returns the catalogue entry. For an error decoded from a reason no
// registered catalogue knows, it is a stand-in entry (Known reports false)
// carrying the domain, reason, code and message received.
func (e *Error) Entry() *Entry { return e.entry }

// Known reports whether the error belongs to a registered catalogue.
func (e *Error) Known() bool { return e.entry.catalog.registered }

// Domain returns the ErrorInfo domain.
func (e *Error) Domain() string { return e.entry.catalog.spec.Domain }

// Reason returns the ErrorInfo reason.
func (e *Error) Reason() string { return e.entry.spec.Reason }

// Code returns the numeric code ("000012"), or "" if none was received.
func (e *Error) Code() string { return e.entry.spec.Code }

// GRPCCode returns the gRPC status code: for an error decoded from the
// wire, the code received, which may differ from the entry's (see
// [FromStatus]).
func (e *Error) GRPCCode() codes.Code {
	if e.wire != nil {
		return e.wire.Code()
	}
	return e.entry.spec.GRPCCode
}

// Args returns the arguments in placeholder order. The slice is a copy.
func (e *Error) Args() []string { return append([]string(nil), e.args...) }

// Arg returns the argument with the given name, or "".
func (e *Error) Arg(name string) string {
	for i, n := range e.entry.argNames {
		if n == name && i < len(e.args) {
			return e.args[i]
		}
	}
	return ""
}

// Message returns the English message: the rendered template, or the
// message received on the wire.
func (e *Error) Message() string {
	if e.wire != nil {
		return e.wire.Message()
	}
	return e.entry.message.render(e.args)
}

// Error returns "<reason> (<code>): <message>". It never includes the cause,
// so that logging or re-sending Error() cannot leak internal details.
func (e *Error) Error() string {
	code := e.Code()
	if code == "" {
		return e.Reason() + ": " + e.Message()
	}
	return e.Reason() + " (" + code + "): " + e.Message()
}

// Unwrap returns the internal cause given to [Error.WithCause], if any.
func (e *Error) Unwrap() error { return e.cause }

// Is reports whether target is the same entry: an [*Entry] or an [*Error]
// with the same domain and reason.
func (e *Error) Is(target error) bool {
	switch t := target.(type) {
	case *Entry:
		return t == e.entry || t.spec.Reason == e.entry.spec.Reason && t.catalog.spec.Domain == e.entry.catalog.spec.Domain
	case *Error:
		return t.entry == e.entry || t.entry.spec.Reason == e.entry.spec.Reason && t.entry.catalog.spec.Domain == e.entry.catalog.spec.Domain
	}
	return false
}

// Retryable reports whether the call may be retried: the error carries
// RetryInfo (received or attached), or its entry has retry advice.
func (e *Error) Retryable() bool { return e.RetryDelay() > 0 }

// RetryDelay returns the delay from RetryInfo if present (received or
// attached), else the entry's advice; zero means not retryable. A RetryInfo
// without a positive delay still says "retry" (1ns), and no delay is longer
// than [MaxRetryDelay].
func (e *Error) RetryDelay() time.Duration {
	if e.wire != nil {
		if ri := e.Details().RetryInfo; ri != nil {
			return retryDelayOf(ri)
		}
		return 0
	}
	for _, m := range e.extra {
		if ri, ok := m.(*errdetails.RetryInfo); ok {
			return retryDelayOf(ri)
		}
	}
	return min(e.entry.spec.RetryDelay, MaxRetryDelay)
}

// WithCause returns a copy of e that keeps cause for logs and errors.Unwrap.
// The cause is never sent to the client.
func (e *Error) WithCause(cause error) *Error {
	c := e.clone()
	c.cause = cause
	return c
}

// WithDetails returns a copy of e with extra details to send, such as
// *errdetails.BadRequest, *errdetails.ResourceInfo, *errdetails.QuotaFailure,
// *errdetails.PreconditionFailure, *errdetails.RetryInfo (overrides the
// entry's advice) or any message of the user's own. A detail replaces an
// earlier one of the same type; ErrorInfo is always errcat's own and an
// attached one is ignored.
func (e *Error) WithDetails(details ...proto.Message) *Error {
	c := e.clone()
	for _, d := range details {
		if d == nil {
			continue
		}
		name := d.ProtoReflect().Descriptor().FullName()
		if name == typeErrorInfo {
			continue
		}
		replaced := false
		for i, old := range c.extra {
			if old.ProtoReflect().Descriptor().FullName() == name {
				c.extra[i] = d
				replaced = true
			}
		}
		if !replaced {
			c.extra = append(c.extra, d)
		}
	}
	return c
}

// clone copies e without its decoded-wire state: a modified error is a new
// server-side error.
func (e *Error) clone() *Error {
	return &Error{
		entry: e.entry,
		args:  e.args,
		extra: append([]proto.Message(nil), e.extra...),
		cause: e.cause,

		droppedArgs: e.droppedArgs,
	}
}

// AsError finds the first *Error in err's chain.
func AsError(err error) (*Error, bool) {
	// Fast paths, without errors.As's reflection and allocation: err is an
	// *Error, or has no chain to search (no Unwrap or As method).
	switch t := err.(type) {
	case *Error:
		return t, true
	case interface{ Unwrap() error }, interface{ Unwrap() []error }, interface{ As(any) bool }:
	default:
		return nil, false
	}
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
