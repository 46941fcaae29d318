package webui

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/examples/server/playground"
	playgroundv1 "github.com/errcat/errcat/gen/errcat/playground/v1"
	"github.com/errcat/errcat/interceptors"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// setup starts the playground on 127.0.0.1 with the conditions' gates after
// errcat's interceptors, and returns an admin handler and a client.
func setup(t *testing.T, retry time.Duration) (*Conditions, http.Handler, playgroundv1.PlaygroundServiceClient) {
	t.Helper()
	c := New(quiet(), retry)
	srv, err := playground.Start("127.0.0.1:0", playground.Options{Logger: quiet(), GRPC: c.ServerOptions()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Stop(context.Background()) })
	conn, err := grpc.NewClient(srv.Addr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	mux := http.NewServeMux()
	c.Register(mux)
	return c, c.FailingProxy(mux), playgroundv1.NewPlaygroundServiceClient(conn)
}

// post sends an admin request as a loopback caller would.
func post(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, path, nil)
	r.RemoteAddr = "127.0.0.1:40000"
	r.Header.Set("X-Errcat-Admin", "1")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func mustPost(t *testing.T, h http.Handler, path string) {
	t.Helper()
	if w := post(t, h, path); w.Code != http.StatusNoContent {
		t.Fatalf("POST %s: %d %s", path, w.Code, w.Body)
	}
}

// raise calls Raise(code) with md and returns the error as a client
// classifies it.
func raise(t *testing.T, cl playgroundv1.PlaygroundServiceClient, code string, md ...string) *errcat.Error {
	t.Helper()
	ctx := metadata.AppendToOutgoingContext(context.Background(), md...)
	_, err := cl.Raise(ctx, &playgroundv1.RaiseRequest{Code: proto.String(code), Args: []string{"delete", "PROJECT_DELETE", "admin"}})
	e, ok := errcat.AsError(interceptors.Classify(err))
	if !ok {
		t.Fatalf("Raise(%s): %v is not classified", code, err)
	}
	return e
}

func TestConditionsReachTheServer(t *testing.T) {
	_, h, cl := setup(t, 3*time.Second)

	if e := raise(t, cl, "000003"); !errors.Is(e, codes.InvalidRequest) {
		t.Fatalf("healthy server: got %v, want INVALID_REQUEST", e)
	}

	mustPost(t, h, "/admin/maintenance?on=1")
	e := raise(t, cl, "000003")
	if !errors.Is(e, codes.Maintenance) || e.RetryDelay() != 3*time.Second {
		t.Errorf("maintenance on: got %v (retry %v), want MAINTENANCE with retry 3s", e, e.RetryDelay())
	}
	mustPost(t, h, "/admin/maintenance?on=0")

	mustPost(t, h, "/admin/model?bump=1")
	if e := raise(t, cl, "000003", "x-model-version", "1"); !errors.Is(e, codes.MetadataModelUpdated) {
		t.Errorf("model bumped, client at 1: got %v, want METADATA_MODEL_UPDATED", e)
	}
	if e := raise(t, cl, "000003", "x-model-version", "2"); !errors.Is(e, codes.InvalidRequest) {
		t.Errorf("model bumped, client at 2: got %v, want INVALID_REQUEST", e)
	}

	mustPost(t, h, "/admin/auth?reject=bad")
	if e := raise(t, cl, "000003", "authorization", "Bearer bad"); !errors.Is(e, codes.AuthenticationFailed) {
		t.Errorf("rejected token: got %v, want AUTHENTICATION_FAILED", e)
	}
	if e := raise(t, cl, "000003", "authorization", "Bearer good"); !errors.Is(e, codes.InvalidRequest) {
		t.Errorf("other token: got %v, want INVALID_REQUEST", e)
	}
	mustPost(t, h, "/admin/auth?reject=")
	if e := raise(t, cl, "000003", "authorization", "Bearer bad"); !errors.Is(e, codes.InvalidRequest) {
		t.Errorf("rejections cleared: got %v, want INVALID_REQUEST", e)
	}

	if e := raise(t, cl, "000008"); !errors.Is(e, codes.MissingPrivilege) {
		t.Errorf("mask off: got %v, want MISSING_PRIVILEGE", e)
	}
	mustPost(t, h, "/admin/mask?on=1")
	if e := raise(t, cl, "000008"); !errors.Is(e, codes.ResourceNotFound) {
		t.Errorf("mask on: got %v, want RESOURCE_NOT_FOUND", e)
	}
	mustPost(t, h, "/admin/mask?on=0")
	if e := raise(t, cl, "000008"); !errors.Is(e, codes.MissingPrivilege) {
		t.Errorf("mask off again: got %v, want MISSING_PRIVILEGE", e)
	}
}

func TestAdminAnswersLoopbackOnly(t *testing.T) {
	c := New(quiet(), 0)
	mux := http.NewServeMux()
	c.Register(mux)
	for _, tc := range []struct {
		name, method, remote, header string
		forwarded                    bool
		want                         int
	}{
		{"remote caller", http.MethodPost, "203.0.113.7:5000", "1", false, http.StatusForbidden},
		{"remote IPv6 caller", http.MethodPost, "[2001:db8::1]:5000", "1", false, http.StatusForbidden},
		{"through a proxy", http.MethodPost, "127.0.0.1:5000", "1", true, http.StatusForbidden},
		{"without the header", http.MethodPost, "127.0.0.1:5000", "", false, http.StatusForbidden},
		{"GET", http.MethodGet, "127.0.0.1:5000", "1", false, http.StatusForbidden},
		{"loopback IPv6", http.MethodPost, "[::1]:5000", "1", false, http.StatusNoContent},
		{"loopback", http.MethodPost, "127.0.0.1:5000", "1", false, http.StatusNoContent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.Gate().Set(0)
			r := httptest.NewRequest(tc.method, "/admin/maintenance?on=1", nil)
			r.RemoteAddr = tc.remote
			if tc.header != "" {
				r.Header.Set("X-Errcat-Admin", tc.header)
			}
			if tc.forwarded {
				r.Header.Set("X-Forwarded-For", "203.0.113.7")
			}
			w := httptest.NewRecorder()
			mux.ServeHTTP(w, r)
			if w.Code != tc.want {
				t.Fatalf("status %d, want %d (%s)", w.Code, tc.want, w.Body)
			}
			if closed := c.Gate().State() != 0; closed != (tc.want == http.StatusNoContent) {
				t.Errorf("gate closed = %v after status %d", closed, w.Code)
			}
		})
	}
}

func TestAdminRejectsBadValues(t *testing.T) {
	c := New(quiet(), 0)
	mux := http.NewServeMux()
	c.Register(mux)
	for _, path := range []string{
		"/admin/maintenance?on=yes", "/admin/model?bump=2", "/admin/auth", "/admin/mask",
		"/admin/proxy?status=200", "/admin/proxy?status=x", "/admin/nothing",
	} {
		if w := post(t, mux, path); w.Code == http.StatusNoContent {
			t.Errorf("POST %s: %d, want an error", path, w.Code)
		}
	}
}

func TestFailingProxy(t *testing.T) {
	c := New(quiet(), 0)
	api := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "api") })
	mux := http.NewServeMux()
	mux.Handle("/", api)
	c.Register(mux)
	h := c.FailingProxy(mux)
	get := func(path, id string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, path, nil)
		if id != "" {
			r.Header.Set("X-Request-Id", id)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	if w := get("/v1/errors/000003", ""); w.Code != 200 || w.Body.String() != "api" {
		t.Fatalf("proxy off: %d %q", w.Code, w.Body)
	}
	mustPost(t, h, "/admin/proxy?status=502")
	w := get("/v1/errors/000003", "abc123")
	if w.Code != 502 || !strings.Contains(w.Body.String(), "502 Bad Gateway") || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		t.Errorf("proxy on: %d %q %q", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	if got := w.Header().Get("X-Request-Id"); got != "abc123" {
		t.Errorf("X-Request-Id echoed %q, want abc123", got)
	}
	if got := get("/v1/errors/000003", "<script>").Header().Get("X-Request-Id"); got != "" {
		t.Errorf("malformed request id echoed: %q", got)
	}
	if w := get("/ui/", ""); w.Code != 200 {
		t.Errorf("the page is not behind the failing proxy: %d", w.Code)
	}
	mustPost(t, h, "/admin/proxy?status=0")
	if w := get("/v1/errors/000003", ""); w.Code != 200 {
		t.Errorf("proxy off again: %d", w.Code)
	}
}

func TestPage(t *testing.T) {
	c := New(quiet(), 0)
	mux := http.NewServeMux()
	c.Register(mux)
	get := func(path string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		return w
	}
	w := get("/ui/")
	if w.Code != 200 || !strings.Contains(w.Body.String(), `<script type="module" src="app.js">`) {
		t.Fatalf("/ui/: %d %q", w.Code, w.Body)
	}
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("/ui/ CSP %q", csp)
	}
	js := get("/ui/app.js")
	if js.Code != 200 || js.Body.Len() < 1000 || !strings.Contains(js.Header().Get("Content-Type"), "javascript") {
		t.Errorf("/ui/app.js: %d, %d bytes, %q", js.Code, js.Body.Len(), js.Header().Get("Content-Type"))
	}
	if strings.Contains(js.Body.String(), "sourceMappingURL") {
		t.Error("app.js points to a source map")
	}
	if m := get("/ui/model").Body.String(); strings.TrimSpace(m) != `{"version":"1"}` {
		t.Errorf("/ui/model = %q", m)
	}
	c.Model().SetVersion(7)
	if m := get("/ui/model").Body.String(); strings.TrimSpace(m) != `{"version":"7"}` {
		t.Errorf("/ui/model after SetVersion(7) = %q", m)
	}
}

func TestIncomingHeader(t *testing.T) {
	for _, k := range []string{"X-Model-Version", "x-model-version"} {
		if md, ok := IncomingHeader(k); !ok || md != "x-model-version" {
			t.Errorf("IncomingHeader(%q) = %q, %v", k, md, ok)
		}
	}
	if md, ok := IncomingHeader("Grpc-Metadata-Secret"); ok {
		t.Errorf("IncomingHeader(Grpc-Metadata-Secret) = %q, true", md)
	}
}
