// Package retry shows errcat's retry advice driving go-grpc-middleware's
// retry interceptor. It is its own module, so that go-grpc-middleware never
// enters errcat's go.mod.
//
// Chain the retry interceptor before (outside) the errcat client
// interceptors, so that its predicate sees typed errors, including the
// classified ones (a refused connection is API_UNREACHABLE, retryable):
//
//	conn, err := grpc.NewClient(addr,
//		grpc.WithChainUnaryInterceptor(
//			retry.UnaryClientInterceptor(
//				retry.WithMax(4),
//				retry.WithBackoff(retry.BackoffExponential(100*time.Millisecond)),
//				retry.WithRetriable(errcat.RetryableWithin(10*time.Second)),
//			),
//			interceptors.UnaryClient(),
//		),
//	)
//
// errcat.Retryable retries every error that carries retry advice;
// errcat.RetryableWithin(max) only those whose advised delay is at most
// max, because the middleware's backoff does not read google.rpc.RetryInfo:
// an error that asks for minutes (MAINTENANCE, METADATA_MODEL_UPDATED) goes
// back to the caller, who can tell the user when to try again
// (errcat.RetryDelay).
package retry
