package errcat

import (
	"slices"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/durationpb"
)

const typeURLPrefix = "type.googleapis.com/"

// Full names of the standard detail types errcat sends itself.
const (
	typeErrorInfo        protoreflect.FullName = "google.rpc.ErrorInfo"
	typeRetryInfo        protoreflect.FullName = "google.rpc.RetryInfo"
	typeHelp             protoreflect.FullName = "google.rpc.Help"
	typeRequestInfo      protoreflect.FullName = "google.rpc.RequestInfo"
	typeLocalizedMessage protoreflect.FullName = "google.rpc.LocalizedMessage"
	typeDebugInfo        protoreflect.FullName = "google.rpc.DebugInfo"
)

var (
	urlErrorInfo   = typeURLPrefix + string(typeErrorInfo)
	urlRetryInfo   = typeURLPrefix + string(typeRetryInfo)
	urlHelp        = typeURLPrefix + string(typeHelp)
	urlRequestInfo = typeURLPrefix + string(typeRequestInfo)
)

// entryWire holds the parts of an entry's status that never change, encoded
// once when the catalogue is registered.
type entryWire struct {
	infoPrefix []byte // ErrorInfo fields reason (1) and domain (2)
	// metaOrder lists the metadata entries in key order (protobuf's
	// deterministic order): an argument index, or -1 for the code.
	metaOrder []int
	retry     *anypb.Any // RetryInfo, nil if the entry is not retryable
	help      *anypb.Any // Help, nil if it depends on args or there is no doc URL
}

func precompute(e *Entry) entryWire {
	var w entryWire
	w.infoPrefix = protowire.AppendTag(nil, 1, protowire.BytesType)
	w.infoPrefix = protowire.AppendString(w.infoPrefix, e.spec.Reason)
	w.infoPrefix = protowire.AppendTag(w.infoPrefix, 2, protowire.BytesType)
	w.infoPrefix = protowire.AppendString(w.infoPrefix, e.catalog.spec.Domain)

	keys := append([]string{MetadataCodeKey}, e.argNames...)
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i - 1
	}
	slices.SortFunc(order, func(a, b int) int {
		ka, kb := keys[a+1], keys[b+1]
		switch {
		case ka < kb:
			return -1
		case ka > kb:
			return 1
		}
		return 0
	})
	w.metaOrder = order

	if e.spec.RetryDelay > 0 {
		w.retry = mustAny(&errdetails.RetryInfo{RetryDelay: durationpb.New(e.spec.RetryDelay)})
	}
	if e.docURL != "" && !e.resolutionsUseArgs() {
		w.help = mustAny(e.help(nil))
	}
	return w
}

func (e *Entry) resolutionsUseArgs() bool {
	for _, t := range e.resolutions {
		if len(t.placeholders()) > 0 {
			return true
		}
	}
	return false
}

// help builds the Help detail: one link per resolution step (description =
// the step, url = the entry's documentation), or a single link to the
// documentation when the entry has no resolutions.
func (e *Entry) help(args []string) *errdetails.Help {
	h := &errdetails.Help{}
	for _, t := range e.resolutions {
		h.Links = append(h.Links, &errdetails.Help_Link{Description: t.render(args), Url: e.docURL})
	}
	if len(h.Links) == 0 {
		h.Links = append(h.Links, &errdetails.Help_Link{Description: e.spec.Code + " " + e.spec.Reason, Url: e.docURL})
	}
	return h
}

// helpValue encodes the Help detail of [Entry.help] for args without
// building the message: the bytes proto.Marshal would produce (Help.links
// (1) of Help.Link, description (1) and url (2), empty fields omitted).
func (e *Entry) helpValue(args []string) []byte {
	n := 0
	for _, t := range e.resolutions {
		n += linkFieldSize(renderedLen(t, args), len(e.docURL))
	}
	if len(e.resolutions) == 0 {
		n += linkFieldSize(len(e.spec.Code)+1+len(e.spec.Reason), len(e.docURL))
	}
	b := make([]byte, 0, n)
	for _, t := range e.resolutions {
		l := renderedLen(t, args)
		b = protowire.AppendTag(b, 1, protowire.BytesType)
		b = protowire.AppendVarint(b, uint64(linkSize(l, len(e.docURL))))
		if l > 0 {
			b = protowire.AppendTag(b, 1, protowire.BytesType)
			b = protowire.AppendVarint(b, uint64(l))
			b = appendRendered(b, t, args)
		}
		b = appendStringField(b, 2, e.docURL)
	}
	if len(e.resolutions) == 0 {
		desc := e.spec.Code + " " + e.spec.Reason
		b = protowire.AppendTag(b, 1, protowire.BytesType)
		b = protowire.AppendVarint(b, uint64(linkSize(len(desc), len(e.docURL))))
		b = appendStringField(b, 1, desc)
		b = appendStringField(b, 2, e.docURL)
	}
	return b
}

// linkSize is the encoded size of a Help.Link with a description of desc
// bytes and a url of url bytes; linkFieldSize adds its tag and length.
func linkSize(desc, url int) int {
	n := 0
	if desc > 0 {
		n += protowire.SizeTag(1) + protowire.SizeBytes(desc)
	}
	if url > 0 {
		n += protowire.SizeTag(2) + protowire.SizeBytes(url)
	}
	return n
}

func linkFieldSize(desc, url int) int {
	return protowire.SizeTag(1) + protowire.SizeBytes(linkSize(desc, url))
}

// requestInfoValue encodes google.rpc.RequestInfo{request_id: id}.
func requestInfoValue(id string) []byte {
	return appendStringField(make([]byte, 0, protowire.SizeTag(1)+protowire.SizeBytes(len(id))), 1, id)
}

// appendStringField appends a string field, omitted when empty as proto3
// does.
func appendStringField(b []byte, num protowire.Number, s string) []byte {
	if s == "" {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendString(b, s)
}

// renderedLen is len(t.render(args)); appendRendered appends t.render(args)
// without building the string.
func renderedLen(t template, args []string) int { return t.Len(args) }

func appendRendered(b []byte, t template, args []string) []byte { return t.AppendTo(b, args) }

func mustAny(m proto.Message) *anypb.Any {
	a, err := anypb.New(m)
	if err != nil {
		panic(err) // only called with errcat's own well-formed messages
	}
	return a
}
