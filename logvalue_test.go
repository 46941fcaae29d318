package errcat_test

import (
	"bytes"
	"errors"
	"log/slog"
	"os"
	"strings"
	"testing"

	"google.golang.org/grpc/status"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
)

// textLogger logs without the time, so that output is stable.
func textLogger(w *bytes.Buffer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
}

func TestLogValue(t *testing.T) {
	const secret = "dial tcp 10.0.0.7:5432: password=hunter2"
	e := codes.NewObjectNotFound("invoice", "INV-7").WithCause(errors.New(secret))

	var buf bytes.Buffer
	textLogger(&buf).Error("call failed", "error", e)
	want := `level=ERROR msg="call failed" error.reason=OBJECT_NOT_FOUND error.code=000012 error.domain=errcat.dev error.args.object=invoice error.args.id=INV-7` + "\n"
	if buf.String() != want {
		t.Errorf("LogValue:\n got %q\nwant %q", buf.String(), want)
	}
	if strings.Contains(buf.String(), "hunter2") {
		t.Error("LogValue logged the cause")
	}

	buf.Reset()
	textLogger(&buf).Error("call failed", "error", e.LogValueWithCause())
	if !strings.Contains(buf.String(), `error.cause="`+secret+`"`) {
		t.Errorf("LogValueWithCause did not log the cause: %q", buf.String())
	}

	var nilErr *errcat.Error
	if got := nilErr.LogValue().String(); got != "<nil>" {
		t.Errorf("nil LogValue = %q", got)
	}
}

// Every entry of the common catalogue logs its reason, code and domain, and
// as many named args as it has, also when decoded from the wire.
func TestLogValueEveryEntry(t *testing.T) {
	for _, ent := range codes.CommonErrorCatalog.Entries() {
		args := make([]string, len(ent.ArgNames()))
		for i := range args {
			args[i] = "v" + ent.ArgNames()[i]
		}
		sent := ent.New(args...)
		got, ok := errcat.FromError(status.FromProto(sent.StatusProto(errcat.StatusOptions{})).Err())
		if !ok {
			t.Fatalf("%s: not decoded", ent.Reason())
		}
		for _, e := range []*errcat.Error{sent, got} {
			v := e.LogValue().Resolve()
			m := map[string]string{}
			for _, a := range v.Group() {
				if a.Key == "args" {
					for _, arg := range a.Value.Group() {
						m["args."+arg.Key] = arg.Value.String()
					}
					continue
				}
				m[a.Key] = a.Value.String()
			}
			if m["reason"] != ent.Reason() || m["code"] != ent.Code() || m["domain"] != ent.Domain() {
				t.Errorf("%s: logged %v", ent.Reason(), m)
			}
			for _, name := range ent.ArgNames() {
				if m["args."+name] != "v"+name {
					t.Errorf("%s: arg %s logged as %q", ent.Reason(), name, m["args."+name])
				}
			}
		}
	}
}

// An *errcat.Error logs as its entry and arguments, never its cause.
func ExampleError_LogValue() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.TimeKey {
				return slog.Attr{} // stable output
			}
			return a
		},
	}))
	err := codes.NewObjectNotFound("invoice", "INV-7").WithCause(errors.New("sql: no rows in result set"))
	logger.Warn("lookup failed", "error", err)
	logger.Warn("lookup failed", "error", err.LogValueWithCause())
	// Output:
	// level=WARN msg="lookup failed" error.reason=OBJECT_NOT_FOUND error.code=000012 error.domain=errcat.dev error.args.object=invoice error.args.id=INV-7
	// level=WARN msg="lookup failed" error.reason=OBJECT_NOT_FOUND error.code=000012 error.domain=errcat.dev error.args.object=invoice error.args.id=INV-7 error.cause="sql: no rows in result set"
}
