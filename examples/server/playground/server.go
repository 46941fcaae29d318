package playground

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"

	"golang.org/x/text/language"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"

	playgroundv1 "github.com/errcat/errcat/gen/errcat/playground/v1"
	"github.com/errcat/errcat/i18n"
	"github.com/errcat/errcat/interceptors"
)

// Options configure a playground [Server]. The zero value is a valid
// configuration.
type Options struct {
	// Logger receives the server's log: internal errors with their real
	// cause, under the correlation id sent to the client. Default
	// slog.Default().
	Logger *slog.Logger
	// Localizer renders LocalizedMessage details. Default: errcat's built-in
	// translations with en-US as default locale (see [NewLocalizer]).
	Localizer interceptors.Localizer
	// Interceptor options added after the playground's own.
	Interceptor []interceptors.ServerOption
	// GRPC options added to grpc.NewServer.
	GRPC []grpc.ServerOption
}

// NewLocalizer returns a localizer with errcat's built-in translations whose
// locale, when a caller asks for none or none that is supported, is
// defaultLang (a BCP 47 tag; "" means en-US).
func NewLocalizer(defaultLang string) (*i18n.Bundle, error) {
	tag := i18n.Source()
	if defaultLang != "" {
		t, err := language.Parse(defaultLang)
		if err != nil {
			return nil, fmt.Errorf("default language %q: %w", defaultLang, err)
		}
		tag = t
	}
	b := i18n.NewBundle(i18n.WithDefault(tag))
	if err := b.AddFS(i18n.Builtin(), "*/*.json"); err != nil {
		return nil, err
	}
	return b, nil
}

// ServerOptions returns the grpc.ServerOption values that install the errcat
// server interceptors (unary and stream) configured as o says.
func ServerOptions(o Options) []grpc.ServerOption {
	return append(interceptors.ChainServer(Interceptors(o)), o.GRPC...)
}

// Interceptors returns the errcat server interceptors configured as o says,
// the ones [ServerOptions] installs; an HTTP gateway that calls the service
// directly applies the same rules through them.
func Interceptors(o Options) *interceptors.Server {
	logger := o.Logger
	if logger == nil {
		logger = slog.Default()
	}
	loc := o.Localizer
	if loc == nil {
		loc = i18n.Default()
	}
	opts := append([]interceptors.ServerOption{
		interceptors.WithLogger(logger),
		interceptors.WithLocalizer(loc),
	}, o.Interceptor...)
	return interceptors.NewServer(opts...)
}

// Server is a gRPC server with the playground service behind the errcat
// interceptors, server reflection and the health service.
type Server struct {
	grpc   *grpc.Server
	health *health.Server
	lis    net.Listener
	served chan error
}

// New returns a server that is not serving yet: see [Server.Serve] and
// [Start].
func New(o Options) *Server {
	s := &Server{grpc: grpc.NewServer(ServerOptions(o)...), health: health.NewServer()}
	Register(s.grpc)
	reflection.Register(s.grpc)
	healthpb.RegisterHealthServer(s.grpc, s.health)
	return s
}

// GRPC returns the underlying grpc.Server, to register more services on it
// before it serves.
func (s *Server) GRPC() *grpc.Server { return s.grpc }

// Serve marks the server SERVING in the health service and serves lis until
// Stop; it returns nil after a Stop.
func (s *Server) Serve(lis net.Listener) error {
	s.health.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	s.health.SetServingStatus(playgroundv1.PlaygroundService_ServiceDesc.ServiceName, healthpb.HealthCheckResponse_SERVING)
	err := s.grpc.Serve(lis)
	if errors.Is(err, grpc.ErrServerStopped) {
		return nil
	}
	return err
}

// Start listens on addr ("127.0.0.1:0" picks a free port) and serves in the
// background. Stop it with [Server.Stop].
func Start(addr string, o Options) (*Server, error) {
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := New(o)
	s.lis = lis
	s.served = make(chan error, 1)
	go func() { s.served <- s.Serve(lis) }()
	return s, nil
}

// Addr returns the address a server started with [Start] listens on.
func (s *Server) Addr() string {
	if s.lis == nil {
		return ""
	}
	return s.lis.Addr().String()
}

// Stop marks the server NOT_SERVING, then stops it gracefully: calls in
// flight may finish until ctx is done, after which the remaining ones are
// cancelled. It returns the error Serve ended with, for a server started
// with [Start], or ctx's error if the graceful stop timed out.
func (s *Server) Stop(ctx context.Context) error {
	s.health.Shutdown()
	done := make(chan struct{})
	go func() { s.grpc.GracefulStop(); close(done) }()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		s.grpc.Stop()
		<-done
		err = ctx.Err()
	}
	if s.served != nil {
		if serr := <-s.served; serr != nil {
			return serr
		}
	}
	return err
}
