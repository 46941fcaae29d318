package modelversion

import (
	"context"
	"strconv"
	"sync/atomic"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
)

// Violation types of the google.rpc.PreconditionFailure sent with
// METADATA_MODEL_UPDATED.
const (
	// ViolationStale: the client's model is older than the server's.
	ViolationStale = "MODEL_VERSION"
	// ViolationReadOnly: the model is being reconfigured and the call
	// would write.
	ViolationReadOnly = "READ_ONLY"
)

// Model is the server's metadata model state: its version and whether it
// is being reconfigured. It is safe for concurrent use; the interceptors
// read it with atomic loads.
type Model struct {
	version  atomic.Uint64
	readOnly atomic.Bool
}

// NewModel returns a model at the given version, not being reconfigured.
func NewModel(version uint64) *Model {
	m := &Model{}
	m.version.Store(version)
	return m
}

// Version returns the current version.
func (m *Model) Version() uint64 { return m.version.Load() }

// SetVersion sets the current version: from now on, clients with an older
// one must reload.
func (m *Model) SetVersion(v uint64) { m.version.Store(v) }

// BeginReconfigure makes the server read-only: methods marked as writes
// fail until [Model.EndReconfigure].
func (m *Model) BeginReconfigure() { m.readOnly.Store(true) }

// EndReconfigure sets the new version, then lets writes through again:
// there is no moment when a write from a stale client could pass.
func (m *Model) EndReconfigure(version uint64) {
	m.version.Store(version)
	m.readOnly.Store(false)
}

// ReadOnly reports whether the model is being reconfigured.
func (m *Model) ReadOnly() bool { return m.readOnly.Load() }

type server struct {
	m *Model
	o *options
}

// check returns nil if the call may proceed, else METADATA_MODEL_UPDATED
// saying why.
func (s *server) check(ctx context.Context, method string) error {
	current := s.m.version.Load()
	if vals := metadata.ValueFromIncomingContext(ctx, s.o.header); len(vals) > 0 {
		v, err := strconv.ParseUint(vals[0], 10, 64)
		if err != nil || v < current {
			return stale(s.o.header, vals[0], current)
		}
	} else if s.o.required {
		return stale(s.o.header, "", current)
	}
	if s.m.readOnly.Load() && s.o.write(method) {
		return codes.NewMetadataModelUpdated().WithDetails(&errdetails.PreconditionFailure{
			Violations: []*errdetails.PreconditionFailure_Violation{{
				Type:        ViolationReadOnly,
				Subject:     method,
				Description: "The metadata model is being reconfigured: the server is read-only and the change was not saved.",
			}},
		})
	}
	return nil
}

func stale(header, client string, current uint64) *errcat.Error {
	if len(client) > 32 { // whatever the client sent, the description stays short
		client = client[:32] + "…"
	}
	desc := "The client's metadata model (version " + strconv.Quote(client) + ") is older than the server's (version " +
		strconv.FormatUint(current, 10) + "): reload it."
	if client == "" {
		desc = "The client did not send its metadata model version: reload the model."
	}
	return codes.NewMetadataModelUpdated().WithDetails(&errdetails.PreconditionFailure{
		Violations: []*errdetails.PreconditionFailure_Violation{{Type: ViolationStale, Subject: header, Description: desc}},
	})
}

// Server is the model check's unary and stream server interceptors,
// configured once (see [NewServer]); it is an interceptors.ServerPair.
type Server struct{ s *server }

// NewServer returns the server interceptors checking calls against m, with
// one set of options for unary and stream calls alike. Never nil.
func NewServer(m *Model, opts ...Option) *Server {
	return &Server{s: &server{m: m, o: evaluate(opts)}}
}

// UnaryServer returns a server interceptor that fails calls from clients
// with a stale model, and writes while m is being reconfigured, with
// codes.MetadataModelUpdated. It is NewServer(m, opts...).Unary().
func UnaryServer(m *Model, opts ...Option) grpc.UnaryServerInterceptor {
	return NewServer(m, opts...).Unary()
}

// StreamServer is the streaming counterpart of [UnaryServer]: the stream is
// checked before its handler runs. It is NewServer(m, opts...).Stream().
func StreamServer(m *Model, opts ...Option) grpc.StreamServerInterceptor {
	return NewServer(m, opts...).Stream()
}

// Unary returns the unary server interceptor (see [UnaryServer]).
func (x *Server) Unary() grpc.UnaryServerInterceptor {
	s := x.s
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		if err := s.check(ctx, info.FullMethod); err != nil {
			return nil, err
		}
		return handler(ctx, req)
	}
}

// Stream returns the stream server interceptor (see [StreamServer]).
func (x *Server) Stream() grpc.StreamServerInterceptor {
	s := x.s
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		if err := s.check(ss.Context(), info.FullMethod); err != nil {
			return err
		}
		return handler(srv, ss)
	}
}

// Client is the unary and stream client interceptors that send the model
// version, configured once (see [NewClient]); it is an
// interceptors.ClientPair.
type Client struct {
	version func() uint64
	o       *options
}

// NewClient returns the client interceptors that send the model version
// version returns in the header (none when it returns 0: no model loaded
// yet), with one set of options for unary and stream calls alike. version
// is called once per call; an atomic.Uint64's Load method fits. Never nil.
func NewClient(version func() uint64, opts ...Option) *Client {
	return &Client{version: version, o: evaluate(opts)}
}

// UnaryClient returns a client interceptor that sends the model version (see
// [NewClient]). It is NewClient(version, opts...).Unary().
func UnaryClient(version func() uint64, opts ...Option) grpc.UnaryClientInterceptor {
	return NewClient(version, opts...).Unary()
}

// StreamClient is the streaming counterpart of [UnaryClient]. It is
// NewClient(version, opts...).Stream().
func StreamClient(version func() uint64, opts ...Option) grpc.StreamClientInterceptor {
	return NewClient(version, opts...).Stream()
}

// Unary returns the unary client interceptor (see [UnaryClient]).
func (c *Client) Unary() grpc.UnaryClientInterceptor {
	version, header := c.version, c.o.header
	return func(ctx context.Context, method string, req, reply any, cc *grpc.ClientConn, invoker grpc.UnaryInvoker, callOpts ...grpc.CallOption) error {
		return invoker(withVersion(ctx, header, version()), method, req, reply, cc, callOpts...)
	}
}

// Stream returns the stream client interceptor (see [StreamClient]).
func (c *Client) Stream() grpc.StreamClientInterceptor {
	version, header := c.version, c.o.header
	return func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string, streamer grpc.Streamer, callOpts ...grpc.CallOption) (grpc.ClientStream, error) {
		return streamer(withVersion(ctx, header, version()), desc, cc, method, callOpts...)
	}
}

func withVersion(ctx context.Context, header string, v uint64) context.Context {
	if v == 0 {
		return ctx
	}
	return metadata.AppendToOutgoingContext(ctx, header, strconv.FormatUint(v, 10))
}
