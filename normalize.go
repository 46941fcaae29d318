package errcat

import (
	"google.golang.org/genproto/googleapis/rpc/code"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/protobuf/types/known/anypb"
)

// Normalize makes a status built outside errcat obey errcat's wire contract,
// in place, and returns it: the message and type URLs become valid UTF-8;
// a status without google.rpc.ErrorInfo gets one (in front) with the given
// domain and the code's name as reason ("NOT_FOUND"); only the first detail
// of each type is kept; and over the trailer budget (0 means
// [DefaultTrailerBudget], negative none) details other than ErrorInfo are
// dropped from the last, then the message is shortened.
func Normalize(st *spb.Status, domain string, budget int) *spb.Status {
	st.Message = valid(st.Message)
	seen := make(map[string]bool, len(st.Details))
	kept := st.Details[:0]
	hasInfo := false
	for _, a := range st.Details {
		if a == nil {
			continue
		}
		a.TypeUrl = valid(a.TypeUrl)
		if seen[a.TypeUrl] {
			continue
		}
		seen[a.TypeUrl] = true
		hasInfo = hasInfo || a.TypeUrl == urlErrorInfo
		kept = append(kept, a)
	}
	st.Details = kept
	if !hasInfo {
		reason, ok := code.Code_name[st.Code]
		if !ok || st.Code == 0 {
			reason = "UNKNOWN"
		}
		info := mustAny(&errdetails.ErrorInfo{Reason: reason, Domain: domain})
		st.Details = append([]*anypb.Any{info}, st.Details...)
	}
	if budget == 0 {
		budget = DefaultTrailerBudget
	}
	if budget < 0 {
		return st
	}
	limit := budget - trailerReserve
	for trailerSize(st) > limit && len(st.Details) > 1 {
		last := len(st.Details) - 1
		if st.Details[last].TypeUrl == urlErrorInfo {
			st.Details[0], st.Details[last] = st.Details[last], st.Details[0]
		}
		st.Details = st.Details[:len(st.Details)-1]
	}
	for trailerSize(st) > limit && len(st.Message) > 0 {
		st.Message, _ = truncateOne(st.Message, len(st.Message)/2)
	}
	return st
}
