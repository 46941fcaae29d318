// Command gateway serves the errcat playground over gRPC and, through
// grpc-gateway, over HTTP/JSON, with the error page under /ui/ and the
// demo's condition switches under /admin/ (package webui).
//
//	go run . -grpc-addr 127.0.0.1:50051 -http-addr 127.0.0.1:8080
//
// Errors are answered in the AIP-193 shape, {"error": {"code", "message",
// "status", "details": [...]}}, the details as protojson with "@type", with
// Retry-After and Content-Language. This error handler is a stand-in for
// the gateway module's own options until they land; the page depends only
// on the shape.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	rpccode "google.golang.org/genproto/googleapis/rpc/code"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/errcat/errcat/examples/gateway/webui"
	"github.com/errcat/errcat/examples/server/playground"
	gw "github.com/errcat/errcat/gateway/gen/errcat/playground/v1"
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

func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("gateway", flag.ContinueOnError)
	fs.SetOutput(stderr)
	grpcAddr := fs.String("grpc-addr", "127.0.0.1:50051", "gRPC address to listen on (port 0 picks a free one)")
	httpAddr := fs.String("http-addr", "127.0.0.1:8080", "HTTP address to listen on (port 0 picks a free one)")
	maintenanceRetry := fs.Duration("maintenance-retry", 0, "retry delay the maintenance gate sends (0: the catalogue's advice)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	conditions := webui.New(logger, *maintenanceRetry)
	srv, err := playground.Start(*grpcAddr, playground.Options{Logger: logger, GRPC: conditions.ServerOptions()})
	if err != nil {
		return err
	}
	stopGRPC := func() { _ = srv.Stop(context.Background()) }

	rest := runtime.NewServeMux(runtime.WithErrorHandler(aip193), runtime.WithIncomingHeaderMatcher(func(k string) (string, bool) {
		if md, ok := webui.IncomingHeader(k); ok {
			return md, true
		}
		return runtime.DefaultHeaderMatcher(k)
	}))
	if err := gw.RegisterPlaygroundServiceHandlerFromEndpoint(ctx, rest, srv.Addr(),
		[]grpc.DialOption{grpc.WithTransportCredentials(insecure.NewCredentials())}); err != nil {
		stopGRPC()
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/", rest)
	conditions.Register(mux)

	lis, err := net.Listen("tcp", *httpAddr)
	if err != nil {
		stopGRPC()
		return err
	}
	hs := &http.Server{Handler: conditions.FailingProxy(mux), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(lis) }()
	logger.Info("gateway serving", "grpc", srv.Addr(), "http", lis.Addr().String())
	logger.Info("ui serving", "url", "http://"+lis.Addr().String()+"/ui/")

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	select {
	case err := <-served:
		stopGRPC()
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = hs.Shutdown(sctx)
	return srv.Stop(sctx)
}

// aip193 writes a gRPC error as {"error": {...}} with Retry-After and
// Content-Language from its details.
func aip193(_ context.Context, _ *runtime.ServeMux, _ runtime.Marshaler, w http.ResponseWriter, _ *http.Request, err error) {
	st := status.Convert(err)
	p := st.Proto()
	details := make([]json.RawMessage, 0, len(p.GetDetails()))
	for _, a := range p.GetDetails() {
		b, err := protojson.Marshal(a)
		if err != nil {
			continue
		}
		details = append(details, b)
		headers(w, a)
	}
	code := runtime.HTTPStatusFromCode(st.Code())
	body, _ := json.Marshal(map[string]any{"error": map[string]any{
		"code": code, "message": p.GetMessage(), "status": rpccode.Code(st.Code()).String(), "details": details,
	}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_, _ = w.Write(body)
}

func headers(w http.ResponseWriter, a *anypb.Any) {
	m, err := a.UnmarshalNew()
	if err != nil {
		return
	}
	switch d := m.(type) {
	case *errdetails.RetryInfo:
		if s := d.GetRetryDelay().AsDuration().Seconds(); s > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int(s+0.999)))
		}
	case *errdetails.LocalizedMessage:
		w.Header().Set("Content-Language", d.GetLocale())
	}
}
