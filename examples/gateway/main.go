// Command gateway serves the errcat playground over gRPC and, through
// grpc-gateway with errcat's error handlers (package gateway), over
// HTTP/JSON:
//
//	go -C examples/gateway run . -grpc-addr 127.0.0.1:50051 -http-addr 127.0.0.1:8080 [-direct]
//
// By default the gateway reaches the service through a gRPC connection to
// -grpc-addr, where the errcat server interceptors run; with -direct it
// calls the service in process (no gRPC hop) and applies the same rules
// itself. The gRPC address serves gRPC clients in both modes. Routes:
//
//	GET  /v1/errors/{code}?args=…&args=…                      Raise
//	GET  /v1/errors/{code}:stream?args=…&messages_before_error=N  RaiseStream
//	GET  /v1/errors/{code}/after/{messages_before_error}:stream  RaiseStream
//	POST /v1/misbehave  {"mode": "panic|raw_error|wrapped|deadline"}  Misbehave
//
// For instance:
//
//	curl -s -H 'Accept-Language: de' 'http://127.0.0.1:8080/v1/errors/000012?args=order&args=42'
//
// The error page is served under /ui/ and the demo's condition switches
// under /admin/ (ui.go, package webui). It logs one line with both
// addresses once serving, and stops gracefully on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gateway:", err)
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		os.Exit(2)
	}
}

// run parses the flags, serves until ctx is done or a SIGINT/SIGTERM
// arrives, and stops gracefully.
func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("gateway", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c Config
	fs.StringVar(&c.GRPCAddr, "grpc-addr", "127.0.0.1:50051", "gRPC address to listen on (host:port; port 0 picks a free one)")
	fs.StringVar(&c.HTTPAddr, "http-addr", "127.0.0.1:8080", "HTTP address to listen on (host:port; port 0 picks a free one)")
	fs.BoolVar(&c.Direct, "direct", false, "register the service in the gateway directly instead of through a gRPC connection")
	fs.StringVar(&c.LangDefault, "lang-default", "en-US", "locale of LocalizedMessage when the caller asks for none (BCP 47; built in: en-US, de, vi)")
	fs.Int64Var(&c.MaxBodyBytes, "max-body-bytes", 0, "largest request body accepted (0: 4 MiB)")
	fs.DurationVar(&c.MaintenanceRetry, "maintenance-retry", 0, "retry delay the demo's maintenance gate sends (0: the catalogue's advice)")
	grace := fs.Duration("grace", 10*time.Second, "how long calls in flight may run on after SIGINT/SIGTERM")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	c.Logger = slog.New(slog.NewTextHandler(stderr, nil))

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	a, err := Start(ctx, c)
	if err != nil {
		return err
	}
	c.Logger.Info("gateway serving", "grpc_addr", a.GRPCAddr, "http_addr", a.HTTPAddr, "mode", a.Mode())
	for _, h := range servingHooks {
		h(a)
	}

	select {
	case err := <-a.served:
		a.served <- err // Stop collects it
	case <-ctx.Done():
	}
	stop() // a second signal kills the process at once
	c.Logger.Info("gateway stopping", "grace", grace.String())
	sctx, cancel := context.WithTimeout(context.Background(), *grace)
	defer cancel()
	if err := a.Stop(sctx); err != nil {
		return err
	}
	c.Logger.Info("gateway stopped")
	return nil
}
