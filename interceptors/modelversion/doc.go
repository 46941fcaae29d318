// Package modelversion keeps clients and server on the same metadata model.
//
// An application whose clients load a metadata model (a schema, a form
// definition, a configuration) from the server must stop them from acting
// on a stale one. The client sends the version of the model it was built
// against in a metadata header ("x-model-version" by default; the client
// interceptors of this package attach it). The server holds its current
// version in a [Model], and its interceptors fail a call with the client
// catalogue's METADATA_MODEL_UPDATED (codes.MetadataModelUpdated: gRPC
// ABORTED) when:
//
//   - the client's version is older than the server's (or not a number):
//     the client must reload the model, then redo what it was doing;
//   - the model is being reconfigured ([Model.BeginReconfigure]) and the
//     method is a write ([WithWrites]): the server is read-only until
//     [Model.EndReconfigure]; reads pass, and changes are not saved.
//
// The error carries a google.rpc.PreconditionFailure saying which of the
// two happened (violation type "MODEL_VERSION" or "READ_ONLY") and the
// catalogue's RetryInfo.
//
//	model := modelversion.NewModel(7)
//	srv := grpc.NewServer(interceptors.ChainServer(
//		interceptors.NewServer(),
//		modelversion.NewServer(model, modelversion.WithWrites("/shop.v1.Catalog/UpdateItem")),
//	)...)
//	// an administrator changes the model:
//	model.BeginReconfigure()
//	// ... apply the changes ...
//	model.EndReconfigure(8)
//
// and on the client:
//
//	var version atomic.Uint64 // updated when the client (re)loads the model
//	conn, err := grpc.NewClient(addr, append(interceptors.ChainClient(
//		interceptors.NewClient(),
//		modelversion.NewClient(version.Load),
//	), grpc.WithTransportCredentials(creds))...)
//
// [NewServer] and [NewClient] give the unary and the stream interceptor the
// same options; [UnaryServer], [StreamServer], [UnaryClient] and
// [StreamClient] build one of them.
//
// Calls without the header pass (clients that do not use the model), unless
// [WithRequired] is set. A client newer than the server (a replica not yet
// updated) passes too. On the OK path the server interceptors allocate once
// per call when the header is present: grpc-go copies the header's values.
package modelversion
