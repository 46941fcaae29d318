package errcat

import (
	"errors"
	"sort"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
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
	// What a client receives is usually the status error itself: skip
	// errors.As (reflection and an allocation) for it.
	gs, ok := err.(interface{ GRPCStatus() *status.Status })
	if !ok && !errors.As(err, &gs) {
		return nil, false
	}
	st := gs.GRPCStatus()
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
// GRPCStatus is st itself, so it can be re-sent unchanged. Only ErrorInfo is
// decoded here; the other details are decoded on first use.
// FromStatus never panics, whatever the status holds.
func FromStatus(st *status.Status) (*Error, bool) {
	if st == nil || st.Code() == codes.OK {
		return nil, false
	}
	raw := st.Proto()
	for _, a := range raw.GetDetails() {
		if a.GetTypeUrl() != urlErrorInfo {
			continue
		}
		// Up to 8 metadata entries are parsed without allocating; the
		// strings of a known entry are made in one allocation.
		var buf [8]rawKV
		reason, domain, md, ok := parseErrorInfoRaw(a.GetValue(), buf[:0])
		if !ok {
			return nil, false
		}
		e := &Error{wire: st, wireRaw: raw}
		if ent := lookupRaw(domain, reason); ent != nil {
			e.entry = ent
			e.args = argsOf(ent.argNames, md)
		} else {
			e.entry, e.args = standIn(string(domain), string(reason), st, md.strings())
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

// argsOf returns the values of the named metadata entries ("" if absent),
// sharing one string.
func argsOf(names []string, md rawMetadata) []string {
	if len(names) == 0 {
		return nil
	}
	args := make([]string, len(names))
	n := 0
	for _, name := range names {
		n += len(md.get(name))
	}
	var sb strings.Builder
	sb.Grow(n)
	for _, name := range names {
		sb.Write(md.get(name))
	}
	all, at := sb.String(), 0
	for i, name := range names {
		l := len(md.get(name))
		args[i] = all[at : at+l]
		at += l
	}
	return args
}

// rawMetadata is ErrorInfo.metadata as decoded, in wire order, aliasing
// the received bytes.
type rawMetadata []rawKV

type rawKV struct{ k, v []byte }

func (m rawMetadata) get(k string) []byte {
	for _, p := range m {
		if string(p.k) == k {
			return p.v
		}
	}
	return nil
}

func (m rawMetadata) set(k, v []byte) rawMetadata {
	for i := range m {
		if string(m[i].k) == string(k) {
			m[i].v = v
			return m
		}
	}
	return append(m, rawKV{k, v})
}

func (m rawMetadata) strings() metadata {
	if m == nil {
		return nil
	}
	out := make(metadata, len(m))
	for i, p := range m {
		out[i] = kv{string(p.k), string(p.v)}
	}
	return out
}

// metadata is ErrorInfo.metadata as decoded, in wire order.
type metadata []kv

type kv struct{ k, v string }

func (m metadata) get(k string) string {
	for _, p := range m {
		if p.k == k {
			return p.v
		}
	}
	return ""
}

// parseErrorInfo reads google.rpc.ErrorInfo without reflection. Later map
// entries win, as in protobuf.
func parseErrorInfo(b []byte) (reason, domain string, md metadata, ok bool) {
	r, d, raw, ok := parseErrorInfoRaw(b, nil)
	if !ok {
		return "", "", nil, false
	}
	return string(r), string(d), raw.strings(), true
}

// parseErrorInfoRaw is parseErrorInfo without copies: the results alias b,
// and the metadata entries are appended to md.
func parseErrorInfoRaw(b []byte, md rawMetadata) (reason, domain []byte, _ rawMetadata, ok bool) {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil, nil, nil, false
		}
		b = b[n:]
		if typ != protowire.BytesType {
			if n = protowire.ConsumeFieldValue(num, typ, b); n < 0 {
				return nil, nil, nil, false
			}
			b = b[n:]
			continue
		}
		v, n := protowire.ConsumeBytes(b)
		if n < 0 {
			return nil, nil, nil, false
		}
		b = b[n:]
		switch num {
		case 1:
			reason = v
		case 2:
			domain = v
		case 3:
			k, val, ok := parseMapEntry(v)
			if !ok {
				return nil, nil, nil, false
			}
			md = md.set(k, val)
		}
	}
	return reason, domain, md, true
}

func parseMapEntry(b []byte) (k, v []byte, ok bool) {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil, nil, false
		}
		b = b[n:]
		if typ != protowire.BytesType {
			if n = protowire.ConsumeFieldValue(num, typ, b); n < 0 {
				return nil, nil, false
			}
			b = b[n:]
			continue
		}
		s, n := protowire.ConsumeBytes(b)
		if n < 0 {
			return nil, nil, false
		}
		b = b[n:]
		switch num {
		case 1:
			k = s
		case 2:
			v = s
		}
	}
	return k, v, true
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
