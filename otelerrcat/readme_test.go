package otelerrcat_test

import (
	"log/slog"
	"os"
	"testing"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/otelerrcat"
)

// readmeSetup is the README's "Observability" snippet, as code (errcat's
// TestReadmeSnippets checks the README against it).
func readmeSetup(addr string) (*grpc.Server, *grpc.ClientConn, error) {
	logger := slog.New(otelerrcat.LogHandler(slog.NewJSONHandler(os.Stderr, nil)))
	srv := grpc.NewServer(append(interceptors.ChainServer(
		otelerrcat.NewServer(), // outside errcat's, so that it sees what the client gets
		interceptors.NewServer(interceptors.WithLogger(logger)),
	), grpc.StatsHandler(otelgrpc.NewServerHandler()))...)

	conn, err := grpc.NewClient(addr, append(interceptors.ChainClient(
		otelerrcat.NewClient(),
		interceptors.NewClient(),
	), grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithStatsHandler(otelerrcat.ClientHandler(otelgrpc.NewClientHandler())))...)
	return srv, conn, err
}

func TestReadmeSetup(t *testing.T) {
	srv, conn, err := readmeSetup("127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
	srv.Stop()
}
