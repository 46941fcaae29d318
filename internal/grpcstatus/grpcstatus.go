// Package grpcstatus is the one definition of "the status an error
// carries", shared by the root package, the interceptors and the gates.
package grpcstatus

import (
	"errors"

	"google.golang.org/grpc/status"
)

type carrier = interface{ GRPCStatus() *status.Status }

// Of returns the gRPC status err carries: its own (checked first, without
// errors.As's reflection and allocation, since what a client receives is
// usually the status error itself) or that of the first error in its chain
// with a GRPCStatus method. It returns nil for nil, for errors without
// one, and when that method returns nil. The status may be OK.
func Of(err error) *status.Status {
	if err == nil {
		return nil
	}
	gs, ok := err.(carrier)
	if !ok && !errors.As(err, &gs) {
		return nil
	}
	return gs.GRPCStatus()
}
