package benchmarks

import (
	"context"

	"google.golang.org/grpc/metadata"

	"github.com/errcat/errcat/codes"
)

// The scenario every contender encodes and decodes: OBJECT_NOT_FOUND
// ("Unable to locate {object} with id {id}.") for a project with id 42, on a
// call that carries a request id.
const (
	Object    = "project"
	ID        = "42"
	RequestID = "8f14e45f-ceea-467f-a9f0-5b2c1f1b6a3e"
	// RequestIDKey is the incoming metadata key of the request id (the
	// errcat server interceptor's default).
	RequestIDKey = "x-request-id"
)

// The static parts of the entry, as a hand-writer would spell them out in
// constants.
const (
	reason      = "OBJECT_NOT_FOUND"
	domain      = "errcat.dev"
	code        = "000012"
	messageFmt  = "Unable to locate %s with id %s."
	helpStatic  = "Ensure the resource has not been deleted."
	helpWithArg = "Verify that the ID %s is correct."
)

// docURL is the entry's documentation URL (errcat expands it from the
// catalogue's template once, at registration).
var docURL = codes.ObjectNotFound.DocURL()

// IncomingContext returns a server-side context whose incoming metadata
// carries [RequestID], as a handler sees it.
func IncomingContext() context.Context {
	return metadata.NewIncomingContext(context.Background(), metadata.Pairs(RequestIDKey, RequestID))
}
