package benchmarks

import (
	"context"
	"encoding/base64"
	"strconv"

	"google.golang.org/grpc/status"

	"github.com/errcat/errcat"
	_ "github.com/errcat/errcat/codes" // registers the generated catalogues
)

// TrailerBlockSize is the HTTP/2 header-list size (name + value + 32 per
// field, the measure of SETTINGS_MAX_HEADER_LIST_SIZE and of errcat's
// trailer budget) of the trailers grpc-go writes for st: grpc-status,
// grpc-message (percent-encoded) and grpc-status-details-bin (unpadded
// base64). It is computed here independently of errcat.
func TrailerBlockSize(st *status.Status) int {
	msg := 0
	for _, c := range []byte(st.Message()) {
		if c < 0x20 || c > 0x7E || c == '%' {
			msg += 3
		} else {
			msg++
		}
	}
	n := 32 + len("grpc-status") + len(strconv.Itoa(int(st.Code())))
	n += 32 + len("grpc-message") + msg
	if len(st.Proto().GetDetails()) > 0 {
		n += 32 + len("grpc-status-details-bin") + base64.RawStdEncoding.EncodedLen(len(WireBytes(st)))
	}
	return n
}

// EncodeEntry sends e through the errcat server interceptor, as
// [EncodeErrcat] does, and returns the status.
func EncodeEntry(ctx context.Context, e *errcat.Error) *status.Status {
	_, err := errcatServer(ctx, nil, encodeInfo, func(context.Context, any) (any, error) { return nil, e })
	st, _ := status.FromError(err)
	return st
}

// Largest returns the entry of the registered catalogues whose status is the
// largest when its arguments are their documented examples (argLen < 0) or
// strings of argLen bytes, with a request id, and that status.
func Largest(ctx context.Context, argLen int) (*errcat.Entry, *status.Status) {
	var best *errcat.Entry
	var bestSt *status.Status
	size := -1
	for _, c := range errcat.Catalogs() {
		for _, ent := range c.Entries() {
			var args []string
			for _, a := range ent.ArgSpecs() {
				v := a.Example
				if argLen >= 0 {
					v = repeat('x', argLen)
				}
				args = append(args, v)
			}
			st := EncodeEntry(ctx, ent.New(args...))
			if n := TrailerBlockSize(st); n > size {
				best, bestSt, size = ent, st, n
			}
		}
	}
	return best, bestSt
}

func repeat(c byte, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = c
	}
	return string(b)
}
