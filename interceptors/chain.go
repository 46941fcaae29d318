package interceptors

import "google.golang.org/grpc"

// ServerPair is a unary and a stream server interceptor configured together:
// [*Server] and the NewServer values of the gate packages (maintenance,
// modelversion, notfoundmask).
type ServerPair interface {
	Unary() grpc.UnaryServerInterceptor
	Stream() grpc.StreamServerInterceptor
}

// ClientPair is a unary and a stream client interceptor configured together:
// [*Client] and modelversion's NewClient value.
type ClientPair interface {
	Unary() grpc.UnaryClientInterceptor
	Stream() grpc.StreamClientInterceptor
}

// ChainServer returns the grpc.NewServer options that chain the pairs, the
// first outermost, for unary and stream calls alike. Put the errcat
// [*Server] first, so that the gates' errors are encoded like a handler's:
//
//	srv := grpc.NewServer(interceptors.ChainServer(
//		interceptors.NewServer(interceptors.WithLogger(logger)),
//		maintenance.NewServer(gate, maintenance.WithRetryDelay(30*time.Second)),
//	)...)
func ChainServer(pairs ...ServerPair) []grpc.ServerOption {
	unary := make([]grpc.UnaryServerInterceptor, len(pairs))
	stream := make([]grpc.StreamServerInterceptor, len(pairs))
	for i, p := range pairs {
		unary[i], stream[i] = p.Unary(), p.Stream()
	}
	return []grpc.ServerOption{grpc.ChainUnaryInterceptor(unary...), grpc.ChainStreamInterceptor(stream...)}
}

// ChainClient returns the grpc.NewClient options that chain the pairs, the
// first outermost, for unary and stream calls alike:
//
//	conn, err := grpc.NewClient(addr, append(interceptors.ChainClient(
//		interceptors.NewClient(),
//		modelversion.NewClient(version.Load),
//	), grpc.WithTransportCredentials(creds))...)
func ChainClient(pairs ...ClientPair) []grpc.DialOption {
	unary := make([]grpc.UnaryClientInterceptor, len(pairs))
	stream := make([]grpc.StreamClientInterceptor, len(pairs))
	for i, p := range pairs {
		unary[i], stream[i] = p.Unary(), p.Stream()
	}
	return []grpc.DialOption{grpc.WithChainUnaryInterceptor(unary...), grpc.WithChainStreamInterceptor(stream...)}
}
