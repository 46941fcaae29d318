package errcat

import (
	"strconv"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
)

// StatusOptions control how an [Error] becomes a google.rpc.Status. The zero
// value is the default encoding used by [Error.GRPCStatus].
type StatusOptions struct {
	// RequestID, if not empty, is sent as google.rpc.RequestInfo.
	RequestID string
	// Locale and LocalizedMessage, if both are set, are sent as
	// google.rpc.LocalizedMessage.
	Locale, LocalizedMessage string
	// LocalizedResolutions, if it holds one text per resolution step of
	// the entry, replaces the English steps as the descriptions of the
	// google.rpc.Help links (the URLs stay the same): the steps translated
	// into Locale. Otherwise the English steps are sent.
	LocalizedResolutions []string
	// Debug sends google.rpc.DebugInfo with the cause chain and DebugStack.
	// Never enable it where clients are not trusted.
	Debug      bool
	DebugStack []string
	// Domain, if set, replaces the catalogue's domain in ErrorInfo.
	Domain string
	// TrailerBudget is the size limit of the trailer block; zero means
	// [DefaultTrailerBudget], negative means no limit.
	TrailerBudget int
	// PassThrough returns an error decoded from the wire as received
	// instead of encoding it again under these options (for a lossless
	// proxy).
	PassThrough bool
}

// Details are dropped in this order when the status does not fit the
// budget; ErrorInfo is never dropped. (The documented drop order.)
const (
	prioDebug = iota
	prioCustom
	prioHelp
	prioLocalized
	prioBadRequest
	prioPrecondition
	prioQuota
	prioResource
	prioRequest
	prioRetry
	prioCount
)

// GRPCStatus returns the status of e: the status received, for an error
// decoded from the wire, or else the default encoding (no request id, no
// localized message). It never returns nil.
func (e *Error) GRPCStatus() *status.Status {
	if e.wire != nil {
		return e.wire
	}
	return status.FromProto(e.StatusProto(StatusOptions{}))
}

// StatusProto encodes e as a google.rpc.Status: the entry's gRPC code, the
// rendered English message, and the details, in this order: ErrorInfo,
// LocalizedMessage, RetryInfo, Help, RequestInfo, the attached details,
// DebugInfo. Every string is valid UTF-8 (invalid bytes become U+FFFD) and
// the whole trailer block stays inside o.TrailerBudget (less a reserve for
// the response's other header fields: 512 bytes, an eighth of budgets
// under 4 KiB). Over budget:
//
//  1. optional details are dropped, in this order: DebugInfo, custom
//     details, Help, LocalizedMessage, BadRequest, PreconditionFailure,
//     QuotaFailure, ResourceInfo, RequestInfo, RetryInfo;
//  2. then the arguments are shortened (on a rune boundary, ending with
//     "…"; the message is rendered with the shortened ones) and their
//     names listed, comma separated, under the ErrorInfo metadata key
//     "truncated";
//  3. then arguments the entry does not declare are dropped (listed as
//     "argN-argM") and, last, the message itself is shortened;
//  4. the room the shortened arguments left is given back to the dropped
//     details in the reverse order, as long as they fit (so a small
//     RequestInfo or RetryInfo usually survives).
//
// The code and ErrorInfo are always sent.
//
// An error decoded from the wire (an upstream's, returned by a handler) is
// sent under the same rules, not as received: a known entry is encoded
// again from its arguments and the received RetryInfo, QuotaFailure,
// PreconditionFailure, BadRequest, ResourceInfo and linked custom details,
// with its own gRPC code; an unknown one keeps the received status less
// its DebugInfo, RequestInfo and LocalizedMessage, normalized (see
// [Normalize]). Either way the upstream's DebugInfo, request id and locale
// never pass, and o's apply. ([Error.GRPCStatus] still returns the status
// as received, and o.PassThrough makes StatusProto return a copy of it, for
// a proxy that re-sends it unchanged.) A [Classified] error returns its
// original status as received.
func (e *Error) StatusProto(o StatusOptions) *spb.Status {
	if e.wire != nil && !o.PassThrough {
		return e.forwardProto(o)
	}
	if e.wireRaw != nil {
		return proto.Clone(e.wireRaw).(*spb.Status)
	}
	ent := e.entry
	args := e.args
	if !allValid(args) {
		args = validArgs(args)
	}
	code := int32(ent.spec.GRPCCode)

	var opt [prioCount]*anypb.Any
	var custom []*anypb.Any
	if ent.wire.retry != nil {
		opt[prioRetry] = ent.wire.retry
	}
	if n := len(o.LocalizedResolutions); n > 0 && n == len(ent.resolutions) && ent.docURL != "" {
		opt[prioHelp] = localizedHelp(o.LocalizedResolutions, ent.docURL)
	} else if ent.wire.help != nil {
		opt[prioHelp] = ent.wire.help
	} else if ent.docURL != "" {
		opt[prioHelp] = &anypb.Any{TypeUrl: urlHelp, Value: ent.helpValue(args)}
	}
	if o.Locale != "" && o.LocalizedMessage != "" {
		opt[prioLocalized] = mustAny(&errdetails.LocalizedMessage{Locale: valid(o.Locale), Message: valid(o.LocalizedMessage)})
	}
	if o.RequestID != "" {
		opt[prioRequest] = &anypb.Any{TypeUrl: urlRequestInfo, Value: requestInfoValue(valid(o.RequestID))}
	}
	for _, m := range e.extra {
		a := marshalDetail(m)
		if a == nil {
			continue
		}
		switch m.(type) {
		case *errdetails.RetryInfo:
			opt[prioRetry] = a
		case *errdetails.Help:
			opt[prioHelp] = a
		case *errdetails.LocalizedMessage:
			opt[prioLocalized] = a
		case *errdetails.RequestInfo:
			opt[prioRequest] = a
		case *errdetails.BadRequest:
			opt[prioBadRequest] = a
		case *errdetails.PreconditionFailure:
			opt[prioPrecondition] = a
		case *errdetails.QuotaFailure:
			opt[prioQuota] = a
		case *errdetails.ResourceInfo:
			opt[prioResource] = a
		case *errdetails.DebugInfo:
			if o.Debug {
				opt[prioDebug] = a
			}
		default:
			custom = append(custom, a)
		}
	}
	if o.Debug && opt[prioDebug] == nil {
		opt[prioDebug] = mustAny(debugInfo(e.cause, o.DebugStack))
	}

	// build assembles the status from the message, the ErrorInfo value and
	// the optional details not dropped (those with a priority >= dropped).
	build := func(msg string, info []byte, dropped int) *spb.Status {
		st := &spb.Status{Code: code, Message: msg}
		st.Details = make([]*anypb.Any, 0, 1+prioCount+len(custom))
		st.Details = append(st.Details, &anypb.Any{TypeUrl: urlErrorInfo, Value: info})
		for _, p := range [...]int{prioLocalized, prioRetry, prioHelp, prioRequest, prioResource, prioBadRequest, prioQuota, prioPrecondition} {
			if p >= dropped && opt[p] != nil {
				st.Details = append(st.Details, opt[p])
			}
		}
		if prioCustom >= dropped {
			st.Details = append(st.Details, custom...)
		}
		if prioDebug >= dropped && opt[prioDebug] != nil {
			st.Details = append(st.Details, opt[prioDebug])
		}
		return st
	}
	// Arguments Entry.New dropped beyond MaxExtraArgs are listed as a range.
	droppedArgs := ""
	if e.droppedArgs > 0 {
		droppedArgs = "arg" + strconv.Itoa(len(args)) + "-arg" + strconv.Itoa(len(args)+e.droppedArgs-1)
	}
	msg, info := ent.message.render(args), ent.errorInfo(o.Domain, args, droppedArgs)
	st := build(msg, info, 0)
	budget := o.TrailerBudget
	if budget == 0 {
		budget = DefaultTrailerBudget
	}
	if budget < 0 {
		return st
	}
	limit := budgetLimit(budget)
	if trailerSize(st) <= limit {
		return st
	}

	// Over budget. From here on sizes are added up instead of rebuilding
	// and measuring statuses: an argument can be a megabyte long.
	var size [prioCount]int
	for p, a := range opt {
		if a != nil {
			size[p] = anyFieldSize(a)
		}
	}
	for _, a := range custom {
		size[prioCustom] += anyFieldSize(a)
	}
	details := 0
	for _, n := range size {
		details += n
	}
	msgEnc, infoSize := percentEncodedLen(msg), infoFieldSize(info)
	fits := func(details int) bool {
		return partsTrailerSize(code, len(msg), msgEnc, infoSize+details) <= limit
	}
	// 1. Drop optional details, least useful first.
	dropped := 0
	for ; dropped < prioCount && !fits(details); dropped++ {
		details -= size[dropped]
	}
	if fits(details) {
		return build(msg, info, dropped)
	}
	// 2. Shorten the arguments: halve the longest allowed length, from
	// max, until the status fits; the message is rendered with the
	// shortened ones, whose names are listed (after extra).
	shrink := func(args []string, max int, extra string) bool {
		for n := max; ; n /= 2 {
			short, names := truncateArgs(args, n, ent.argNames)
			if extra != "" && names != "" {
				names += ","
			}
			msg, info = ent.message.render(short), ent.errorInfo(o.Domain, short, names+extra)
			msgEnc, infoSize = percentEncodedLen(msg), infoFieldSize(info)
			if fits(details) || n == 0 {
				return fits(details)
			}
		}
	}
	// 3. Arguments the entry does not declare (Entry.New with too many)
	// are dropped, listed as the range "argN-argM", and the declared ones
	// shortened again from their full length.
	if !shrink(args, longestLen(args)/2, droppedArgs) && len(args) > len(ent.argNames) {
		declared := args[:len(ent.argNames)]
		shrink(declared, longestLen(declared), "arg"+strconv.Itoa(len(declared))+"-arg"+strconv.Itoa(len(args)+e.droppedArgs-1))
	}
	// 4. A message still too long by itself (its template text) is cut.
	for !fits(details) && msg != "" {
		msg = shorten(msg)
		msgEnc = percentEncodedLen(msg)
	}
	// The room the shortened arguments left goes back to the dropped
	// details, most useful first, as long as they fit: the kept details
	// are always the last ones of the drop order.
	for dropped > 0 && fits(details+size[dropped-1]) {
		dropped--
		details += size[dropped]
	}
	return build(msg, info, dropped)
}

func debugInfo(cause error, stack []string) *errdetails.DebugInfo {
	d := &errdetails.DebugInfo{StackEntries: validArgs(stack)}
	if cause != nil {
		d.Detail = valid(cause.Error())
	}
	return d
}

// forwardProto is [Error.StatusProto] for an error decoded from the wire.
func (e *Error) forwardProto(o StatusOptions) *spb.Status {
	d := e.Details()
	if e.Known() {
		f := &Error{entry: e.entry, args: e.args}
		for _, m := range []proto.Message{d.RetryInfo, d.QuotaFailure, d.PreconditionFailure, d.BadRequest, d.ResourceInfo} {
			if m != nil && m.ProtoReflect().IsValid() {
				f.extra = append(f.extra, m)
			}
		}
		for _, m := range d.Other {
			// Later duplicates of a standard detail lose to the first
			// (see Details); a second ErrorInfo would contradict the entry.
			if !new(Details).set(m) {
				f.extra = append(f.extra, m)
			}
		}
		return f.StatusProto(o)
	}
	st := proto.Clone(e.wireRaw).(*spb.Status)
	kept := st.Details[:0]
	for _, a := range st.Details {
		switch typeName(a.GetTypeUrl()) {
		case typeDebugInfo, typeRequestInfo, typeLocalizedMessage:
			continue
		}
		kept = append(kept, a)
	}
	st.Details = kept
	if o.Locale != "" && o.LocalizedMessage != "" {
		st.Details = append(st.Details, mustAny(&errdetails.LocalizedMessage{Locale: valid(o.Locale), Message: valid(o.LocalizedMessage)}))
	}
	if o.RequestID != "" {
		st.Details = append(st.Details, &anypb.Any{TypeUrl: urlRequestInfo, Value: requestInfoValue(valid(o.RequestID))})
	}
	return Normalize(st, e.Domain(), o.TrailerBudget)
}
