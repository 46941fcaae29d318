// Package webui is the browser side of the gateway example: it serves the
// error page built by examples/web under /ui/ (embedded, so `go run` needs
// no npm), and it puts the server into each condition of errcat's client
// catalogue for the demo and the browser test, through routes under
// /admin/ that answer loopback callers only:
//
//	POST /admin/maintenance?on=1|0   the maintenance gate closed or open (MAINTENANCE)
//	POST /admin/model?bump=1         the metadata model's version + 1 (METADATA_MODEL_UPDATED)
//	POST /admin/auth?reject=TOKEN    the auth check rejects "Bearer TOKEN" (AUTHENTICATION_FAILED);
//	                                 ?reject= with no token accepts every token again
//	POST /admin/mask?on=1|0          permission errors masked as not found (notfoundmask)
//	POST /admin/proxy?status=NNN     the REST API answers as a failing proxy would: an HTML
//	                                 page with status NNN and no errcat error (0: off)
//
// API unreachable needs no route: stop the server. Each admin request must
// carry the header "X-Errcat-Admin: 1", which a cross-site form cannot send
// (a page from another origin would need a CORS preflight that is never
// answered), and must come from a loopback address without
// X-Forwarded-For or Forwarded (not through a proxy).
//
// The gates run in the gRPC server's interceptor chain ([Conditions.Unary],
// [Conditions.Stream]), after errcat's server interceptors, so their errors
// are encoded like any other; in the gateway's direct mode, where no gRPC
// server runs, only the failing proxy applies.
package webui

import (
	"context"
	"embed"
	"encoding/json"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/textproto"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/errcat/errcat/interceptors/maintenance"
	"github.com/errcat/errcat/interceptors/modelversion"
	"github.com/errcat/errcat/interceptors/notfoundmask"
)

// The built page: `npm run build` in examples/web writes it, .ci/run checks
// it is the build of the committed sources.
//
//go:embed ui
var built embed.FS

// Files returns the page's files (index.html, app.js, style.css).
func Files() fs.FS {
	sub, err := fs.Sub(built, "ui")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return sub
}

// ModelHeader is the HTTP header the page sends its metadata model version
// in; the REST gateway must forward it as the gRPC metadata
// modelversion.DefaultHeader (see [IncomingHeader]).
const ModelHeader = "X-Model-Version"

// IncomingHeader maps the HTTP headers the page sends that are not
// forwarded by default: [ModelHeader] to modelversion.DefaultHeader. For
// grpc-gateway's runtime.WithIncomingHeaderMatcher, in front of its
// default matcher.
func IncomingHeader(key string) (string, bool) {
	if textproto.CanonicalMIMEHeaderKey(key) == ModelHeader {
		return modelversion.DefaultHeader, true
	}
	return "", false
}

// InitialModelVersion is the metadata model's version at start-up.
const InitialModelVersion = 1

// Conditions are the switches of the demo's conditions, safe for concurrent
// use.
type Conditions struct {
	logger  *slog.Logger
	gate    *maintenance.Gate
	model   *modelversion.Model
	mask    atomic.Bool
	proxy   atomic.Int32 // HTTP status of the failing proxy; 0: off
	mu      sync.Mutex
	reject  map[string]bool // bearer tokens the auth check rejects
	unary   []grpc.UnaryServerInterceptor
	streams []grpc.StreamServerInterceptor
}

// New returns the conditions of a healthy server: serving, model version
// [InitialModelVersion], every token accepted, nothing masked, no failing
// proxy. maintenanceRetry is the retry delay the maintenance gate sends (0:
// the catalogue's advice).
func New(logger *slog.Logger, maintenanceRetry time.Duration) *Conditions {
	if logger == nil {
		logger = slog.Default()
	}
	c := &Conditions{
		logger: logger,
		gate:   maintenance.NewGate(maintenance.Serving),
		model:  modelversion.NewModel(InitialModelVersion),
		reject: map[string]bool{},
	}
	var mopts []maintenance.Option
	if maintenanceRetry > 0 {
		mopts = append(mopts, maintenance.WithRetryDelay(maintenanceRetry))
	}
	mask := notfoundmask.UnaryServer()
	maskStream := notfoundmask.StreamServer()
	c.unary = []grpc.UnaryServerInterceptor{
		maintenance.UnaryServer(c.gate, mopts...),
		c.authUnary,
		modelversion.UnaryServer(c.model),
		func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
			if c.mask.Load() {
				return mask(ctx, req, info, h)
			}
			return h(ctx, req)
		},
	}
	c.streams = []grpc.StreamServerInterceptor{
		maintenance.StreamServer(c.gate, mopts...),
		c.authStream,
		modelversion.StreamServer(c.model),
		func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, h grpc.StreamHandler) error {
			if c.mask.Load() {
				return maskStream(srv, ss, info, h)
			}
			return h(srv, ss)
		},
	}
	return c
}

// ServerOptions returns the gates as gRPC server options: the maintenance
// gate, the auth check, the model version check and the not-found mask, in
// that order. Give them to grpc.NewServer after errcat's server
// interceptors.
func (c *Conditions) ServerOptions() []grpc.ServerOption {
	return []grpc.ServerOption{grpc.ChainUnaryInterceptor(c.unary...), grpc.ChainStreamInterceptor(c.streams...)}
}

// Gate returns the maintenance gate.
func (c *Conditions) Gate() *maintenance.Gate { return c.gate }

// Model returns the metadata model.
func (c *Conditions) Model() *modelversion.Model { return c.model }

// authError is what an authentication layer without errcat sends: a plain
// status, which errcat's server passes through and the page classifies as
// AUTHENTICATION_FAILED.
var authError = status.Error(grpccodes.Unauthenticated, "the identity provider rejected the token")

func (c *Conditions) rejected(ctx context.Context) bool {
	vals := metadata.ValueFromIncomingContext(ctx, "authorization")
	if len(vals) == 0 {
		return false
	}
	token, ok := strings.CutPrefix(vals[0], "Bearer ")
	if !ok {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reject[token]
}

func (c *Conditions) authUnary(ctx context.Context, req any, _ *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
	if c.rejected(ctx) {
		return nil, authError
	}
	return h(ctx, req)
}

func (c *Conditions) authStream(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, h grpc.StreamHandler) error {
	if c.rejected(ss.Context()) {
		return authError
	}
	return h(srv, ss)
}

// Register adds the page (/ui/, and /ui/model: the current model version
// as JSON) and the /admin/ routes to mux.
func (c *Conditions) Register(mux *http.ServeMux) {
	files := http.FileServerFS(Files())
	mux.Handle("GET /ui/", pageHeaders(http.StripPrefix("/ui/", files)))
	mux.Handle("GET /ui/model", pageHeaders(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"version": strconv.FormatUint(c.model.Version(), 10)})
	})))
	mux.Handle("/admin/", c.adminOnly(http.HandlerFunc(c.admin)))
}

// pageHeaders adds the page's security headers: nothing but its own
// scripts and styles, no framing, no caching of a stale build.
func pageHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Cache-Control", "no-cache")
		h.ServeHTTP(w, r)
	})
}

// adminOnly lets through POST requests from a loopback address, not
// forwarded by a proxy, that carry X-Errcat-Admin: 1.
func (c *Conditions) adminOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		ip := net.ParseIP(host)
		if err != nil || ip == nil || !ip.IsLoopback() || r.Header.Get("X-Forwarded-For") != "" || r.Header.Get("Forwarded") != "" {
			http.Error(w, "admin routes answer loopback callers only", http.StatusForbidden)
			return
		}
		if r.Method != http.MethodPost || r.Header.Get("X-Errcat-Admin") != "1" {
			http.Error(w, "admin routes need POST and the header X-Errcat-Admin: 1", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}

func (c *Conditions) admin(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	switch r.URL.Path {
	case "/admin/maintenance":
		on, ok := flag(q.Get("on"))
		if !ok {
			http.Error(w, "on must be 1 or 0", http.StatusBadRequest)
			return
		}
		if on {
			c.gate.Set(maintenance.Maintenance)
		} else {
			c.gate.Set(maintenance.Serving)
		}
	case "/admin/model":
		if q.Get("bump") != "1" {
			http.Error(w, "bump must be 1", http.StatusBadRequest)
			return
		}
		c.model.SetVersion(c.model.Version() + 1)
	case "/admin/auth":
		if !q.Has("reject") {
			http.Error(w, "reject=TOKEN (or empty) is required", http.StatusBadRequest)
			return
		}
		c.mu.Lock()
		if t := q.Get("reject"); t != "" {
			c.reject[t] = true
		} else {
			clear(c.reject)
		}
		c.mu.Unlock()
	case "/admin/mask":
		on, ok := flag(q.Get("on"))
		if !ok {
			http.Error(w, "on must be 1 or 0", http.StatusBadRequest)
			return
		}
		c.mask.Store(on)
	case "/admin/proxy":
		s, err := strconv.Atoi(q.Get("status"))
		if err != nil || s != 0 && (s < 400 || s > 599) {
			http.Error(w, "status must be 0 or an HTTP error status (400-599)", http.StatusBadRequest)
			return
		}
		c.proxy.Store(int32(s))
	default:
		http.NotFound(w, r)
		return
	}
	c.logger.Info("condition changed", "route", r.URL.Path, "query", r.URL.RawQuery)
	w.WriteHeader(http.StatusNoContent)
}

func flag(v string) (on, ok bool) {
	switch v {
	case "1":
		return true, true
	case "0":
		return false, true
	}
	return false, false
}

// requestID is the shape of a request id the failing proxy echoes.
var requestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// FailingProxy wraps the REST API: while /admin/proxy has set a status,
// requests under /v1/ get that status with an HTML page, as from a proxy in
// front of a dead or confused backend. The request's X-Request-Id, if it
// is well formed, is logged and echoed so the page can quote it.
func (c *Conditions) FailingProxy(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := int(c.proxy.Load())
		if s == 0 || !strings.HasPrefix(r.URL.Path, "/v1/") {
			h.ServeHTTP(w, r)
			return
		}
		id := r.Header.Get("X-Request-Id")
		if !requestID.MatchString(id) {
			id = ""
		}
		c.logger.Warn("proxy failure (demo)", "status", s, "path", r.URL.Path, "request_id", id)
		if id != "" {
			w.Header().Set("X-Request-Id", id)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(s)
		text := strconv.Itoa(s) + " " + http.StatusText(s)
		_, _ = w.Write([]byte("<!doctype html><title>" + text + "</title><h1>" + text + "</h1>\n"))
	})
}
