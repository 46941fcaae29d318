package interceptors_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"google.golang.org/grpc/metadata"

	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/internal/testsrv"
)

// panicValues are how handlers panic; logged is what the log record's
// error must contain.
var panicValues = []struct {
	name   string
	boom   func()
	logged string
}{
	{"nil", func() { panic(nil) }, "nil"},
	{"string", func() { panic("boom") }, "boom"},
	{"error", func() { panic(errors.New("disk full")) }, "disk full"},
	{"wrapped catalogue error", func() { panic(fmt.Errorf("oops: %w", codes.NewObjectNotFound("user", "42"))) }, "oops"},
	{"struct", func() { panic(struct{ Table, Op string }{"users", "drop"}) }, "users"},
	{"pointer", func() { panic(&struct{ N int }{7}) }, "7"},
	{"int", func() { panic(42) }, "42"},
	{"error whose Error panics", func() { panic(panickyError{}) }, "PANIC"},
	{"runtime error", func() {
		var m map[string]int
		//lint:ignore SA5000 the test needs a runtime panic
		m["x"] = 1
	}, "assignment to entry in nil map"},
}

type panickyError struct{}

func (panickyError) Error() string { panic("Error() panics too") }

// panicShapes are the call shapes and when the handler panics.
var panicShapes = []struct {
	name  string
	shape int // as callShape
	after int
}{
	{"unary", 0, 0},
	{"server stream before messages", 1, 0},
	{"server stream after messages", 1, 2},
	{"client stream", 2, 0},
	{"client stream after reading", 2, 2},
	{"bidi before messages", 3, 0},
	{"bidi after messages", 3, 2},
}

var correlationID = regexp.MustCompile(`^[0-9a-f]{16}$`)

// TestPanicsInEveryCallShape: a handler that panics, with any value, in
// any call shape, answers the internal error with a correlation id in
// RequestInfo; that id is logged once, at error level, with the panic
// value and the stack; and the server goes on serving.
func TestPanicsInEveryCallShape(t *testing.T) {
	for _, withID := range []bool{false, true} {
		t.Run(map[bool]string{false: "generated id", true: "incoming id"}[withID], func(t *testing.T) {
			logs := &logRecords{}
			var current func()
			srv := hardened(t, panicHandlers(func() { current() }), false, 0, interceptors.WithLogger(slogLogger(logs)))
			for _, pv := range panicValues {
				for _, sh := range panicShapes {
					what := pv.name + " in " + sh.name
					current = pv.boom
					ctx := context.Background()
					if withID {
						ctx = metadata.AppendToOutgoingContext(ctx, "x-request-id", "req-"+strings.ReplaceAll(what, " ", "-"))
					}
					err := callShapeCtx(ctx, srv, sh.shape, fmt.Sprintf("panic:%d", sh.after))
					e := mustErrcat(t, what, err, codes.InternalServerError)
					id := e.Details().RequestInfo.GetRequestId()
					if withID && id != "req-"+strings.ReplaceAll(what, " ", "-") || !withID && !correlationID.MatchString(id) {
						t.Errorf("%s: request id %q", what, id)
					}
					if strings.Contains(err.Error(), pv.logged) && pv.logged != "nil" {
						t.Errorf("%s: the panic value reached the client: %v", what, err)
					}
					recs := logs.find(id)
					if len(recs) != 1 {
						t.Fatalf("%s: %d log records with id %s, want 1 (all: %v)", what, len(recs), id, logs.all())
					}
					rec := recs[0]
					if rec["level"] != "ERROR" || !strings.Contains(rec["error"], pv.logged) ||
						rec["reason"] != "INTERNAL_SERVER_ERROR" || !strings.HasPrefix(rec["grpc.method"], "/errcat.test.Test/") {
						t.Errorf("%s: log record %v", what, rec)
					}
					if st := rec["stack"]; !strings.Contains(st, "goroutine ") || !strings.Contains(st, "panic_test.go") {
						t.Errorf("%s: the stack is not logged with the id: %.300q", what, st)
					}
					// The server goes on serving, in the same shape and others.
					for _, shape := range []int{sh.shape, 0} {
						if err := callShapeCtx(context.Background(), srv, shape, "ok"); err != nil {
							t.Fatalf("%s: the next call (shape %d) fails: %v", what, shape, err)
						}
					}
				}
			}
			if n := len(logs.all()); n != len(panicValues)*len(panicShapes) {
				t.Errorf("%d log records for %d panics", n, len(panicValues)*len(panicShapes))
			}
		})
	}
}

// panicHandlers call boom on requests "panic:<n>" (after n messages in
// streams) and succeed on others.
func panicHandlers(boom func()) testsrv.Handlers {
	after := func(in string) (int, bool) {
		n, ok := strings.CutPrefix(in, "panic:")
		if !ok {
			return 0, false
		}
		return int(n[0] - '0'), true
	}
	return testsrv.Handlers{
		Unary: func(ctx context.Context, in string) (string, error) {
			if _, ok := after(in); ok {
				boom()
			}
			return in, nil
		},
		ServerStream: func(ctx context.Context, in string, send func(string) error) error {
			n, ok := after(in)
			for range n {
				if err := send("m"); err != nil {
					return err
				}
			}
			if ok {
				boom()
			}
			return send(in)
		},
		ClientStream: func(ctx context.Context, recv func() (string, error)) (string, error) {
			in, err := recv()
			if err != nil {
				return "", err
			}
			n, ok := after(in)
			for range n {
				if _, err := recv(); err != nil {
					break
				}
			}
			if ok {
				boom()
			}
			return in, nil
		},
		Bidi: func(ctx context.Context, recv func() (string, error), send func(string) error) error {
			in, err := recv()
			if err != nil {
				return err
			}
			n, ok := after(in)
			for range n {
				if err := send("m"); err != nil {
					return err
				}
			}
			if ok {
				boom()
			}
			return send(in)
		},
	}
}

// callShapeCtx is callShape with a context; a successful call returns nil.
func callShapeCtx(ctx context.Context, srv *testsrv.Server, shape int, first string) error {
	var err error
	var got []string
	switch shape {
	case 0:
		var out string
		out, err = srv.Unary(ctx, first)
		got = []string{out}
	case 1:
		got, err = srv.ServerStream(ctx, first)
	case 2:
		var out string
		out, err = srv.ClientStream(ctx, []string{first, "b", "c"})
		got = []string{out}
	default:
		got, err = srv.Bidi(ctx, []string{first, "b", "c"})
	}
	if err == nil && !slices.Contains(got, first) {
		return fmt.Errorf("shape %d answered %q, want %q", shape, got, first)
	}
	return err
}
