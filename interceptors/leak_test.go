package interceptors_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/internal/testsrv"
)

// leakIterations and leakSeed bound and fix the property test: the same
// 200 scenarios run every time.
const (
	leakIterations = 200
	leakSeed       = 0x5ec7e7
	leakPerServer  = 25 // calls recorded by one server, checked together
)

// A leakScenario is one random way of failing a call with a secret.
type leakScenario struct {
	kind   string
	fail   func() error // may panic
	want   *errcat.Entry
	logged bool // the secret must be in the server's log
	shape  int  // 0 unary, 1 server stream, 2 client stream, 3 bidi
	after  int  // messages sent before failing (streams)
}

// leakKinds build the scenarios: each hides secret in a place errcat must
// never send (causes, wrap texts, raw errors, panics, mapped errors).
func leakKinds(r *rand.Rand, secret string) []leakScenario {
	ents := allEntries()
	ent := ents[r.IntN(len(ents))]
	catErr := ent.New(exampleArgs(ent)...)
	deep := func(inner error) error {
		err := inner
		for i := range 1 + r.IntN(4) {
			switch r.IntN(3) {
			case 0:
				err = fmt.Errorf("layer %d (%s): %w", i, secret, err)
			case 1:
				err = errors.Join(errors.New(secret), err)
			default:
				err = fmt.Errorf("layer %d: %w", i, err)
			}
		}
		return err
	}
	return []leakScenario{
		{kind: "cause", fail: func() error { return catErr.WithCause(errors.New(secret)) }, want: ent},
		{kind: "wrapped catalogue error", fail: func() error { return deep(catErr.WithCause(deep(errors.New(secret)))) }, want: ent},
		{kind: "joined with a catalogue error", fail: func() error { return errors.Join(errors.New(secret), catErr) }, want: ent},
		{kind: "raw error", fail: func() error { return errors.New("query failed: " + secret) }, want: codes.InternalServerError, logged: true},
		{kind: "raw wrap chain", fail: func() error { return deep(fmt.Errorf("dial %s: %w", secret, io.ErrUnexpectedEOF)) },
			want: codes.InternalServerError, logged: true},
		{kind: "panic string", fail: func() error { panic(secret) }, want: codes.InternalServerError, logged: true},
		{kind: "panic error", fail: func() error { panic(deep(errors.New(secret))) }, want: codes.InternalServerError, logged: true},
		{kind: "panic struct", fail: func() error { panic(struct{ DSN string }{secret}) }, want: codes.InternalServerError, logged: true},
		{kind: "panic catalogue error", fail: func() error { panic(fmt.Errorf("%s: %w", secret, catErr)) },
			want: codes.InternalServerError, logged: true},
		{kind: "wrapped status", fail: func() error {
			return deep(status.Error(grpccodes.NotFound, "no such user"))
		}, want: nil},
		{kind: "wrapped deadline", fail: func() error { return deep(context.DeadlineExceeded) }, want: codes.RequestDeadlineExceeded},
		{kind: "wrapped cancel", fail: func() error { return deep(fmt.Errorf("%s: %w", secret, context.Canceled)) }, want: codes.RequestCancelled},
		{kind: "mapped", fail: func() error { return fmt.Errorf("%s: %w", secret, errMapped) }, want: codes.ResourceNotFound},
		{kind: "debug detail of the handler", fail: func() error {
			return catErr.WithDetails(&errdetails.DebugInfo{Detail: secret}).WithCause(errors.New(secret))
		}, want: ent},
	}
}

var errMapped = errors.New("sql: no rows in result set")

// TestNoSecretReachesTheClient is a property test: random secrets hidden
// in causes, wrap chains, raw errors, panics and mapped errors, over every
// call shape; none may appear in any byte the client receives (every
// header and trailer field, HPACK-decoded, grpc-status-details-bin decoded,
// every DATA frame, the raw bytes), nor in the client's error; the errors
// the server logs do carry it.
func TestNoSecretReachesTheClient(t *testing.T) {
	r := rand.New(rand.NewPCG(leakSeed, leakSeed))
	var scenarios []leakScenario
	var secrets []string
	for range leakIterations {
		secret := randomSecret(r)
		kinds := leakKinds(r, secret)
		s := kinds[r.IntN(len(kinds))]
		s.shape, s.after = r.IntN(4), r.IntN(3)
		scenarios = append(scenarios, s)
		secrets = append(secrets, secret)
	}
	for first := 0; first < len(scenarios); first += leakPerServer {
		logs := &logRecords{}
		srv := hardened(t, scenarioHandlers(scenarios), true, 0,
			interceptors.WithLogger(slogLogger(logs)),
			interceptors.WithMapper(func(err error) *errcat.Error {
				if errors.Is(err, errMapped) {
					return codes.NewResourceNotFound()
				}
				return nil
			}))
		last := min(first+leakPerServer, len(scenarios))
		for i := first; i < last; i++ {
			s, secret := scenarios[i], secrets[i]
			what := fmt.Sprintf("scenario %d (%s, shape %d, after %d)", i, s.kind, s.shape, s.after)
			err := callShape(srv, s.shape, strconv.Itoa(i))
			e := mustErrcat(t, what, err, s.want)
			// A passed-through status is classified on the client (client
			// catalogue), the status kept as sent.
			if s.want == nil && (!errors.Is(err, codes.NotFoundError) || e.Details().ErrorInfo.GetReason() != "NOT_FOUND" ||
				e.GRPCStatus().Message() != "no such user") {
				t.Errorf("%s: passed-through status %s %q", what, e.Details().ErrorInfo.GetReason(), e.GRPCStatus().Message())
			}
			if strings.Contains(err.Error(), secret) || strings.Contains(fmt.Sprint(e.Details()), secret) {
				t.Errorf("%s: the client's error carries the secret: %v", what, err)
			}
			if s.logged {
				found := false
				for _, rec := range logs.all() {
					found = found || strings.Contains(rec["error"], secret)
				}
				if !found {
					t.Errorf("%s: the secret is not in the server's log", what)
				}
			}
		}
		checkNoSecret(t, srv.Recorder(), secrets[first:last])
		srv.Stop()
	}
}

// randomSecret returns a marker no errcat text contains.
func randomSecret(r *rand.Rand) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := []byte("S3CR3T-")
	for range 12 + r.IntN(20) {
		b = append(b, alphabet[r.IntN(len(alphabet))])
	}
	return string(b)
}

// scenarioHandlers run scenario i, named by the first request of a call.
func scenarioHandlers(scenarios []leakScenario) testsrv.Handlers {
	get := func(in string) leakScenario {
		i, _ := strconv.Atoi(in)
		return scenarios[i]
	}
	return testsrv.Handlers{
		Unary: func(ctx context.Context, in string) (string, error) { return "", get(in).fail() },
		ServerStream: func(ctx context.Context, in string, send func(string) error) error {
			s := get(in)
			for range s.after {
				if err := send("m"); err != nil {
					return err
				}
			}
			return s.fail()
		},
		ClientStream: func(ctx context.Context, recv func() (string, error)) (string, error) {
			in, err := recv()
			if err != nil {
				return "", err
			}
			s := get(in)
			for range s.after {
				if _, err := recv(); err != nil {
					break
				}
			}
			return "", s.fail()
		},
		Bidi: func(ctx context.Context, recv func() (string, error), send func(string) error) error {
			in, err := recv()
			if err != nil {
				return err
			}
			s := get(in)
			for range s.after {
				if err := send("m"); err != nil {
					return err
				}
			}
			return s.fail()
		},
	}
}

// callShape calls the method of the given shape with first as the first
// request and returns the call's error.
func callShape(srv *testsrv.Server, shape int, first string) error {
	ctx := context.Background()
	var err error
	switch shape {
	case 0:
		_, err = srv.Unary(ctx, first)
	case 1:
		_, err = srv.ServerStream(ctx, first)
	case 2:
		_, err = srv.ClientStream(ctx, []string{first, "b", "c"})
	default:
		_, err = srv.Bidi(ctx, []string{first, "b", "c"})
	}
	if err == nil {
		return errors.New("the call succeeded")
	}
	return err
}

// checkNoSecret searches everything the client received for the secrets.
func checkNoSecret(t *testing.T, rec *testsrv.Recorder, secrets []string) {
	t.Helper()
	fields, data, err := rec.Decode()
	if err != nil {
		t.Fatalf("decode recorded frames: %v", err)
	}
	if len(fields) == 0 {
		t.Fatal("nothing recorded")
	}
	var haystack [][]byte
	haystack = append(haystack, rec.Bytes())
	for _, f := range fields {
		haystack = append(haystack, []byte(f.Name), []byte(f.Value))
		if strings.HasSuffix(f.Name, "-bin") {
			b, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(f.Value, "="))
			if err != nil {
				t.Errorf("%s is not base64: %v", f.Name, err)
			}
			haystack = append(haystack, b)
		}
	}
	haystack = append(haystack, data...)
	for _, s := range secrets {
		// The random part alone, too: a prefix could be cut or escaped.
		for _, needle := range []string{s, s[len("S3CR3T-"):]} {
			for _, h := range haystack {
				if bytes.Contains(h, []byte(needle)) {
					t.Errorf("secret %s reached the client: %.200q", s, h)
				}
			}
		}
	}
}
