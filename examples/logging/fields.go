package main

import (
	"context"
	"log/slog"

	"github.com/grpc-ecosystem/go-grpc-middleware/v2/interceptors/logging"
	"google.golang.org/grpc/metadata"

	"github.com/errcat/errcat"
)

// ErrorFields is go-grpc-middleware's error-fields hook
// (logging.WithErrorFields) for errcat: the catalogue entry of a failed
// call, and the request id the client received in google.rpc.RequestInfo,
// under which errcat's server logged an internal error. Arguments are not
// logged: they may carry user data.
func ErrorFields(err error) logging.Fields {
	e, ok := errcat.FromError(err)
	if !ok {
		return nil
	}
	f := logging.Fields{"errcat.reason", e.Reason(), "errcat.domain", e.Domain()}
	if code := e.Code(); code != "" {
		f = append(f, "errcat.code", code)
	}
	if id := e.Details().RequestInfo.GetRequestId(); id != "" {
		f = append(f, "errcat.request_id", id)
	}
	return f
}

// RequestIDFields is the context hook (logging.WithFieldsFromContext) of the
// server: the x-request-id the client sent, on every line of the call.
func RequestIDFields(ctx context.Context) logging.Fields {
	if v := metadata.ValueFromIncomingContext(ctx, "x-request-id"); len(v) > 0 {
		return logging.Fields{"request_id", v[0]}
	}
	return nil
}

// Logger adapts a slog logger to go-grpc-middleware's logging.Logger.
func Logger(l *slog.Logger) logging.Logger {
	return logging.LoggerFunc(func(ctx context.Context, level logging.Level, msg string, fields ...any) {
		l.Log(ctx, slog.Level(level), msg, fields...)
	})
}
