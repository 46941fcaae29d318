package errcat_test

import (
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/errcat/errcat/i18n"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/interceptors/maintenance"
)

// The README's "Register the interceptors", "Localization" and gate
// snippets, as code (TestReadmeSnippets checks the README against it).
func Example_readmeServers() {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	gate := maintenance.NewGate(maintenance.Serving)
	serve := func(srv *grpc.Server) string {
		lis, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			panic(err)
		}
		go srv.Serve(lis)
		return lis.Addr().String()
	}
	{
		lis, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			panic(err)
		}
		addr := lis.Addr().String()
		srv := grpc.NewServer(interceptors.ChainServer(
			interceptors.NewServer(interceptors.WithLogger(logger)), // unary and stream, options given once
		)...)
		conn, err := grpc.NewClient(addr, append(interceptors.ChainClient(interceptors.NewClient()),
			grpc.WithTransportCredentials(insecure.NewCredentials()))...)
		fmt.Println("client:", err)
		go srv.Serve(lis)
		conn.Close()
		srv.Stop()
	}
	{
		bundle := i18n.Default() // errcat's own translations
		srv := grpc.NewServer(interceptors.ChainServer(interceptors.NewServer(interceptors.WithLocalizer(bundle)))...)
		serve(srv)
		srv.Stop()
	}
	{
		srv := grpc.NewServer(interceptors.ChainServer(
			interceptors.NewServer(interceptors.WithLogger(logger)),
			maintenance.NewServer(gate, maintenance.WithRetryDelay(30*time.Second)),
		)...)
		serve(srv)
		srv.Stop()
	}
	// Output:
	// client: <nil>
}
