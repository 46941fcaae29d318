package errcat

import (
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
)

// The trailer budget: its constants, the sizing of the trailer block
// (from the parts of a status, so that fitting a status into the budget
// never re-encodes it) and the shortening of arguments, messages and
// ErrorInfo. [Error.StatusProto] and [Normalize] apply it.

// DefaultTrailerBudget is the default size limit of the trailer block, in
// HTTP/2 header-list bytes (name + value + 32 per field): 8 KiB, the default
// limit of grpc-java and gRPC C-core clients.
const DefaultTrailerBudget = 8 << 10

// trailerReserve is kept free inside the budget for the fields of the
// header block errcat does not write: ":status" and "content-type" (about
// 100 bytes, in a trailers-only response) and trailers the handler sets
// itself, which errcat cannot see. Small budgets keep an eighth instead.
const trailerReserve = 512

// budgetLimit is the part of a trailer budget errcat's own trailers may
// use: the budget less the reserve (an eighth of small budgets).
func budgetLimit(budget int) int {
	return budget - min(trailerReserve, budget/8)
}

// partsTrailerSize is [trailerSize] of a status with the given code, a
// message of msgLen bytes (msgEnc once percent-encoded) and details whose
// encoded fields (tag, length and Any) take detailsSize bytes.
func partsTrailerSize(code int32, msgLen, msgEnc, detailsSize int) int {
	n := detailsSize
	if code != 0 {
		n += protowire.SizeTag(1) + protowire.SizeVarint(uint64(int64(code)))
	}
	if msgLen > 0 {
		n += protowire.SizeTag(2) + protowire.SizeBytes(msgLen)
	}
	return 32 + len("grpc-status") + len(strconv.Itoa(int(code))) +
		32 + len("grpc-message") + msgEnc +
		32 + len("grpc-status-details-bin") + base64.RawStdEncoding.EncodedLen(n)
}

// anyFieldSize is the size of a as an element of google.rpc.Status.details.
func anyFieldSize(a *anypb.Any) int {
	return protowire.SizeTag(3) + protowire.SizeBytes(proto.Size(a))
}

// infoFieldSize is anyFieldSize of an ErrorInfo detail with value info.
func infoFieldSize(info []byte) int {
	n := protowire.SizeTag(1) + protowire.SizeBytes(len(urlErrorInfo))
	if len(info) > 0 {
		n += protowire.SizeTag(2) + protowire.SizeBytes(len(info))
	}
	return protowire.SizeTag(3) + protowire.SizeBytes(n)
}

// shorten cuts a message to about half its length (on a rune boundary,
// ending with "…"), or to nothing once it is short: repeated, it always
// reaches "".
func shorten(s string) string {
	if len(s) <= 8 {
		return ""
	}
	t, _ := truncateOne(s, len(s)/2)
	return t
}

// longestLen is the length of the longest string of ss.
func longestLen(ss []string) int {
	n := 0
	for _, s := range ss {
		n = max(n, len(s))
	}
	return n
}

// trailerSize is the HTTP/2 header-list size (name + value + 32 per field)
// of the trailers grpc-go writes for st: grpc-status, grpc-message
// (percent-encoded) and grpc-status-details-bin (base64). It is what the
// trailer budget limits: errcat keeps it at most the budget less a reserve
// of 512 bytes (an eighth of budgets under 4 KiB) for the other fields of
// the block, such as ":status" and "content-type" in a trailers-only
// response and trailers the handler sets.
func trailerSize(st *spb.Status) int {
	size := 0
	if len(st.ProtoReflect().GetUnknown()) > 0 {
		size = proto.Size(st)
	} else {
		size = statusSize(st)
	}
	return 32 + len("grpc-status") + len(strconv.Itoa(int(st.Code))) +
		32 + len("grpc-message") + percentEncodedLen(st.Message) +
		32 + len("grpc-status-details-bin") + base64.RawStdEncoding.EncodedLen(size)
}

// statusSize is proto.Size(st), added up from the field lengths (st has no
// unknown fields): the status errcat builds is measured without walking it
// with reflection.
func statusSize(st *spb.Status) int {
	n := 0
	if st.Code != 0 {
		n += protowire.SizeTag(1) + protowire.SizeVarint(uint64(int64(st.Code)))
	}
	if st.Message != "" {
		n += protowire.SizeTag(2) + protowire.SizeBytes(len(st.Message))
	}
	for _, a := range st.Details {
		n += protowire.SizeTag(3) + protowire.SizeBytes(anySize(a))
	}
	return n
}

// anySize is proto.Size(a).
func anySize(a *anypb.Any) int {
	if a == nil {
		return 0
	}
	if len(a.ProtoReflect().GetUnknown()) > 0 {
		return proto.Size(a)
	}
	n := 0
	if a.TypeUrl != "" {
		n += protowire.SizeTag(1) + protowire.SizeBytes(len(a.TypeUrl))
	}
	if len(a.Value) > 0 {
		n += protowire.SizeTag(2) + protowire.SizeBytes(len(a.Value))
	}
	return n
}

// percentEncodedLen mirrors grpc-go's encoding of grpc-message: bytes
// outside printable ASCII, and '%', take three bytes.
func percentEncodedLen(s string) int {
	n := len(s)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7E || c == '%' {
			n += 2
		}
	}
	return n
}

// truncateArgs shortens every argument longer than max bytes (on a rune
// boundary, marking the cut with "…") and names the shortened ones.
func truncateArgs(args []string, max int, names []string) ([]string, string) {
	out := make([]string, len(args))
	var cut []string
	for i, a := range args {
		var shortened bool
		if out[i], shortened = truncateOne(a, max); !shortened {
			continue
		}
		name := "arg" + strconv.Itoa(i)
		if i < len(names) {
			name = names[i]
		}
		cut = append(cut, name)
	}
	return out, strings.Join(cut, ",")
}

// truncateOne cuts s to at most max bytes on a rune boundary, marking the
// cut with "…".
func truncateOne(s string, max int) (string, bool) {
	if len(s) <= max {
		return s, false
	}
	j := max
	for j > 0 && !utf8.RuneStart(s[j]) {
		j--
	}
	return s[:j] + "…", true
}

// shrinkErrorInfo shortens an ErrorInfo (decodable, valid UTF-8) until
// fits accepts it: metadata values first (their keys listed under
// "truncated", with those a received "truncated" already listed), then
// metadata entries ("code" kept longest), then the reason and domain.
func shrinkErrorInfo(b []byte, fits func([]byte) bool) []byte {
	reason, domain, md, _ := parseErrorInfo(b)
	previous := map[string]bool{} // keys a received "truncated" lists
	entries := make(metadata, 0, len(md))
	for _, p := range md {
		if p.k == MetadataTruncatedKey {
			for _, k := range strings.Split(p.v, ",") {
				previous[k] = true
			}
			continue
		}
		entries = append(entries, p)
	}
	// "code" first, then by key: the entries kept longest come first.
	slices.SortFunc(entries, func(x, y kv) int {
		switch {
		case x.k == y.k:
			return 0
		case x.k == MetadataCodeKey:
			return -1
		case y.k == MetadataCodeKey:
			return 1
		}
		return strings.Compare(x.k, y.k)
	})
	// encode shortens the values of the first keep entries to max bytes
	// and lists the shortened keys.
	encode := func(keep, max int) []byte {
		out := make(metadata, 0, keep+1)
		var cut []string
		for _, p := range entries[:keep] {
			v, shortened := truncateOne(p.v, max)
			if shortened || previous[p.k] {
				cut = append(cut, p.k)
			}
			out = append(out, kv{p.k, v})
		}
		if cut != nil {
			out = append(out, kv{MetadataTruncatedKey, strings.Join(cut, ",")})
		}
		return encodeErrorInfo(reason, domain, out)
	}
	longest := 0
	for _, p := range entries {
		longest = max(longest, len(p.v))
	}
	for n := longest / 2; ; n /= 2 {
		if v := encode(len(entries), n); fits(v) {
			return v
		}
		if n == 0 {
			break
		}
	}
	for keep := len(entries) / 2; keep > 0; keep /= 2 {
		if v := encode(keep, 0); fits(v) {
			return v
		}
	}
	for {
		reason, domain = shorten(reason), shorten(domain)
		if v := encodeErrorInfo(reason, domain, nil); fits(v) || reason == "" && domain == "" {
			return v
		}
	}
}
