package errcat

import (
	"strings"
	"unicode/utf8"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/anypb"
)

// UTF-8 repair: every string errcat sends is valid UTF-8 (grpc-go drops all
// the details of a status that is not).

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

// repairStrings replaces invalid UTF-8 in every string field of m, recursively
// (lists, maps and nested messages included).
func repairStrings(m protoreflect.Message) {
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList():
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				switch fd.Kind() {
				case protoreflect.StringKind:
					if s := l.Get(i).String(); !utf8.ValidString(s) {
						l.Set(i, protoreflect.ValueOfString(valid(s)))
					}
				case protoreflect.MessageKind, protoreflect.GroupKind:
					repairStrings(l.Get(i).Message())
				}
			}
		case fd.IsMap():
			mp := v.Map()
			type kv struct {
				k protoreflect.MapKey
				v protoreflect.Value
			}
			var fix []kv
			mp.Range(func(k protoreflect.MapKey, mv protoreflect.Value) bool {
				if fd.MapValue().Kind() == protoreflect.MessageKind {
					repairStrings(mv.Message())
				}
				nk, nv, changed := k, mv, false
				if fd.MapKey().Kind() == protoreflect.StringKind && !utf8.ValidString(k.String()) {
					nk, changed = protoreflect.ValueOfString(valid(k.String())).MapKey(), true
				}
				if fd.MapValue().Kind() == protoreflect.StringKind && !utf8.ValidString(mv.String()) {
					nv, changed = protoreflect.ValueOfString(valid(mv.String())), true
				}
				if changed {
					fix = append(fix, kv{k, protoreflect.Value{}}, kv{nk, nv})
				}
				return true
			})
			for i := 0; i < len(fix); i += 2 {
				mp.Clear(fix[i].k)
				mp.Set(fix[i+1].k, fix[i+1].v)
			}
		case fd.Kind() == protoreflect.StringKind:
			if s := v.String(); !utf8.ValidString(s) {
				m.Set(fd, protoreflect.ValueOfString(valid(s)))
			}
		case fd.Kind() == protoreflect.MessageKind || fd.Kind() == protoreflect.GroupKind:
			repairStrings(v.Message())
		}
		return true
	})
}
