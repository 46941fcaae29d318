package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/errcat/errcat/examples/server/playground"
	"github.com/errcat/errcat/gateway"
	playgroundgw "github.com/errcat/errcat/gateway/gen/errcat/playground/v1"
	playgroundv1 "github.com/errcat/errcat/gen/errcat/playground/v1"
	"github.com/errcat/errcat/interceptors"
)

// Config says how to start an [App].
type Config struct {
	GRPCAddr string // host:port of the gRPC server (port 0 picks one)
	HTTPAddr string // host:port of the HTTP server (port 0 picks one)
	// Direct registers the playground service in the gateway directly
	// (RegisterPlaygroundServiceHandlerServer) instead of through a gRPC
	// connection to GRPCAddr. The gRPC server serves in both modes.
	Direct bool
	// MaintenanceRetry is the retry delay the demo's maintenance gate sends
	// (0: the catalogue's advice; see ui.go).
	MaintenanceRetry time.Duration
	// LangDefault is the locale of LocalizedMessage when the caller asks for
	// none ("" means en-US).
	LangDefault string
	// MaxBodyBytes is the request body limit (0: gateway.DefaultMaxBodyBytes).
	MaxBodyBytes int64
	Logger       *slog.Logger
}

// App is the running example: the playground's gRPC server and, in front of
// it, an HTTP server whose handler is Mux, where "/" is the grpc-gateway mux.
//
// Other files of this package extend it through [configureHooks] (options,
// before anything is built), [mountHooks] (routes on Mux, such as /ui/,
// /admin/ or /metrics, and wrappers of Handler, before serving) and
// [servingHooks] (once both addresses serve).
type App struct {
	Config Config
	Logger *slog.Logger

	// Options the configure hooks may extend; they are used as the servers
	// are built.
	InterceptorOptions []interceptors.ServerOption
	GRPCOptions        []grpc.ServerOption
	GatewayOptions     []gateway.Option

	// Built by Start before the mount hooks run.
	Interceptors *interceptors.Server // the playground's errcat server interceptors
	GRPC         *playground.Server
	Gateway      *runtime.ServeMux
	Mux          *http.ServeMux
	// Handler is what the HTTP server serves: Mux, unless a mount hook
	// wrapped it.
	Handler  http.Handler
	GRPCAddr string // the address actually listened on
	HTTPAddr string

	conn     *grpc.ClientConn
	http     *http.Server
	served   chan error
	stopping []func()
}

// configureHooks run first, in order, to add options to the App.
var configureHooks []func(a *App) error

// mountHooks run once the servers are built and before they serve, to add
// routes to a.Mux or wrap a.Handler.
var mountHooks []func(a *App) error

// servingHooks run (from run, after its serving line) once both servers
// serve, for instance to log a URL.
var servingHooks []func(a *App)

// OnStop registers f to run when the App stops, after the servers stopped.
func (a *App) OnStop(f func()) { a.stopping = append(a.stopping, f) }

// Start listens on both addresses and serves in the background; stop it
// with [App.Stop].
func Start(ctx context.Context, c Config) (_ *App, err error) {
	a := &App{Config: c, Logger: c.Logger}
	if a.Logger == nil {
		a.Logger = slog.Default()
	}
	loc, err := playground.NewLocalizer(c.LangDefault)
	if err != nil {
		return nil, err
	}
	limit := c.MaxBodyBytes
	if limit == 0 {
		limit = gateway.DefaultMaxBodyBytes
	}
	a.GatewayOptions = []gateway.Option{gateway.WithMaxBodyBytes(limit)}
	for _, h := range configureHooks {
		if err := h(a); err != nil {
			return nil, err
		}
	}
	po := playground.Options{Logger: a.Logger, Localizer: loc, Interceptor: a.InterceptorOptions, GRPC: a.GRPCOptions}
	a.Interceptors = playground.Interceptors(po)
	a.GRPC = playground.New(po)

	grpcLis, err := net.Listen("tcp", c.GRPCAddr)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			grpcLis.Close()
		}
	}()
	a.GRPCAddr = grpcLis.Addr().String()

	gwOpts := a.GatewayOptions
	if c.Direct {
		gwOpts = append(gwOpts, gateway.WithDirect(a.Interceptors))
	} else {
		gwOpts = append(gwOpts, gateway.WithServer(a.Interceptors))
	}
	a.Gateway = runtime.NewServeMux(gateway.ServeMuxOptions(gwOpts...)...)
	if c.Direct {
		err = playgroundgw.RegisterPlaygroundServiceHandlerServer(ctx, a.Gateway, playground.Service{})
	} else {
		a.conn, err = grpc.NewClient("passthrough:///"+a.GRPCAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err == nil {
			err = playgroundgw.RegisterPlaygroundServiceHandlerClient(ctx, a.Gateway, playgroundv1.NewPlaygroundServiceClient(a.conn))
		}
	}
	if err != nil {
		return nil, err
	}
	a.Mux = http.NewServeMux()
	a.Mux.Handle("/", a.Gateway)
	a.Handler = a.Mux
	for _, h := range mountHooks {
		if err := h(a); err != nil {
			return nil, err
		}
	}

	httpLis, err := net.Listen("tcp", c.HTTPAddr)
	if err != nil {
		return nil, err
	}
	a.HTTPAddr = httpLis.Addr().String()
	a.http = &http.Server{Handler: a.Handler, ReadHeaderTimeout: 10 * time.Second}
	a.served = make(chan error, 2)
	go func() { a.served <- a.GRPC.Serve(grpcLis) }()
	go func() {
		err := a.http.Serve(httpLis)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		a.served <- err
	}()
	return a, nil
}

// Mode is "direct" or "connection".
func (a *App) Mode() string {
	if a.Config.Direct {
		return "direct"
	}
	return "connection"
}

// Stop stops both servers gracefully (calls in flight may finish until ctx
// is done), then runs the OnStop functions.
func (a *App) Stop(ctx context.Context) error {
	herr := a.http.Shutdown(ctx)
	if a.conn != nil {
		a.conn.Close()
	}
	gerr := a.GRPC.Stop(ctx)
	var errs []error
	for range 2 {
		if err := <-a.served; err != nil {
			errs = append(errs, err)
		}
	}
	for _, f := range a.stopping {
		f()
	}
	if herr != nil {
		errs = append(errs, fmt.Errorf("http: %w", herr))
	}
	if gerr != nil {
		errs = append(errs, fmt.Errorf("grpc: %w", gerr))
	}
	return errors.Join(errs...)
}
