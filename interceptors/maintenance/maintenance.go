package maintenance

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
)

// State is the serving state of a server.
type State int32

// The states of a [Gate]. Only Serving lets calls through.
const (
	// Serving: calls pass.
	Serving State = iota
	// Starting: the server is not ready yet (loading, migrating).
	Starting
	// Draining: the server is shutting down; calls already running finish.
	Draining
	// Maintenance: the server is in a maintenance window.
	Maintenance
)

// String returns the state's name ("SERVING", "STARTING"...).
func (s State) String() string {
	switch s {
	case Serving:
		return "SERVING"
	case Starting:
		return "STARTING"
	case Draining:
		return "DRAINING"
	case Maintenance:
		return "MAINTENANCE"
	}
	return "State(" + strconv.Itoa(int(s)) + ")"
}

// Gate is the switch the interceptors read. It is safe for concurrent use;
// reading it costs one atomic load.
type Gate struct {
	state atomic.Int32

	mu     sync.Mutex // orders Set and LinkHealth
	health []healthLink
}

type healthLink struct {
	s        *health.Server
	services []string
}

// NewGate returns a gate in the given state. A server usually starts in
// [Starting] and sets [Serving] when it is ready.
func NewGate(initial State) *Gate {
	g := &Gate{}
	g.state.Store(int32(initial))
	return g
}

// State returns the current state.
func (g *Gate) State() State { return State(g.state.Load()) }

// Set switches the gate to s and updates the linked health services.
func (g *Gate) Set(s State) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.state.Store(int32(s))
	for _, l := range g.health {
		l.apply(s)
	}
}

// LinkHealth makes the gate drive the serving status of services in hs
// (the empty name is the whole server; no names means just it): SERVING
// while the gate is [Serving], NOT_SERVING otherwise. The status is set
// now and on every [Gate.Set].
func (g *Gate) LinkHealth(hs *health.Server, services ...string) {
	if len(services) == 0 {
		services = []string{""}
	}
	l := healthLink{s: hs, services: append([]string(nil), services...)}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.health = append(g.health, l)
	l.apply(g.State())
}

func (l healthLink) apply(s State) {
	st := healthpb.HealthCheckResponse_NOT_SERVING
	if s == Serving {
		st = healthpb.HealthCheckResponse_SERVING
	}
	for _, name := range l.services {
		l.s.SetServingStatus(name, st)
	}
}

// gate is what both interceptors run.
type gate struct {
	g   *Gate
	o   *options
	err *errcat.Error // built once: errors are immutable
}

func newGate(g *Gate, opts []Option) *gate {
	o := evaluate(opts)
	e := codes.NewMaintenance()
	if o.retryDelay > 0 {
		e = e.WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(o.retryDelay)})
	}
	return &gate{g: g, o: o, err: e}
}

// check returns nil if the call may proceed.
func (c *gate) check(method string) error {
	if State(c.g.state.Load()) == Serving || c.o.allows(method) {
		return nil
	}
	return c.err
}

// Server is the gate's unary and stream server interceptors, configured
// once (see [NewServer]); it is an interceptors.ServerPair.
type Server struct{ c *gate }

// NewServer returns the gate's server interceptors with one set of options,
// for unary and stream calls alike. Never nil.
func NewServer(g *Gate, opts ...Option) *Server { return &Server{c: newGate(g, opts)} }

// UnaryServer returns a server interceptor that fails unary calls with
// codes.Maintenance while g is not [Serving]. It is
// NewServer(g, opts...).Unary().
func UnaryServer(g *Gate, opts ...Option) grpc.UnaryServerInterceptor {
	return NewServer(g, opts...).Unary()
}

// StreamServer is the streaming counterpart of [UnaryServer]: a stream is
// turned away before its handler runs. It is NewServer(g, opts...).Stream().
func StreamServer(g *Gate, opts ...Option) grpc.StreamServerInterceptor {
	return NewServer(g, opts...).Stream()
}

// Unary returns the unary server interceptor (see [UnaryServer]).
func (s *Server) Unary() grpc.UnaryServerInterceptor {
	c := s.c
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if err := c.check(info.FullMethod); err != nil {
			return nil, err
		}
		return handler(ctx, req)
	}
}

// Stream returns the stream server interceptor (see [StreamServer]).
func (s *Server) Stream() grpc.StreamServerInterceptor {
	c := s.c
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		if err := c.check(info.FullMethod); err != nil {
			return err
		}
		return handler(srv, ss)
	}
}
