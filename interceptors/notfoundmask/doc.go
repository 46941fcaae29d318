// Package notfoundmask hides from users what they may not see.
//
// A method that answers PERMISSION_DENIED for a resource the caller may not
// access, and NOT_FOUND for one that does not exist, tells an attacker which
// resources exist. On the methods chosen with [WithMethods] (all methods by
// default), the interceptors of this package turn both into one error, the
// common catalogue's RESOURCE_NOT_FOUND (codes.ResourceNotFound, gRPC
// NOT_FOUND), so that the two cannot be told apart:
//
//   - an [*errcat.Error] whose gRPC code is PERMISSION_DENIED or NOT_FOUND
//     (codes.MissingPrivilege, codes.ObjectNotFound...), wrapped or not;
//   - an error carrying a plain gRPC status with either code.
//
// The original error is kept as the cause of the new one (errors.Unwrap on
// the server, logs) and never sent. Other errors, and successes, pass
// unchanged; the OK path does not allocate.
//
// Put the interceptors after the errcat server interceptors, so that the
// masked error is encoded like any other:
//
//	srv := grpc.NewServer(interceptors.ChainServer(
//		interceptors.NewServer(),
//		notfoundmask.NewServer(notfoundmask.WithMethods("/shop.v1.Orders/")),
//	)...)
//
// [NewServer] gives the unary and the stream interceptor the same options;
// [UnaryServer] and [StreamServer] build one of them.
package notfoundmask
