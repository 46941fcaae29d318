package interceptors_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/internal/testsrv"
)

const (
	raceGoroutines = 64
	raceCalls      = 50
)

// sharedErr is returned by many handlers at once: errors are immutable,
// so sharing one (and its lazily decoded details) must be safe.
var sharedErr = codes.NewObjectNotFound("order", "7").WithDetails(
	&errdetails.ResourceInfo{ResourceType: "order", ResourceName: "orders/7"})

// raceOutcome is what call n of goroutine g does; the request names it.
func raceOutcome(g, n int) (kind string, shape int) {
	kinds := []string{"ok", "catalogue", "shared", "raw", "panic", "status", "deadline", "big"}
	return kinds[(g*7+n)%len(kinds)], (g + n) % 4
}

// TestParallelCalls runs 64 goroutines of 50 calls each over one
// connection, mixing successes, catalogue errors (one of them shared by
// every handler), raw errors, panics, passed-through statuses, context
// errors and over-budget arguments over the four call shapes. Run with
// -race; every answer must be the one its request asked for.
func TestParallelCalls(t *testing.T) {
	logs := &logRecords{}
	fail := func(ctx context.Context, in string) error {
		kind, arg, _ := strings.Cut(in, "/")
		switch kind {
		case "ok":
			return nil
		case "catalogue":
			return fmt.Errorf("wrapped: %w", codes.NewObjectNotFound("user", arg))
		case "shared":
			return sharedErr
		case "raw":
			return errors.New("raw " + arg)
		case "panic":
			panic("panic " + arg)
		case "status":
			return status.Error(grpccodes.Unavailable, "try again "+arg)
		case "deadline":
			return fmt.Errorf("query: %w", context.DeadlineExceeded)
		case "big":
			return codes.NewObjectNotFound(strings.Repeat("é", 8<<10), arg)
		}
		return fmt.Errorf("unknown kind %q", kind)
	}
	srv := hardened(t, failingOrEcho(fail), false, 0, interceptors.WithLogger(slogLogger(logs)))

	var wg sync.WaitGroup
	errs := make(chan error, raceGoroutines*raceCalls)
	for g := range raceGoroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range raceCalls {
				kind, shape := raceOutcome(g, n)
				arg := strconv.Itoa(g*1000 + n)
				ctx := metadata.AppendToOutgoingContext(context.Background(), "x-request-id", "r"+arg)
				err := callShapeCtx(ctx, srv, shape, kind+"/"+arg)
				if msg := checkRaceOutcome(kind, arg, err); msg != "" {
					errs <- fmt.Errorf("goroutine %d call %d (%s, shape %d): %s", g, n, kind, shape, msg)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	misclassified := 0
	for err := range errs {
		misclassified++
		if misclassified <= 10 {
			t.Error(err)
		}
	}
	if misclassified > 0 {
		t.Fatalf("%d of %d calls misclassified", misclassified, raceGoroutines*raceCalls)
	}
	logged := 0
	for g := range raceGoroutines {
		for n := range raceCalls {
			if kind, _ := raceOutcome(g, n); kind == "raw" || kind == "panic" {
				logged++
			}
		}
	}
	if got := len(logs.all()); got != logged {
		t.Errorf("%d log records, want one per raw error and panic (%d)", got, logged)
	}
}

// checkRaceOutcome returns what is wrong with the answer to a call of the
// given kind, or "".
func checkRaceOutcome(kind, arg string, err error) string {
	if kind == "ok" {
		if err != nil {
			return fmt.Sprintf("want success, got %v", err)
		}
		return ""
	}
	e, ok := errcat.FromError(err)
	if !ok {
		return fmt.Sprintf("not an errcat error: %v", err)
	}
	want := map[string]*errcat.Entry{
		"catalogue": codes.ObjectNotFound, "shared": codes.ObjectNotFound, "raw": codes.InternalServerError,
		"panic": codes.InternalServerError, "deadline": codes.RequestDeadlineExceeded, "big": codes.ObjectNotFound,
	}[kind]
	switch {
	case kind == "status":
		// Classified on the client (API_UNREACHABLE), the status kept as sent.
		if !errors.Is(err, codes.APIUnreachable) || e.Details().ErrorInfo.GetReason() != "UNAVAILABLE" ||
			e.GRPCStatus().Message() != "try again "+arg || status.Code(err) != grpccodes.Unavailable {
			return fmt.Sprintf("passed-through status %s %q", e.Details().ErrorInfo.GetReason(), e.GRPCStatus().Message())
		}
	case !errors.Is(err, want) || status.Code(err) != want.GRPCCode():
		return fmt.Sprintf("got %s %v, want %s", e.Reason(), status.Code(err), want.Reason())
	case kind == "catalogue" && e.Arg("id") != arg, kind == "big" && e.Arg("id") != arg:
		return fmt.Sprintf("id %q, want %q", e.Arg("id"), arg)
	case kind == "shared" && (e.Arg("id") != "7" || e.Details().ResourceInfo.GetResourceName() != "orders/7"):
		return fmt.Sprintf("shared error arrived as %v %v", e.Args(), e.Details().ResourceInfo)
	case kind == "big" && e.Details().ErrorInfo.GetMetadata()["truncated"] != "object":
		return fmt.Sprintf("big argument not marked truncated: %q", e.Details().ErrorInfo.GetMetadata()["truncated"])
	}
	if kind != "status" && e.Details().RequestInfo.GetRequestId() != "r"+arg {
		return fmt.Sprintf("request id %q, want r%s", e.Details().RequestInfo.GetRequestId(), arg)
	}
	return ""
}

// failingOrEcho answers every shape with fail(first request), or echoes
// the first request when fail returns nil; server streams send a message
// first, so errors come both before and after messages.
func failingOrEcho(fail func(ctx context.Context, in string) error) testsrv.Handlers {
	return testsrv.Handlers{
		Unary: func(ctx context.Context, in string) (string, error) { return in, fail(ctx, in) },
		ServerStream: func(ctx context.Context, in string, send func(string) error) error {
			if err := send("first"); err != nil {
				return err
			}
			if err := fail(ctx, in); err != nil {
				return err
			}
			return send(in)
		},
		ClientStream: func(ctx context.Context, recv func() (string, error)) (string, error) {
			in, err := recv()
			if err != nil {
				return "", err
			}
			return in, fail(ctx, in)
		},
		Bidi: func(ctx context.Context, recv func() (string, error), send func(string) error) error {
			in, err := recv()
			if err != nil {
				return err
			}
			if err := fail(ctx, in); err != nil {
				return err
			}
			return send(in)
		},
	}
}

// TestDecodedErrorIsSafeToShare: one error decoded on a client, read by
// many goroutines at once (Details is decoded lazily, once).
func TestDecodedErrorIsSafeToShare(t *testing.T) {
	srv := hardened(t, failingOrEcho(func(context.Context, string) error { return sharedErr }), false, 0)
	_, err := srv.Unary(context.Background(), "x")
	e, ok := errcat.FromError(err)
	if !ok {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range raceGoroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ri, ok := errcat.DetailAs[*errdetails.ResourceInfo](e); !ok || ri.GetResourceName() != "orders/7" {
				t.Errorf("DetailAs: %v %v", ri, ok)
			}
			_ = e.Details().Help.GetLinks()
			_, _ = e.Error(), e.Args()
			_ = e.GRPCStatus().Proto()
			_ = sharedErr.StatusProto(errcat.StatusOptions{RequestID: "x"})
			_ = sharedErr.Details()
		}()
	}
	wg.Wait()
}
