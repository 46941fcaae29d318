package errcat

import (
	"strconv"
	"strings"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

// The google.rpc.ErrorInfo byte codec, the one place errcat reads and
// writes ErrorInfo without reflection: reason (1), domain (2) and the
// metadata map (3) of entries with key (1) and value (2).
//
// Every function here is linear in the size of its input: ErrorInfo comes
// from peers, and a hostile one can send a metadata map of a hundred
// thousand entries (grpc-go accepts 16 MiB of trailers by default).

// MetadataTruncatedKey is the ErrorInfo metadata key listing, comma
// separated, the arguments errcat shortened to keep the status inside the
// trailer budget.
const MetadataTruncatedKey = "truncated"

// smallMetadata is the number of metadata entries looked up by scanning
// instead of through a map.
const smallMetadata = 8

// errorInfo encodes google.rpc.ErrorInfo (under domain, if not empty) for
// args without going through reflection: the reason and domain are
// pre-encoded; the metadata map is written in key order, as deterministic
// marshalling would.
func (e *Entry) errorInfo(domain string, args []string, truncated string) []byte {
	w := &e.wire
	n := len(w.infoPrefix) + len(domain) + 16 + len(e.spec.Code) + len(truncated)
	for _, a := range args {
		n += len(a) + 32
	}
	b := make([]byte, 0, n)
	if domain == "" || domain == e.catalog.spec.Domain {
		b = append(b, w.infoPrefix...)
	} else {
		b = protowire.AppendTag(b, 1, protowire.BytesType)
		b = protowire.AppendString(b, e.spec.Reason)
		b = protowire.AppendTag(b, 2, protowire.BytesType)
		b = protowire.AppendString(b, domain)
	}
	for _, i := range w.metaOrder {
		if i < 0 {
			b = appendMapEntry(b, MetadataCodeKey, e.spec.Code)
			continue
		}
		v := ""
		if i < len(args) {
			v = args[i]
		}
		b = appendMapEntry(b, e.argNames[i], v)
	}
	// Arguments beyond the entry's declaration and the truncation marker
	// come last: map order carries no meaning on the wire.
	for i := len(e.argNames); i < len(args); i++ {
		b = appendMapEntry(b, "arg"+strconv.Itoa(i), args[i])
	}
	if truncated != "" {
		b = appendMapEntry(b, MetadataTruncatedKey, truncated)
	}
	return b
}

// encodeErrorInfo encodes google.rpc.ErrorInfo with the metadata entries in
// the order given (map order carries no meaning on the wire).
func encodeErrorInfo(reason, domain string, md metadata) []byte {
	n := len(reason) + len(domain) + 12
	for _, p := range md {
		n += len(p.k) + len(p.v) + 12
	}
	b := make([]byte, 0, n)
	b = appendStringField(b, 1, reason)
	b = appendStringField(b, 2, domain)
	for _, p := range md {
		b = appendMapEntry(b, p.k, p.v)
	}
	return b
}

func appendMapEntry(b []byte, k, v string) []byte {
	b = protowire.AppendTag(b, 3, protowire.BytesType)
	b = protowire.AppendVarint(b, uint64(protowire.SizeTag(1)+protowire.SizeBytes(len(k))+protowire.SizeTag(2)+protowire.SizeBytes(len(v))))
	b = protowire.AppendTag(b, 1, protowire.BytesType)
	b = protowire.AppendString(b, k)
	b = protowire.AppendTag(b, 2, protowire.BytesType)
	return protowire.AppendString(b, v)
}

// scanErrorInfo walks an encoded ErrorInfo once and returns its reason and
// domain (aliasing b), calling entry, if not nil, for every metadata entry
// in wire order. It reports false if b does not decode. Later occurrences
// of a field win, as in protobuf.
func scanErrorInfo(b []byte, entry func(k, v []byte)) (reason, domain []byte, ok bool) {
	for len(b) > 0 {
		num, v, n := consumeBytesField(b)
		if n < 0 {
			return nil, nil, false
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
				return nil, nil, false
			}
			if entry != nil {
				entry(k, val)
			}
		}
	}
	return reason, domain, true
}

// consumeBytesField reads one field of b: its number and, for a
// length-delimited field, its bytes (nil for other wire types, which are
// skipped). n is the length read, negative if b does not decode.
func consumeBytesField(b []byte) (num protowire.Number, v []byte, n int) {
	num, typ, tn := protowire.ConsumeTag(b)
	if tn < 0 {
		return 0, nil, tn
	}
	if typ != protowire.BytesType {
		fn := protowire.ConsumeFieldValue(num, typ, b[tn:])
		if fn < 0 {
			return 0, nil, fn
		}
		return 0, nil, tn + fn // number 0: ignored by every caller
	}
	v, fn := protowire.ConsumeBytes(b[tn:])
	if fn < 0 {
		return 0, nil, fn
	}
	return num, v, tn + fn
}

func parseMapEntry(b []byte) (k, v []byte, ok bool) {
	for len(b) > 0 {
		num, s, n := consumeBytesField(b)
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

// infoArgs returns the values of the metadata entries named names ("" if
// absent; the last entry of a key wins) from an ErrorInfo scanErrorInfo
// accepted. The values share one string. It costs one pass over b whatever
// the number of entries, and allocates only the result.
func infoArgs(b []byte, names []string) []string {
	if len(names) == 0 {
		return nil
	}
	var small [smallMetadata][]byte
	vals := small[:0]
	if len(names) > smallMetadata {
		vals = make([][]byte, 0, len(names))
	}
	vals = vals[:len(names)]
	scanErrorInfo(b, func(k, v []byte) {
		for i, name := range names {
			if string(k) == name {
				vals[i] = v
				return
			}
		}
	})
	n := 0
	for _, v := range vals {
		n += len(v)
	}
	var sb strings.Builder
	sb.Grow(n)
	for _, v := range vals {
		sb.Write(v)
	}
	args := make([]string, len(names))
	all, at := sb.String(), 0
	for i, v := range vals {
		args[i] = all[at : at+len(v)]
		at += len(v)
	}
	return args
}

// metadata is ErrorInfo.metadata as decoded: each key once, in the order
// of its first occurrence, with the value of its last (as protobuf decodes
// a map).
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

// parseErrorInfo decodes an ErrorInfo into strings. Keys repeated on the
// wire are merged through a map once there are more than a few entries,
// so that decoding stays linear.
func parseErrorInfo(b []byte) (reason, domain string, md metadata, ok bool) {
	var index map[string]int // key -> position in md, once md is large
	r, d, ok := scanErrorInfo(b, func(k, v []byte) {
		if index == nil {
			for i := range md {
				if md[i].k == string(k) {
					md[i].v = string(v)
					return
				}
			}
			md = append(md, kv{string(k), string(v)})
			if len(md) > smallMetadata {
				index = make(map[string]int, len(md))
				for i, p := range md {
					index[p.k] = i
				}
			}
			return
		}
		if i, seen := index[string(k)]; seen {
			md[i].v = string(v)
			return
		}
		index[string(k)] = len(md)
		md = append(md, kv{string(k), string(v)})
	})
	if !ok {
		return "", "", nil, false
	}
	return string(r), string(d), md, true
}

// normalizeErrorInfo returns an ErrorInfo encoding that any protobuf
// runtime and errcat both decode: b itself if it is one, or else b
// re-encoded with its strings made valid UTF-8. It reports false if b does
// not decode at all.
func normalizeErrorInfo(b []byte) ([]byte, bool) {
	if _, _, ok := scanErrorInfo(b, nil); !ok {
		return nil, false
	}
	if proto.Unmarshal(b, &errdetails.ErrorInfo{}) == nil {
		return b, true
	}
	reason, domain, md, _ := parseErrorInfo(b)
	for i := range md {
		md[i] = kv{valid(md[i].k), valid(md[i].v)}
	}
	// Repairing can make two keys equal: keep the first.
	seen := make(map[string]bool, len(md))
	out := md[:0]
	for _, p := range md {
		if !seen[p.k] {
			seen[p.k] = true
			out = append(out, p)
		}
	}
	return encodeErrorInfo(valid(reason), valid(domain), out), true
}
