package errcat

import (
	"slices"
	"strings"

	"google.golang.org/genproto/googleapis/rpc/code"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/anypb"
)

// Normalize makes a status built outside errcat obey errcat's wire contract,
// in place, and returns it:
//
//   - the message and type URLs become valid UTF-8; nil details go;
//   - only the first detail of each type (the name after the type URL's
//     last "/") is kept;
//   - the first google.rpc.ErrorInfo that decodes is kept, with its strings
//     made valid UTF-8 and its canonical type URL; a status without one gets
//     one (in front) with the given domain and the code's name as reason
//     ("NOT_FOUND");
//   - over the trailer budget (0 means [DefaultTrailerBudget], negative
//     none), details other than ErrorInfo are dropped from the last, then
//     the message is shortened, then the ErrorInfo metadata values are
//     shortened (their keys listed under "truncated"), and last metadata
//     entries are dropped and the reason and domain cut.
//
// The result always marshals, carries exactly one ErrorInfo and, for a
// budget of at least 512 bytes, fits it.
//
// Normalize is for code that sends statuses errcat did not encode: the
// server interceptors run it on the plain statuses handlers return, and a
// proxy, gateway or custom transport that writes such statuses itself uses
// it to give clients the same guarantees. Statuses of [*Error] values are
// already normalized by [Error.StatusProto].
func Normalize(st *spb.Status, domain string, budget int) *spb.Status {
	st.Message = valid(st.Message)
	seen := make(map[protoreflect.FullName]bool, len(st.Details))
	kept := st.Details[:0]
	info := -1 // index of the ErrorInfo in kept
	for _, a := range st.Details {
		if a == nil {
			continue
		}
		a.TypeUrl = valid(a.TypeUrl)
		name := typeName(a.TypeUrl)
		if seen[name] {
			continue
		}
		if name == typeErrorInfo {
			v, ok := normalizeErrorInfo(a.Value)
			if !ok {
				continue // undecodable: another one, or errcat's own, replaces it
			}
			a.TypeUrl, a.Value = urlErrorInfo, v
			info = len(kept)
		}
		seen[name] = true
		kept = append(kept, a)
	}
	st.Details = kept
	if info < 0 {
		reason, ok := code.Code_name[st.Code]
		if !ok || st.Code == 0 {
			reason = "UNKNOWN"
		}
		ei := mustAny(&errdetails.ErrorInfo{Reason: reason, Domain: valid(domain)})
		st.Details = append([]*anypb.Any{ei}, st.Details...)
		info = 0
	}
	if budget == 0 {
		budget = DefaultTrailerBudget
	}
	if budget < 0 {
		return st
	}
	limit := budgetLimit(budget)
	total := 0
	for _, a := range st.Details {
		total += anyFieldSize(a)
	}
	msgEnc := percentEncodedLen(st.Message)
	fits := func(total int) bool {
		return partsTrailerSize(st.Code, len(st.Message), msgEnc, total) <= limit
	}
	if fits(total) {
		return st
	}
	// 1. Drop details other than ErrorInfo, from the last.
	n := len(st.Details)
	for n > 0 && !fits(total) {
		n--
		if n != info {
			total -= anyFieldSize(st.Details[n])
		}
	}
	if info >= n {
		st.Details = append(st.Details[:n], st.Details[info])
		info = n
	} else {
		st.Details = st.Details[:n]
	}
	// 2. Shorten the message.
	for !fits(total) && st.Message != "" {
		st.Message = shorten(st.Message)
		msgEnc = percentEncodedLen(st.Message)
	}
	// 3. Shrink the ErrorInfo itself.
	if !fits(total) {
		ei := st.Details[info]
		rest := total - anyFieldSize(ei)
		ei.Value = shrinkErrorInfo(ei.Value, func(v []byte) bool { return fits(rest + infoFieldSize(v)) })
	}
	return st
}

// typeName is the message name a type URL names: what follows its last "/".
func typeName(url string) protoreflect.FullName {
	return protoreflect.FullName(url[strings.LastIndexByte(url, '/')+1:])
}

// normalizeErrorInfo returns an ErrorInfo encoding that any protobuf
// runtime and errcat both decode: b itself if it is one, or else b
// re-encoded with its strings made valid UTF-8. It reports false if b does
// not decode at all.
func normalizeErrorInfo(b []byte) ([]byte, bool) {
	reason, domain, md, ok := parseErrorInfo(b)
	if !ok {
		return nil, false
	}
	if proto.Unmarshal(b, &errdetails.ErrorInfo{}) == nil {
		return b, true
	}
	for i := range md {
		md[i] = kv{valid(md[i].k), valid(md[i].v)}
	}
	return encodeErrorInfo(valid(reason), valid(domain), md), true
}

// encodeErrorInfo encodes google.rpc.ErrorInfo with the metadata entries in
// the order given (map order carries no meaning on the wire).
func encodeErrorInfo(reason, domain string, md metadata) []byte {
	var b []byte
	if reason != "" {
		b = protowire.AppendTag(b, 1, protowire.BytesType)
		b = protowire.AppendString(b, reason)
	}
	if domain != "" {
		b = protowire.AppendTag(b, 2, protowire.BytesType)
		b = protowire.AppendString(b, domain)
	}
	for _, p := range md {
		b = appendMapEntry(b, p.k, p.v)
	}
	return b
}

// shrinkErrorInfo shortens an ErrorInfo (decodable, valid UTF-8) until
// fits accepts it: metadata values first (their keys listed under
// "truncated", with those a received "truncated" already listed), then
// metadata entries ("code" kept longest), then the reason and domain.
func shrinkErrorInfo(b []byte, fits func([]byte) bool) []byte {
	reason, domain, md, _ := parseErrorInfo(b)
	var previous []string // keys a received "truncated" lists
	entries := make(metadata, 0, len(md))
	for _, p := range md {
		if p.k == MetadataTruncatedKey {
			previous = strings.Split(p.v, ",")
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
			if shortened || slices.Contains(previous, p.k) {
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
