// Package maintenance is a server gate that turns calls away while the
// server is not serving: starting, draining or in a maintenance window.
//
// A [Gate] is an atomic switch the application flips ([Gate.Set]); it can
// drive the gRPC health service too ([Gate.LinkHealth]), so that load
// balancers and orchestrators see the same state. While the gate is not
// [Serving], every call fails with the client catalogue's MAINTENANCE error
// (codes.Maintenance: gRPC UNAVAILABLE, with a google.rpc.RetryInfo), except
// the allow-listed methods: the health service and server reflection by
// default, more with [WithAllowed].
//
// Put the gate after the errcat server interceptors, so that its error is
// encoded like any other (request id, localized message):
//
//	gate := maintenance.NewGate(maintenance.Starting)
//	hs := health.NewServer()
//	gate.LinkHealth(hs, "") // the whole server: NOT_SERVING until Serving
//	srv := grpc.NewServer(interceptors.ChainServer(
//		interceptors.NewServer(),
//		maintenance.NewServer(gate, maintenance.WithRetryDelay(30*time.Second)),
//	)...)
//	healthpb.RegisterHealthServer(srv, hs)
//	// ... load caches, run migrations ...
//	gate.Set(maintenance.Serving)
//	// on SIGTERM:
//	gate.Set(maintenance.Draining)
//	srv.GracefulStop()
//
// [NewServer] gives the unary and the stream interceptor the same options;
// [UnaryServer] and [StreamServer] build one of them.
//
// Calls already running when the gate closes run to their end: the gate
// only turns new calls away. On the OK path (gate open) the interceptors do
// not allocate.
package maintenance
