package errcat

import (
	"strings"

	"google.golang.org/genproto/googleapis/rpc/code"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
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
