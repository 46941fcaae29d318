package errcat

import (
	"log/slog"
	"strconv"
)

// LogValue implements [slog.LogValuer]: logged as an attribute, the error is
// a group of reason, code (when there is one), domain and args (a group of
// the arguments by name). The cause is never part of it: it may hold
// internal details that a log shipped elsewhere must not carry; ask for it
// explicitly with [Error.LogValueWithCause].
//
//	logger.Error("call failed", "error", err) // err an *errcat.Error
//	// error.reason=OBJECT_NOT_FOUND error.code=000012 error.domain=errcat.dev error.args.object=order ...
func (e *Error) LogValue() slog.Value {
	if e == nil {
		return slog.StringValue("<nil>")
	}
	return slog.GroupValue(e.logAttrs(false)...)
}

// LogValueWithCause is [Error.LogValue] plus the cause's text, under
// "cause", when the error has one:
//
//	logger.Error("call failed", "error", e.LogValueWithCause())
func (e *Error) LogValueWithCause() slog.Value {
	if e == nil {
		return slog.StringValue("<nil>")
	}
	return slog.GroupValue(e.logAttrs(true)...)
}

func (e *Error) logAttrs(cause bool) []slog.Attr {
	attrs := make([]slog.Attr, 0, 5)
	attrs = append(attrs, slog.String("reason", e.Reason()))
	if code := e.Code(); code != "" {
		attrs = append(attrs, slog.String("code", code))
	}
	attrs = append(attrs, slog.String("domain", e.Domain()))
	if len(e.args) > 0 {
		args := make([]slog.Attr, len(e.args))
		for i, v := range e.args {
			name := strconv.Itoa(i)
			if i < len(e.entry.argNames) {
				name = e.entry.argNames[i]
			}
			args[i] = slog.String(name, v)
		}
		attrs = append(attrs, slog.Attr{Key: "args", Value: slog.GroupValue(args...)})
	}
	if cause && e.cause != nil {
		attrs = append(attrs, slog.String("cause", e.cause.Error()))
	}
	return attrs
}
