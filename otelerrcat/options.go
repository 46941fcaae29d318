package otelerrcat

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
)

// Option configures the server and the client interceptors.
type Option func(*options)

type options struct {
	meterProvider metric.MeterProvider
}

var defaultOptions = options{}

func newOptions(opts []Option) *options {
	o := defaultOptions // copied, then the caller's options apply
	for _, opt := range opts {
		opt(&o)
	}
	if o.meterProvider == nil {
		o.meterProvider = otel.GetMeterProvider()
	}
	return &o
}

// WithMeterProvider sets the meter provider of the counters (default the
// global one, otel.GetMeterProvider()).
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(o *options) { o.meterProvider = mp }
}
