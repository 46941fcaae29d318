package main

import (
	"context"
	"net/http"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"google.golang.org/grpc"
	"google.golang.org/grpc/status"

	"github.com/errcat/errcat/gateway"
	"github.com/errcat/errcat/otelerrcat"
)

// GET /metrics: the errcat counters of otelerrcat in the Prometheus text
// format, through the OpenTelemetry Prometheus exporter.
//
// Each failed call counts once on errcat.server.errors: a gRPC call, and a
// REST call in connection mode that reached the gRPC server, in the gRPC
// server's otelerrcat interceptors; a REST call in direct mode (no gRPC
// interceptor runs) and the gateway's own errors in either mode (HTTP-layer
// entries such as 000029, which never reach the server), through the
// gateway's error observer, which skips what the server sent.
func init() {
	var (
		registry *prometheus.Registry
		provider *sdkmetric.MeterProvider
		server   *otelerrcat.Server
	)
	configureHooks = append(configureHooks, func(a *App) error {
		registry = prometheus.NewRegistry()
		exp, err := otelprom.New(otelprom.WithRegisterer(registry), otelprom.WithoutTargetInfo(), otelprom.WithoutScopeInfo())
		if err != nil {
			return err
		}
		provider = sdkmetric.NewMeterProvider(sdkmetric.WithReader(exp))
		server = otelerrcat.NewServer(otelerrcat.WithMeterProvider(provider))
		// grpc.UnaryInterceptor runs before every chained interceptor, so
		// otelerrcat sits outside errcat's and sees what the client gets.
		a.GRPCOptions = append(a.GRPCOptions, grpc.UnaryInterceptor(server.Unary()), grpc.StreamInterceptor(server.Stream()))
		a.GatewayOptions = append(a.GatewayOptions, gateway.WithErrorObserver(func(ctx context.Context, _ *http.Request, st *status.Status) {
			if gateway.FromServer(ctx) {
				return // counted by the gRPC server's interceptors
			}
			method, _ := runtime.RPCMethod(ctx)
			server.Record(ctx, method, st.Err())
		}))
		a.OnStop(func() { _ = provider.Shutdown(context.Background()) })
		return nil
	})
	mountHooks = append(mountHooks, func(a *App) error {
		a.Mux.Handle("GET /metrics", promhttp.HandlerFor(registry, promhttp.HandlerOpts{}))
		return nil
	})
}
