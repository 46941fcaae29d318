// Package benchmarks measures errcat against the ways Go services already
// send and read rich gRPC errors: statuses written by hand with
// status.New(...).WithDetails(...), go-kratos errors, Temporal serviceerror
// and googleapis/gax-go apierror.
//
// It is its own module so that the peers' libraries never enter errcat's
// go.mod. Every benchmark does the same work for every contender: a handler's
// "object not found" error with two arguments (the common catalogue's
// OBJECT_NOT_FOUND entry), sent with the same details errcat sends
// (ErrorInfo with metadata, Help links, RequestInfo). Run
//
//	go test -run '^$' -bench . -benchmem -count=10
//
// or ./run.sh for benchstat tables and the target check (see README.md).
//
// The non-test files hold what the benchmarks share with programs that load
// a real server: the scenario ([Object], [ID], [RequestID]), each
// contender's encoder and decoder, and a one-method gRPC service ([Start]).
package benchmarks
