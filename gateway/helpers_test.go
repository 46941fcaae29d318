package gateway_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"testing"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/errcat/errcat/examples/server/playground"
	"github.com/errcat/errcat/gateway"
	playgroundgw "github.com/errcat/errcat/gateway/gen/errcat/playground/v1"
	playgroundv1 "github.com/errcat/errcat/gen/errcat/playground/v1"
	"github.com/errcat/errcat/internal/testsrv"
)

// mode is one way of mounting the gateway.
type mode struct {
	name   string
	direct bool
}

var modes = []mode{{"connection", false}, {"direct", true}}

// env is a playground behind a grpc-gateway with errcat's options, served
// over HTTP on 127.0.0.1:0; in connection mode the gateway reaches the
// playground's gRPC server (also on 127.0.0.1:0) through a connection.
type env struct {
	base string // http://127.0.0.1:port
	log  *testsrv.SyncBuffer
}

func start(t *testing.T, m mode, opts ...gateway.Option) *env {
	t.Helper()
	e := &env{log: &testsrv.SyncBuffer{}}
	loc, err := playground.NewLocalizer("")
	if err != nil {
		t.Fatal(err)
	}
	po := playground.Options{Logger: slog.New(slog.NewJSONHandler(e.log, nil)), Localizer: loc}
	srv := playground.Interceptors(po)
	ctx := context.Background()
	var mux *runtime.ServeMux
	if m.direct {
		mux = runtime.NewServeMux(gateway.ServeMuxOptions(append(opts, gateway.WithDirect(srv))...)...)
		if err := playgroundgw.RegisterPlaygroundServiceHandlerServer(ctx, mux, playground.Service{}); err != nil {
			t.Fatal(err)
		}
	} else {
		gs, err := playground.Start("127.0.0.1:0", po)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := gs.Stop(sctx); err != nil {
				t.Errorf("gRPC Stop: %v", err)
			}
		})
		conn, err := grpc.NewClient("passthrough:///"+gs.Addr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		mux = runtime.NewServeMux(gateway.ServeMuxOptions(append(opts, gateway.WithServer(srv))...)...)
		if err := playgroundgw.RegisterPlaygroundServiceHandlerClient(ctx, mux, playgroundv1.NewPlaygroundServiceClient(conn)); err != nil {
			t.Fatal(err)
		}
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(lis) }()
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := hs.Shutdown(sctx); err != nil {
			t.Errorf("HTTP Shutdown: %v", err)
		}
		<-done
	})
	e.base = "http://" + lis.Addr().String()
	return e
}

// response is one HTTP answer: status, headers, body and every byte of the
// response as received (status line, headers, body).
type response struct {
	status int
	header http.Header
	body   []byte
	raw    []byte
}

func (e *env) do(t *testing.T, method, path string, body io.Reader, header ...string) *response {
	t.Helper()
	req, err := http.NewRequest(method, e.base+path, body)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := httputil.DumpResponse(resp, true)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body) // DumpResponse left a copy

	if err != nil {
		t.Fatal(err)
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: b, raw: raw}
}

// aipError is the AIP-193 body.
type aipError struct {
	Error struct {
		Code    int               `json:"code"`
		Message string            `json:"message"`
		Status  string            `json:"status"`
		Details []json.RawMessage `json:"details"`
	} `json:"error"`
}

// detail is what the tests read of a detail.
type detail struct {
	Type       string            `json:"@type"`
	Reason     string            `json:"reason"`
	Domain     string            `json:"domain"`
	Metadata   map[string]string `json:"metadata"`
	Locale     string            `json:"locale"`
	Message    string            `json:"message"`
	RetryDelay string            `json:"retryDelay"`
	RequestID  string            `json:"requestId"`
	Links      []struct {
		Description string `json:"description"`
		URL         string `json:"url"`
	} `json:"links"`
	FieldViolations []struct {
		Field       string `json:"field"`
		Description string `json:"description"`
	} `json:"fieldViolations"`
}

// parse decodes an AIP-193 body; details are keyed by their short type
// name ("ErrorInfo"), in order in types.
func parse(t *testing.T, r *response) (b aipError, details map[string]detail, types []string) {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	if err := json.Unmarshal(r.body, &b); err != nil {
		t.Fatalf("body %s: %v", r.body, err)
	}
	details = map[string]detail{}
	for _, raw := range b.Error.Details {
		var d detail
		if err := json.Unmarshal(raw, &d); err != nil {
			t.Fatal(err)
		}
		name := d.Type[len("type.googleapis.com/google.rpc."):]
		if _, dup := details[name]; dup {
			t.Errorf("detail %s twice", name)
		}
		details[name] = d
		types = append(types, name)
	}
	if len(types) == 0 || types[0] != "ErrorInfo" {
		t.Errorf("details %v: ErrorInfo must come first", types)
	}
	if b.Error.Code != r.status {
		t.Errorf("body code %d, HTTP status %d", b.Error.Code, r.status)
	}
	return b, details, types
}
