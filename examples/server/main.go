// Command server serves the errcat playground: PlaygroundService behind the
// errcat server interceptors, with gRPC server reflection and the standard
// health service, so that any client, in any language, can test its decoding
// of errcat errors against it.
//
//	go run ./examples/server -addr 127.0.0.1:50051 -lang-default en-US
//
// Then, for instance:
//
//	grpcurl -plaintext -format-error -d '{"code":"000012","args":["order","42"]}' \
//	  127.0.0.1:50051 errcat.playground.v1.PlaygroundService/Raise
//
// It logs to stderr and stops gracefully on SIGINT or SIGTERM. See package
// playground for the contract.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/errcat/errcat/examples/server/playground"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		os.Exit(2)
	}
}

// run parses the flags, serves until ctx is done or a SIGINT/SIGTERM
// arrives, and stops gracefully.
func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:50051", "address to listen on (host:port; port 0 picks a free one)")
	lang := fs.String("lang-default", "en-US", "locale of LocalizedMessage when the caller asks for none (BCP 47; built in: en-US, de, vi)")
	grace := fs.Duration("grace", 10*time.Second, "how long calls in flight may run on after SIGINT/SIGTERM")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	loc, err := playground.NewLocalizer(*lang)
	if err != nil {
		return err
	}
	lis, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := playground.New(playground.Options{Logger: logger, Localizer: loc})

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(lis) }()
	logger.Info("playground serving", "addr", lis.Addr().String(), "lang_default", *lang, "locales", fmt.Sprint(loc.Tags()))

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	stop() // a second signal kills the process at once
	logger.Info("playground stopping", "grace", grace.String())
	sctx, cancel := context.WithTimeout(context.Background(), *grace)
	defer cancel()
	if err := srv.Stop(sctx); err != nil {
		logger.Warn("graceful stop timed out; remaining calls cancelled", "error", err)
	}
	if err := <-served; err != nil {
		return err
	}
	logger.Info("playground stopped")
	return nil
}
