package errcat

import (
	"sort"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/errcat/errcat/internal/grpcstatus"
)

// FromError returns the [*Error] carried by err: the first one in its chain,
// or one decoded from the gRPC status err carries (see [FromStatus]). It
// reports false for nil, for errors without a gRPC status and for statuses
// without a google.rpc.ErrorInfo.
func FromError(err error) (*Error, bool) {
	if err == nil {
		return nil, false
	}
	if e, ok := AsError(err); ok {
		return e, true
	}
	st := grpcstatus.Of(err)
	if st == nil {
		return nil, false
	}
	return FromStatus(st)
}

// FromStatus decodes a received status into an [*Error]. The status must
// carry a google.rpc.ErrorInfo; its (domain, reason) selects the entry among
// the registered catalogues, and the metadata gives the arguments. An entry
// no registered catalogue knows decodes into an error of a stand-in entry
// (Known reports false) that keeps everything received. The returned error's
// GRPCStatus is st itself, so it can be re-sent unchanged.
//
// The (domain, reason) alone identify the entry (as in AIP-193): a status
// claiming a known entry with another gRPC code decodes into that entry, so
// errors.Is matches and [Error.Code] and the arguments are the entry's,
// while [Error.GRPCCode], [Error.GRPCStatus] and [Error.Message] keep what
// was received; [Error.StatusProto] (a server re-sending it) encodes the
// entry's own gRPC code and message.
//
// Only ErrorInfo is decoded here; the other details are decoded on first
// use. FromStatus never panics, whatever the status holds.
func FromStatus(st *status.Status) (*Error, bool) {
	if st == nil || st.Code() == codes.OK {
		return nil, false
	}
	raw := st.Proto()
	for _, a := range raw.GetDetails() {
		if a.GetTypeUrl() != urlErrorInfo {
			continue
		}
		reason, domain, ok := scanErrorInfo(a.GetValue(), nil)
		if !ok {
			return nil, false
		}
		e := &Error{wire: st, wireRaw: raw}
		if ent := lookupRaw(domain, reason); ent != nil {
			// Only the entry's arguments are read, in one more pass: the
			// strings of a known entry are made in one allocation.
			e.entry = ent
			e.args = infoArgs(a.GetValue(), ent.argNames)
		} else {
			_, _, md, _ := parseErrorInfo(a.GetValue())
			e.entry, e.args = standIn(string(domain), string(reason), st, md)
		}
		return e, true
	}
	return nil, false
}

// lookupRaw is [Lookup] for the bytes of a received domain and reason,
// without converting them to strings.
func lookupRaw(domain, reason []byte) *Entry {
	registry.RLock()
	c := registry.byDomain[string(domain)]
	if c == nil {
		if alias, ok := registry.aliases[string(domain)]; ok {
			c = registry.byDomain[alias]
		}
	}
	registry.RUnlock()
	if c == nil {
		return nil
	}
	return c.byReason[string(reason)]
}

// standIn builds an unregistered entry for an error of an unknown domain or
// reason: its arguments are the metadata (but the code), sorted by key, and
// its message is the one received.
func standIn(domain, reason string, st *status.Status, md metadata) (*Entry, []string) {
	sort.Slice(md, func(i, j int) bool { return md[i].k < md[j].k })
	c := &Catalog{spec: CatalogSpec{Domain: domain}}
	ent := &Entry{catalog: c, spec: EntrySpec{
		Reason:   reason,
		Code:     md.get(MetadataCodeKey),
		GRPCCode: st.Code(),
		Title:    st.Message(),
		Message:  st.Message(),
	}}
	ent.message = literalTemplate(st.Message())
	ent.title = ent.message
	var args []string
	for _, p := range md {
		if p.k == MetadataCodeKey {
			continue
		}
		ent.argNames = append(ent.argNames, p.k)
		ent.spec.Args = append(ent.spec.Args, ArgSpec{Name: p.k})
		args = append(args, p.v)
	}
	return ent, args
}
