// Command logging shows errcat's fields in the log lines of
// go-grpc-middleware's logging interceptor: it serves the playground on
// 127.0.0.1 with the logging interceptor outside the errcat interceptors,
// calls it with a logging client, and prints every log line (JSON) of both
// sides to stdout.
//
//	go -C examples/logging run .
//
// A failed call's "finished call" lines carry errcat.reason, errcat.code,
// errcat.domain and errcat.request_id (ErrorFields); the server's lines also
// carry the x-request-id the client sent (RequestIDFields). For an internal
// error, errcat.request_id is the correlation id of errcat's own log line
// with the real cause.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/logging"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"

	"github.com/errcat/errcat/examples/server/playground"
	playgroundv1 "github.com/errcat/errcat/gen/errcat/playground/v1"
	"github.com/errcat/errcat/interceptors"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "logging:", err)
		os.Exit(1)
	}
}

// run serves, makes the demo calls and logs to w.
func run(ctx context.Context, w io.Writer) error {
	// go-grpc-middleware logs the client's expected failures (NOT_FOUND,
	// INVALID_ARGUMENT...) at debug level.
	logger := slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))

	srvLog := Logger(logger.With("side", "server"))
	srvOpts := []logging.Option{
		logging.WithLogOnEvents(logging.FinishCall),
		logging.WithErrorFields(ErrorFields),
		logging.WithFieldsFromContext(RequestIDFields),
	}
	errcatOpts := []interceptors.ServerOption{interceptors.WithLogger(logger.With("side", "server", "logger", "errcat"))}
	srv := grpc.NewServer(
		// The logging interceptor goes outside errcat's, so that it logs the
		// status the client gets.
		grpc.ChainUnaryInterceptor(logging.UnaryServerInterceptor(srvLog, srvOpts...), interceptors.UnaryServer(errcatOpts...)),
		grpc.ChainStreamInterceptor(logging.StreamServerInterceptor(srvLog, srvOpts...), interceptors.StreamServer(errcatOpts...)),
	)
	playground.Register(srv)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go func() { _ = srv.Serve(lis) }()
	defer srv.Stop()

	cliLog := Logger(logger.With("side", "client"))
	cliOpts := []logging.Option{logging.WithLogOnEvents(logging.FinishCall), logging.WithErrorFields(ErrorFields)}
	conn, err := grpc.NewClient(lis.Addr().String(),
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		// On the client too: outside errcat's, which decode the error.
		grpc.WithChainUnaryInterceptor(logging.UnaryClientInterceptor(cliLog, cliOpts...), interceptors.UnaryClient()),
		grpc.WithChainStreamInterceptor(logging.StreamClientInterceptor(cliLog, cliOpts...), interceptors.StreamClient()),
	)
	if err != nil {
		return err
	}
	defer conn.Close()
	client := playgroundv1.NewPlaygroundServiceClient(conn)

	// A catalogue error, with a request id.
	withID := metadata.AppendToOutgoingContext(ctx, "x-request-id", "req-42")
	if _, err := client.Raise(withID, &playgroundv1.RaiseRequest{Code: proto.String("000012"), Args: []string{"invoice", "INV-7"}}); err == nil {
		return fmt.Errorf("raise succeeded")
	}
	// A bug in a handler, without a request id: errcat logs the cause under
	// a correlation id, which the logging interceptor's lines carry.
	if _, err := client.Misbehave(ctx, &playgroundv1.MisbehaveRequest{Mode: proto.String(playground.ModeRawError)}); err == nil {
		return fmt.Errorf("misbehave succeeded")
	}
	// A stream that fails after two messages.
	stream, err := client.RaiseStream(withID, &playgroundv1.RaiseStreamRequest{
		Code: proto.String("000039"), Args: []string{"quantity"}, MessagesBeforeError: proto.Int32(2),
	})
	if err != nil {
		return err
	}
	for {
		if _, err := stream.Recv(); err != nil {
			break
		}
	}
	return nil
}
