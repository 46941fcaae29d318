package gateway_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"google.golang.org/grpc/status"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/examples/server/playground"
	"github.com/errcat/errcat/gateway"
	"github.com/errcat/errcat/rest"
)

func exampleArgs(e *errcat.Entry) []string {
	var args []string
	for _, a := range e.ArgSpecs() {
		args = append(args, a.Example)
	}
	return args
}

func raisePath(code string, args ...string) string {
	q := url.Values{"args": args}
	p := "/v1/errors/" + url.PathEscape(code)
	if len(args) > 0 {
		p += "?" + q.Encode()
	}
	return p
}

// TestEveryEntry raises every common catalogue entry over HTTP, in both
// mounting modes, and checks the status, the AIP-193 body and the headers.
func TestEveryEntry(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := start(t, m)
			for _, ent := range codes.CommonErrorCatalog.Entries() {
				args := exampleArgs(ent)
				r := e.do(t, http.MethodGet, raisePath(ent.Code(), args...), nil)
				c := ent.Code()
				if r.status != ent.HTTPStatus() {
					t.Errorf("%s: HTTP %d, want the catalogue's %d", c, r.status, ent.HTTPStatus())
				}
				b, d, _ := parse(t, r)
				if b.Error.Status != strings.ToUpper(snake(ent.GRPCCode().String())) {
					t.Errorf("%s: status %q for %v", c, b.Error.Status, ent.GRPCCode())
				}
				if want := ent.Message(args...); b.Error.Message != want {
					t.Errorf("%s: message %q, want %q", c, b.Error.Message, want)
				}
				ei := d["ErrorInfo"]
				if ei.Reason != ent.Reason() || ei.Domain != ent.Domain() || ei.Metadata[errcat.MetadataCodeKey] != c {
					t.Errorf("%s: ErrorInfo %+v", c, ei)
				}
				for i, name := range ent.ArgNames() {
					if ei.Metadata[name] != args[i] {
						t.Errorf("%s: arg %s = %q, want %q", c, name, ei.Metadata[name], args[i])
					}
				}
				if len(d["Help"].Links) == 0 || d["Help"].Links[0].URL != ent.DocURL() {
					t.Errorf("%s: Help %+v", c, d["Help"])
				}
				if lm := d["LocalizedMessage"]; lm.Locale != "en-US" || r.header.Get("Content-Language") != "en-US" {
					t.Errorf("%s: LocalizedMessage %+v, Content-Language %q", c, lm, r.header.Get("Content-Language"))
				}
				// The Go REST decoder gives the same error back.
				got, err := rest.Decode(r.status, r.body)
				if err != nil {
					t.Errorf("%s: rest.Decode: %v", c, err)
				} else if !errors.Is(got, ent) || got.Entry() != ent || fmt.Sprint(got.Args()) != fmt.Sprint(args) ||
					got.Retryable() != ent.Retryable() || got.GRPCCode() != ent.GRPCCode() || got.Message() != ent.Message(args...) {
					t.Errorf("%s: rest.Decode = %v (args %q, retryable %v)", c, got, got.Args(), got.Retryable())
				}
				ra := r.header.Get("Retry-After")
				if ent.Retryable() {
					want := strconv.Itoa(int(math.Ceil(ent.RetryDelay().Seconds())))
					if _, ok := d["RetryInfo"]; !ok || ra != want {
						t.Errorf("%s: RetryInfo %+v, Retry-After %q, want %s", c, d["RetryInfo"], ra, want)
					}
				} else if ra != "" {
					t.Errorf("%s: Retry-After %q on a non-retryable entry", c, ra)
				}
			}
		})
	}
}

// snake turns a grpc-go code name ("NotFound") into google.rpc.Code's
// ("NOT_FOUND"); Canceled is spelled CANCELLED there.
func snake(s string) string {
	if s == "Canceled" {
		return "CANCELLED"
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte('_')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TestGerman: Accept-Language reaches errcat's negotiation.
func TestGerman(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := start(t, m)
			for _, path := range []string{raisePath("000012", "order", "42"), "/v1/nothing"} {
				r := e.do(t, http.MethodGet, path, nil, "Accept-Language", "de-CH, en;q=0.5")
				_, d, _ := parse(t, r)
				if lm := d["LocalizedMessage"]; lm.Locale != "de" || r.header.Get("Content-Language") != "de" || lm.Message == "" {
					t.Errorf("%s: LocalizedMessage %+v, Content-Language %q", path, lm, r.header.Get("Content-Language"))
				}
			}
		})
	}
}

// TestMisbehaveNeverLeaks: a panic, a raw error, a wrapped error and a
// wrapped deadline put no byte of their internal text in the response,
// headers included, in both modes; the logged ones carry the incoming
// X-Request-Id, and the server log has the real cause under it.
func TestMisbehaveNeverLeaks(t *testing.T) {
	want := map[string]*errcat.Entry{
		playground.ModePanic:    codes.InternalServerError,
		playground.ModeRawError: codes.InternalServerError,
		playground.ModeWrapped:  codes.ObjectNotFound,
		playground.ModeDeadline: codes.RequestDeadlineExceeded,
	}
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := start(t, m)
			for _, mode := range playground.Modes {
				id := "req-" + mode
				r := e.do(t, http.MethodPost, "/v1/misbehave", strings.NewReader(`{"mode":"`+mode+`"}`),
					"Content-Type", "application/json", "X-Request-Id", id)
				if bytes.Contains(r.raw, []byte("SECRET")) || bytes.Contains(r.raw, []byte(playground.Secret)) {
					t.Errorf("%s: the secret reached the client:\n%s", mode, r.raw)
				}
				_, d, _ := parse(t, r)
				ent := want[mode]
				if d["ErrorInfo"].Reason != ent.Reason() || r.status != ent.HTTPStatus() {
					t.Errorf("%s: %s HTTP %d, want %s %d", mode, d["ErrorInfo"].Reason, r.status, ent.Reason(), ent.HTTPStatus())
				}
				if ent == codes.InternalServerError {
					if d["RequestInfo"].RequestID != id {
						t.Errorf("%s: RequestInfo %+v, want request id %q", mode, d["RequestInfo"], id)
					}
					if !strings.Contains(e.log.String(), `"request_id":"`+id+`"`) {
						t.Errorf("%s: no log line under %s:\n%s", mode, id, e.log.String())
					}
				}
			}
			if !strings.Contains(e.log.String(), playground.Secret) {
				t.Errorf("the server log lacks the real causes:\n%s", e.log.String())
			}
		})
	}
}

// httpCase is a malformed request and the HTTP-layer entry it must raise.
type httpCase struct {
	name       string
	method     string
	path       string
	body       string
	header     []string
	want       *errcat.Entry
	args       map[string]string
	connection bool // grpc-gateway serves streams only through a connection
}

var httpCases = []httpCase{
	{name: "no route", method: "GET", path: "/v1/nothing", want: codes.EndpointNotFound,
		args: map[string]string{"endpoint": "/v1/nothing", "method": "GET"}},
	{name: "method", method: "DELETE", path: "/v1/misbehave", want: codes.MethodNotSupported,
		args: map[string]string{"method": "DELETE", "supportedMethods": "POST"}},
	{name: "empty path variable", method: "GET", path: "/v1/errors/", want: codes.MissingPathVariable,
		args: map[string]string{"variable": "code"}},
	{name: "path variable type", method: "GET", path: "/v1/errors/000012/after/many:stream", want: codes.ParamTypeMismatch,
		args: map[string]string{"param": "messages_before_error", "type": "int32"}, connection: true},
	{name: "query parameter type", method: "GET", path: "/v1/errors/000012:stream?messages_before_error=x", want: codes.ParamTypeMismatch,
		args: map[string]string{"param": "messages_before_error", "type": "int32"}, connection: true},
	{name: "query parameter twice", method: "GET", path: "/v1/errors/000012:stream?messages_before_error=1&messages_before_error=2", want: codes.InvalidParameterOrHeader,
		args: map[string]string{"name": "messages_before_error"}, connection: true},
	{name: "malformed query", method: "GET", path: "/v1/errors/000012?args=%zz", want: codes.InvalidParameterOrHeader,
		args: map[string]string{"name": "query"}},
	{name: "JSON field type", method: "POST", path: "/v1/misbehave", body: `{"mode": 5}`, want: codes.InvalidJSONFieldType,
		args: map[string]string{"field": "mode", "type": "string"}},
	{name: "not JSON", method: "POST", path: "/v1/misbehave", body: `mode=panic`, want: codes.InvalidRequest},
	{name: "body too large", method: "POST", path: "/v1/misbehave", body: `{"mode": "` + strings.Repeat("x", 2000) + `"}`, want: codes.PayloadTooLarge,
		args: map[string]string{"details": "The limit is 1024 bytes"}},
	{name: "Accept", method: "GET", path: raisePath("000012", "order", "42"), header: []string{"Accept", "text/html, application/xml;q=0.9"}, want: codes.UnsupportedAcceptMediaType,
		args: map[string]string{"supportedMediaTypes": "application/json"}},
}

// TestHTTPLayerEntries sends each malformed request for real.
func TestHTTPLayerEntries(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := start(t, m, gateway.WithMaxBodyBytes(1024))
			for _, tc := range httpCases {
				if tc.connection && m.direct {
					continue
				}
				var body *strings.Reader
				if tc.body != "" {
					body = strings.NewReader(tc.body)
				}
				var r *response
				if body != nil {
					r = e.do(t, tc.method, tc.path, body, append([]string{"Content-Type", "application/json"}, tc.header...)...)
				} else {
					r = e.do(t, tc.method, tc.path, nil, tc.header...)
				}
				_, d, _ := parse(t, r)
				ei := d["ErrorInfo"]
				if ei.Reason != tc.want.Reason() || r.status != tc.want.HTTPStatus() {
					t.Errorf("%s: %s HTTP %d, want %s %d\n%s", tc.name, ei.Reason, r.status, tc.want.Reason(), tc.want.HTTPStatus(), r.body)
					continue
				}
				for k, v := range tc.args {
					if ei.Metadata[k] != v {
						t.Errorf("%s: arg %s = %q, want %q", tc.name, k, ei.Metadata[k], v)
					}
				}
			}
		})
	}
}

// TestMethodNotAllowedHeader: 405 lists the methods in Allow.
func TestMethodNotAllowedHeader(t *testing.T) {
	e := start(t, modes[0])
	r := e.do(t, http.MethodGet, "/v1/misbehave", nil)
	if r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != "POST" {
		t.Errorf("HTTP %d, Allow %q", r.status, r.header.Get("Allow"))
	}
}

// TestChunkedBodyTooLarge: the limit holds without a Content-Length too.
func TestChunkedBodyTooLarge(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := start(t, m, gateway.WithMaxBodyBytes(1024))
			big := `{"mode": "` + strings.Repeat("x", 5000) + `"}`
			// A reader of unknown length makes the client send the body chunked.
			r := e.do(t, http.MethodPost, "/v1/misbehave", struct{ *strings.Reader }{strings.NewReader(big)}, "Content-Type", "application/json")
			_, d, _ := parse(t, r)
			if d["ErrorInfo"].Reason != codes.PayloadTooLarge.Reason() || r.status != 413 {
				t.Errorf("%s HTTP %d", d["ErrorInfo"].Reason, r.status)
			}
		})
	}
}

// TestStream: a server stream through the gateway sends its messages, then
// grpc-gateway's {"error": <google.rpc.Status>} line with the same message
// and details as the unary body; a stream failing before its first message
// gets the catalogue status and headers.
func TestStream(t *testing.T) {
	e := start(t, modes[0])
	r := e.do(t, http.MethodGet, "/v1/errors/000013:stream?messages_before_error=2", nil)
	lines := strings.Split(strings.TrimSpace(string(r.body)), "\n")
	if r.status != 200 || len(lines) != 3 || lines[0] != `{"result":{"index":0}}` {
		t.Fatalf("HTTP %d, lines %q", r.status, lines)
	}
	last := lines[2]
	for _, want := range []string{`{"error":{"code":8,"message":"Too many requests. Please try again later.","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo"`, `google.rpc.RetryInfo`, `google.rpc.Help`} {
		if !strings.Contains(last, want) {
			t.Errorf("error line lacks %s:\n%s", want, last)
		}
	}
	r = e.do(t, http.MethodGet, "/v1/errors/000044:stream", nil)
	if r.status != codes.AccountNotActivated.HTTPStatus() || !strings.Contains(string(r.body), `"reason":"ACCOUNT_NOT_ACTIVATED"`) {
		t.Errorf("stream failing at once: HTTP %d, want %d\n%s", r.status, codes.AccountNotActivated.HTTPStatus(), r.body)
	}
	r = e.do(t, http.MethodGet, "/v1/errors/000013:stream", nil)
	if r.status != 429 || r.header.Get("Retry-After") != "2" {
		t.Errorf("stream failing at once: HTTP %d, Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
}

// TestErrorObserver: one call per error response, unary or stream, with the
// status sent; FromServer tells what the gRPC server sent (connection mode)
// from the gateway's own errors.
func TestErrorObserver(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			var mu sync.Mutex
			var got []string
			obs := gateway.WithErrorObserver(func(ctx context.Context, r *http.Request, st *status.Status) {
				mu.Lock()
				defer mu.Unlock()
				e, _ := errcat.FromStatus(st)
				got = append(got, fmt.Sprintf("%s %s server=%v", r.URL.Path, e.Reason(), gateway.FromServer(ctx)))
			})
			e := start(t, m, obs)
			e.do(t, http.MethodGet, raisePath("000012"), nil)
			e.do(t, http.MethodGet, "/v1/nothing", nil)
			e.do(t, http.MethodPost, "/v1/misbehave", strings.NewReader(`{"mode":"panic"}`))
			e.do(t, http.MethodPost, "/v1/misbehave", strings.NewReader(`{"mode": 7}`))
			grpc := !m.direct
			want := []string{
				fmt.Sprintf("/v1/errors/000012 OBJECT_NOT_FOUND server=%v", grpc),
				"/v1/nothing ENDPOINT_NOT_FOUND server=false",
				fmt.Sprintf("/v1/misbehave INTERNAL_SERVER_ERROR server=%v", grpc),
				"/v1/misbehave INVALID_JSON_FIELD_TYPE server=false",
			}
			if !m.direct {
				e.do(t, http.MethodGet, "/v1/errors/000013:stream?messages_before_error=1", nil)
				want = append(want, "/v1/errors/000013:stream TOO_MANY_REQUESTS server=true")
			}
			mu.Lock()
			defer mu.Unlock()
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("observed %q, want %q", got, want)
			}
		})
	}
}
