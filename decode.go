package errcat

import (
	"errors"
	"sort"

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
	var gs interface{ GRPCStatus() *status.Status }
	if !errors.As(err, &gs) {
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
		reason, domain, md, ok := parseErrorInfo(a.GetValue())
		if !ok {
			return nil, false
		}
		e := &Error{wire: st, wireRaw: raw}
		if ent := Lookup(domain, reason); ent != nil {
			e.entry = ent
			e.args = make([]string, len(ent.argNames))
			for i, n := range ent.argNames {
				e.args[i] = md.get(n)
			}
		} else {
			e.entry, e.args = standIn(domain, reason, st, md)
		}
		return e, true
	}
	return nil, false
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
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return "", "", nil, false
		}
		b = b[n:]
		if typ != protowire.BytesType {
			if n = protowire.ConsumeFieldValue(num, typ, b); n < 0 {
				return "", "", nil, false
			}
			b = b[n:]
			continue
		}
		v, n := protowire.ConsumeBytes(b)
		if n < 0 {
			return "", "", nil, false
		}
		b = b[n:]
		switch num {
		case 1:
			reason = string(v)
		case 2:
			domain = string(v)
		case 3:
			k, val, ok := parseMapEntry(v)
			if !ok {
				return "", "", nil, false
			}
			md = md.set(k, val)
		}
	}
	return reason, domain, md, true
}

func (m metadata) set(k, v string) metadata {
	for i := range m {
		if m[i].k == k {
			m[i].v = v
			return m
		}
	}
	return append(m, kv{k, v})
}

func parseMapEntry(b []byte) (k, v string, ok bool) {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return "", "", false
		}
		b = b[n:]
		if typ != protowire.BytesType {
			if n = protowire.ConsumeFieldValue(num, typ, b); n < 0 {
				return "", "", false
			}
			b = b[n:]
			continue
		}
		s, n := protowire.ConsumeBytes(b)
		if n < 0 {
			return "", "", false
		}
		b = b[n:]
		switch num {
		case 1:
			k = string(s)
		case 2:
			v = string(s)
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
	ent.message = template{parts: []part{{lit: st.Message(), arg: -1}}, size: len(st.Message())}
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
