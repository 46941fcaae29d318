// Package errcat is the runtime of errcat: error catalogues defined once in
// Protobuf, sent as rich google.rpc.Status values and decoded back into typed
// Go errors.
//
// A catalogue is an enum annotated with errcat options (see
// proto/errcat/v1/options.proto). protoc-gen-errcat turns it into a Go
// package that registers a [Catalog] at init and exposes one [*Entry] per
// error together with a typed constructor:
//
//	return nil, codes.NewObjectNotFound("user", id) // *errcat.Error
//
// On the client, [FromError] (or the client interceptors of package
// interceptors) turns a received error back into an [*Error], so that
//
//	errors.Is(err, codes.ObjectNotFound)
//
// works across the wire.
package errcat

// SupportPackageIsVersion1 is referenced by generated code to assert at
// compile time that it is used with a compatible runtime.
const SupportPackageIsVersion1 = true
