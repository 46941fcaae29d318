package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"testing"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"

	playgroundv1 "github.com/errcat/errcat/gen/errcat/playground/v1"
)

// In both mounting modes, /metrics counts one gRPC error, one REST error the
// server returned and two of the gateway's own once each on
// errcat.server.errors, by entry and method.
func TestMetrics(t *testing.T) {
	for _, direct := range []bool{false, true} {
		name := "connection"
		if direct {
			name = "direct"
		}
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			a, err := Start(ctx, Config{GRPCAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0", Direct: direct,
				Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				t.Fatal(err)
			}
			defer a.Stop(ctx)

			resp, err := http.Get("http://" + a.HTTPAddr + "/v1/errors/000012?args=order&args=42")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusNotFound {
				t.Fatalf("REST call: HTTP %d", resp.StatusCode)
			}
			// Errors of the gateway itself: no route (no gRPC method), and
			// a body that does not parse (the route's method).
			for _, r := range []struct{ method, path, body string }{
				{http.MethodGet, "/v1/nothing", ""},
				{http.MethodPost, "/v1/misbehave", `{"mode": 7}`},
			} {
				req, _ := http.NewRequest(r.method, "http://"+a.HTTPAddr+r.path, strings.NewReader(r.body))
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusNotFound {
					t.Fatalf("%s %s: HTTP %d", r.method, r.path, resp.StatusCode)
				}
			}
			conn, err := grpc.NewClient("passthrough:///"+a.GRPCAddr, grpc.WithTransportCredentials(insecure.NewCredentials()))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			_, err = playgroundv1.NewPlaygroundServiceClient(conn).Raise(ctx,
				&playgroundv1.RaiseRequest{Code: proto.String("000039"), Args: []string{"quantity"}})
			if err == nil {
				t.Fatal("Raise succeeded")
			}

			resp, err = http.Get("http://" + a.HTTPAddr + "/metrics")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
				t.Fatalf("/metrics: HTTP %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			want := []string{
				`errcat_server_errors_total{errcat_code="000011",errcat_domain="errcat.dev",error_type="INVALID_JSON_FIELD_TYPE",rpc_method="errcat.playground.v1.PlaygroundService/Misbehave",rpc_response_status_code="INVALID_ARGUMENT"} 1`,
				`errcat_server_errors_total{errcat_code="000012",errcat_domain="errcat.dev",error_type="OBJECT_NOT_FOUND",rpc_method="errcat.playground.v1.PlaygroundService/Raise",rpc_response_status_code="NOT_FOUND"} 1`,
				`errcat_server_errors_total{errcat_code="000029",errcat_domain="errcat.dev",error_type="ENDPOINT_NOT_FOUND",rpc_response_status_code="UNIMPLEMENTED"} 1`,
				`errcat_server_errors_total{errcat_code="000039",errcat_domain="errcat.dev",error_type="INVALID_FIELD_VALUE",rpc_method="errcat.playground.v1.PlaygroundService/Raise",rpc_response_status_code="INVALID_ARGUMENT"} 1`,
			}
			var got []string
			for _, line := range strings.Split(string(body), "\n") {
				if strings.HasPrefix(line, "errcat_server_errors_total") {
					got = append(got, line)
				}
			}
			sort.Strings(got) // the exporter's order is its own
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("errcat_server_errors_total series:\n%s\nwant:\n%s\nwhole scrape:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), body)
			}
			if strings.Contains(string(body), "order") || strings.Contains(string(body), "quantity") {
				t.Error("an argument reached the metrics")
			}
		})
	}
}
