package interceptors_test

// The helpers the interceptor tests share: servers behind the errcat
// interceptors, log recorders, and the checks of what a client received.

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"google.golang.org/grpc"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/internal/testsrv"
)

// wrapString is a custom detail of a type every program links.
func wrapString(s string) *wrapperspb.StringValue { return wrapperspb.String(s) }

// unknownAny is a detail of a type no program links.
func unknownAny() *anypb.Any {
	return &anypb.Any{TypeUrl: "type.googleapis.com/warehouse.v1.StockLock", Value: []byte{0x0a, 0x03, 'A', '-', '1'}}
}

// serve serves h behind the errcat server interceptors configured by opts
// and dials it through the errcat client interceptors plus dial, recording
// every byte the client receives. start and hardened are its two uses.
func serve(t testing.TB, h testsrv.Handlers, tcp bool, dial []grpc.DialOption, opts ...interceptors.ServerOption) *testsrv.Server {
	t.Helper()
	return testsrv.Start(t, h, testsrv.Config{
		TCP:        tcp,
		Record:     true,
		ServerOpts: interceptors.ChainServer(interceptors.NewServer(opts...)),
		DialOpts:   append(interceptors.ChainClient(interceptors.NewClient()), dial...),
	})
}

// start serves h behind both errcat interceptor chains.
func start(t *testing.T, h testsrv.Handlers, tcp bool, opts ...interceptors.ServerOption) *testsrv.Server {
	t.Helper()
	return serve(t, h, tcp, nil, opts...)
}

// quietLogger collects what the server logs.
func quietLogger() (*slog.Logger, *testsrv.SyncBuffer) {
	var buf testsrv.SyncBuffer
	return slog.New(slog.NewJSONHandler(&buf, nil)), &buf
}

// exampleArgs are the example values of e's arguments.
func exampleArgs(e *errcat.Entry) []string {
	var args []string
	for _, a := range e.ArgSpecs() {
		args = append(args, a.Example)
	}
	return args
}

// allEntries are the entries errcat servers send: the common and the
// runtime catalogues'.
func allEntries() []*errcat.Entry {
	return append(codes.CommonErrorCatalog.Entries(), codes.RuntimeErrorCatalog.Entries()...)
}

// clientHeaderLimit is the header-list limit of the hardened client: 8 KiB,
// the default of grpc-java and gRPC C-core clients.
const clientHeaderLimit = 8 << 10

// hardened serves h behind the errcat interceptors and dials it with a
// client that accepts at most limit bytes of headers (0 means
// clientHeaderLimit), recording every byte it receives.
func hardened(t testing.TB, h testsrv.Handlers, tcp bool, limit uint32, opts ...interceptors.ServerOption) *testsrv.Server {
	t.Helper()
	if limit == 0 {
		limit = clientHeaderLimit
	}
	// Logs go nowhere unless the test asks for them.
	opts = append([]interceptors.ServerOption{interceptors.WithLogger(slog.New(slog.DiscardHandler))}, opts...)
	return serve(t, h, tcp, []grpc.DialOption{
		grpc.WithMaxHeaderListSize(limit),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(8<<20), grpc.MaxCallSendMsgSize(8<<20)),
	}, opts...)
}

// mustErrcat returns the typed error the client got, failing the test if
// the call was not answered with an errcat status of entry want (nil: any)
// carrying the entry's gRPC code, reason, domain and numeric code.
func mustErrcat(t testing.TB, what string, err error, want *errcat.Entry) *errcat.Error {
	t.Helper()
	var got *errcat.Error
	if !errors.As(err, &got) {
		t.Fatalf("%s: client got %T %v, want an *errcat.Error", what, err, err)
	}
	info := got.Details().ErrorInfo
	if info == nil {
		t.Fatalf("%s: no ErrorInfo decoded", what)
	}
	if want == nil {
		return got
	}
	if got.Entry() != want || !errors.Is(err, want) {
		t.Errorf("%s: got entry %s/%s, want %s/%s", what, got.Domain(), got.Reason(), want.Domain(), want.Reason())
	}
	if status.Code(err) != want.GRPCCode() {
		t.Errorf("%s: gRPC code %v, want %v", what, status.Code(err), want.GRPCCode())
	}
	if info.GetReason() != want.Reason() || info.GetDomain() != want.Domain() || info.GetMetadata()["code"] != want.Code() {
		t.Errorf("%s: ErrorInfo %s/%s code %q, want %s/%s code %q", what, info.GetDomain(), info.GetReason(),
			info.GetMetadata()["code"], want.Domain(), want.Reason(), want.Code())
	}
	return got
}

// checkArgs compares the arguments received with those sent: each is equal,
// or (only if its name is listed under metadata "truncated") a valid UTF-8
// prefix of the original ending with "…".
func checkArgs(t testing.TB, what string, got *errcat.Error, sent []string) {
	t.Helper()
	truncated := map[string]bool{}
	if v := got.Details().ErrorInfo.GetMetadata()[errcat.MetadataTruncatedKey]; v != "" {
		for _, n := range strings.Split(v, ",") {
			truncated[n] = true
		}
	}
	names := got.Entry().ArgNames()
	for i, name := range names {
		a, want := got.Arg(name), ""
		if i < len(sent) {
			want = strings.ToValidUTF8(sent[i], "\uFFFD")
		}
		switch {
		case !utf8.ValidString(a):
			t.Errorf("%s: arg %s is not valid UTF-8", what, name)
		case a == want:
			if truncated[name] {
				t.Errorf("%s: arg %s arrived whole but is marked truncated", what, name)
			}
		case !truncated[name]:
			t.Errorf("%s: arg %s changed (%d bytes, sent %d) without a truncation mark", what, name, len(a), len(want))
		case !strings.HasSuffix(a, "…") || !strings.HasPrefix(want, strings.TrimSuffix(a, "…")):
			t.Errorf("%s: truncated arg %s is not a prefix of the original followed by …: %.40q", what, name, a)
		}
	}
}

// lastTrailerSize returns the HTTP/2 header-list size (name + value + 32 per
// field) of the last trailer block the client received (see
// testsrv.Recorder.LastTrailers: an overestimate at worst).
func lastTrailerSize(t testing.TB, rec *testsrv.Recorder) int {
	t.Helper()
	fields, err := rec.LastTrailers()
	if err != nil {
		t.Fatal(err)
	}
	size := 0
	for _, f := range fields {
		size += len(f.Name) + len(f.Value) + 32
	}
	return size
}

// logRecords is a slog.Handler that keeps every record with its attributes.
type logRecords struct {
	mu   sync.Mutex
	recs []map[string]string
}

func (l *logRecords) Enabled(context.Context, slog.Level) bool { return true }

func (l *logRecords) Handle(_ context.Context, r slog.Record) error {
	m := map[string]string{"msg": r.Message, "level": r.Level.String()}
	r.Attrs(func(a slog.Attr) bool {
		m[a.Key] = a.Value.String()
		return true
	})
	l.mu.Lock()
	l.recs = append(l.recs, m)
	l.mu.Unlock()
	return nil
}

func (l *logRecords) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logRecords) WithGroup(string) slog.Handler      { return l }

// find returns the records whose request_id is id.
func (l *logRecords) find(id string) []map[string]string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]string
	for _, r := range l.recs {
		if r["request_id"] == id {
			out = append(out, r)
		}
	}
	return out
}

// all returns a copy of every record.
func (l *logRecords) all() []map[string]string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]map[string]string(nil), l.recs...)
}

// slogLogger logs into l.
func slogLogger(l *logRecords) *slog.Logger { return slog.New(l) }
