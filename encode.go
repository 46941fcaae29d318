package errcat

import (
	"encoding/base64"
	"strconv"
	"strings"
	"unicode/utf8"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/anypb"
)

// DefaultTrailerBudget is the default size limit of the trailer block, in
// HTTP/2 header-list bytes (name + value + 32 per field): 8 KiB, the default
// limit of grpc-java and gRPC C-core clients.
const DefaultTrailerBudget = 8 << 10

// trailerReserve is kept free inside the budget for the fields of the
// header block errcat does not write: ":status" and "content-type" (about
// 100 bytes, in a trailers-only response) and trailers the handler sets
// itself, which errcat cannot see. Small budgets keep an eighth instead.
const trailerReserve = 512

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
func (e *Error) StatusProto(o StatusOptions) *spb.Status {
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

// marshalDetail packs an attached detail, repairing invalid UTF-8 (which
// proto3 refuses to marshal) in a copy of the message.
func marshalDetail(m proto.Message) *anypb.Any {
	a, err := anypb.New(m)
	if err == nil {
		return a
	}
	c := proto.Clone(m)
	repairStrings(c.ProtoReflect())
	if a, err = anypb.New(c); err == nil {
		return a
	}
	return nil
}

func debugInfo(cause error, stack []string) *errdetails.DebugInfo {
	d := &errdetails.DebugInfo{StackEntries: validArgs(stack)}
	if cause != nil {
		d.Detail = valid(cause.Error())
	}
	return d
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

func allValid(ss []string) bool {
	for _, s := range ss {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return true
}

func validArgs(ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = valid(s)
	}
	return out
}

// valid replaces invalid UTF-8 with U+FFFD; valid strings are returned as is.
func valid(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}
