package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	rpccode "google.golang.org/genproto/googleapis/rpc/code"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/known/anypb"

	"github.com/errcat/errcat"
)

// maxInput bounds what decode reads from standard input: far more than any
// trailer a gRPC peer accepts.
const maxInput = 1 << 20

const headerName = "grpc-status-details-bin"

// decode prints a grpc-status-details-bin value: the status, each detail,
// and the errcat view of it.
func decode(args []string, stdin io.Reader, w io.Writer) error {
	var text string
	switch len(args) {
	case 0:
		b, err := io.ReadAll(io.LimitReader(stdin, maxInput+1))
		if err != nil {
			return fmt.Errorf("decode: reading standard input: %w", err)
		}
		if len(b) > maxInput {
			return usageError{fmt.Errorf("decode: input larger than %d bytes", maxInput)}
		}
		text = string(b)
	case 1:
		text = args[0]
	default:
		return usageError{fmt.Errorf("decode: give one value (got %d arguments); quote it or pass it on standard input", len(args))}
	}
	st, err := parseStatus(text)
	if err != nil {
		return usageError{fmt.Errorf("decode: %w", err)}
	}
	// The status comes from a peer that may be hostile: what it holds is
	// escaped before it reaches a terminal, and the output is bounded
	// whatever its nesting (indented JSON grows with the depth).
	var out bytes.Buffer
	printStatus(&out, st)
	_, err = w.Write(bound(escapeTerminal(out.Bytes()), outputLimit(len(text))))
	return err
}

// outputLimit is the most decode prints for an input of n bytes.
func outputLimit(n int) int { return 100 * n }

// bound cuts out to at most limit bytes, on a line boundary, ending with a
// line that says so.
func bound(out []byte, limit int) []byte {
	if len(out) <= limit {
		return out
	}
	note := fmt.Sprintf("... output cut: %d more bytes (errcat decode prints at most 100 bytes per input byte)\n", len(out))
	keep := max(limit-len(note)-8, 0) // room for the count growing by a digit or two
	if i := bytes.LastIndexByte(out[:keep], '\n'); i >= 0 {
		keep = i + 1
	} else {
		keep = 0
	}
	note = fmt.Sprintf("... output cut: %d more bytes (errcat decode prints at most 100 bytes per input byte)\n", len(out)-keep)
	return append(out[:keep:keep], note...)
}

// escapeTerminal makes b safe to print on a terminal: invalid UTF-8 bytes
// and C0 controls other than newline become \xNN; DEL, C1 controls and
// Unicode's bidirectional and invisible formatting characters become
// \u{NNNN}. Everything else, and "\n", is kept.
func escapeTerminal(b []byte) []byte {
	if !needsEscape(b) {
		return b
	}
	out := make([]byte, 0, len(b)+len(b)/8)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && n <= 1:
			out = fmt.Appendf(out, `\x%02x`, b[0])
		case r < 0x20 && r != '\n':
			out = fmt.Appendf(out, `\x%02x`, r)
		case unsafeRune(r):
			out = fmt.Appendf(out, `\u{%04x}`, r)
		default:
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out
}

func needsEscape(b []byte) bool {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 || r < 0x20 && r != '\n' || unsafeRune(r) {
			return true
		}
		b = b[n:]
	}
	return false
}

// unsafeRune reports DEL, the C1 controls and the characters that reorder
// or hide text (bidi embeddings, overrides, isolates and marks, zero-width
// characters, line and paragraph separators).
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200b, r == 0x200c, r == 0x200d, r == 0x200e, r == 0x200f, r == 0xfeff:
		return true
	case r >= 0x2028 && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// parseStatus decodes the base64 text of a grpc-status-details-bin value
// into a google.rpc.Status.
func parseStatus(text string) (*spb.Status, error) {
	text = strings.TrimSpace(text)
	if len(text) > len(headerName) && strings.EqualFold(text[:len(headerName)], headerName) {
		text = strings.TrimSpace(strings.TrimPrefix(text[len(headerName):], ":"))
	}
	// Values copied from logs or terminals may be wrapped over lines.
	text = strings.Join(strings.Fields(text), "")
	if text == "" {
		return nil, errors.New("no value: give the base64 of a grpc-status-details-bin trailer as argument or on standard input")
	}
	raw, err := decodeBase64(text)
	if err != nil {
		return nil, err
	}
	st := new(spb.Status)
	if err := proto.Unmarshal(raw, st); err != nil {
		return nil, fmt.Errorf("the %d decoded bytes are not a google.rpc.Status: %s", len(raw), protoErr(err))
	}
	if len(st.ProtoReflect().GetUnknown()) > 0 {
		return nil, fmt.Errorf("the %d decoded bytes are not a google.rpc.Status: they hold fields a Status does not have", len(raw))
	}
	return st, nil
}

// decodeBase64 accepts the standard and URL alphabets, padded or not
// (gRPC sends standard base64 without padding).
func decodeBase64(text string) ([]byte, error) {
	enc := base64.RawStdEncoding
	if strings.ContainsAny(text, "-_") {
		enc = base64.RawURLEncoding
	}
	b, err := enc.DecodeString(strings.TrimRight(text, "="))
	if err != nil {
		var ce base64.CorruptInputError
		if errors.As(err, &ce) {
			return nil, fmt.Errorf("not base64: invalid character or length at byte %d of %q", int64(ce), abbreviate(text))
		}
		return nil, fmt.Errorf("not base64: %v", err)
	}
	return b, nil
}

// protoErr returns the text of a protobuf error with plain spaces:
// protobuf-go randomly uses non-breaking ones so that nobody depends on its
// error texts.
func protoErr(err error) string {
	return strings.ReplaceAll(err.Error(), "\u00a0", " ")
}

func abbreviate(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// printStatus writes the status, its details and the errcat view.
func printStatus(w io.Writer, st *spb.Status) {
	fmt.Fprintln(w, "google.rpc.Status")
	fmt.Fprintf(w, "  code     %s (%d)\n", rpccode.Code(st.GetCode()), st.GetCode())
	fmt.Fprintf(w, "  message  %s\n", st.GetMessage())
	fmt.Fprintf(w, "  details  %d\n", len(st.GetDetails()))
	for i, a := range st.GetDetails() {
		fmt.Fprintln(w)
		printDetail(w, i, len(st.GetDetails()), a)
	}
	fmt.Fprintln(w)
	printView(w, st)
}

// printDetail writes one detail as JSON, or, if its type is not linked in
// or its bytes do not decode, as type URL and base64.
func printDetail(w io.Writer, i, n int, a *anypb.Any) {
	m, err := anypb.UnmarshalNew(a, proto.UnmarshalOptions{Resolver: protoregistry.GlobalTypes})
	if err == nil && tooDeep(m.ProtoReflect(), maxPrintDepth) {
		err = errTooDeep
	}
	if err != nil {
		why := "unknown type"
		switch {
		case errors.Is(err, errTooDeep):
			why = err.Error()
		case !errors.Is(err, protoregistry.NotFound):
			why = "does not decode: " + protoErr(err)
		}
		fmt.Fprintf(w, "detail %d of %d: %s (%s)\n", i+1, n, a.MessageName(), why)
		fmt.Fprintf(w, "  type URL  %s\n", a.GetTypeUrl())
		fmt.Fprintf(w, "  value     %s (base64, %d bytes)\n", base64.StdEncoding.EncodeToString(a.GetValue()), len(a.GetValue()))
		return
	}
	fmt.Fprintf(w, "detail %d of %d: %s\n", i+1, n, m.ProtoReflect().Descriptor().FullName())
	for _, line := range strings.Split(stableJSON(m), "\n") {
		fmt.Fprintf(w, "  %s\n", line)
	}
}

// maxPrintDepth bounds the nesting of a detail printed as JSON: protojson
// decodes an Any inside an Any again at every level, so that printing
// deeply nested ones takes time quadratic in their size.
const maxPrintDepth = 32

var errTooDeep = fmt.Errorf("nests more than %d messages deep", maxPrintDepth)

// tooDeep reports whether m nests messages (those inside a
// google.protobuf.Any included) more than limit levels deep. It decodes
// at most limit levels of Any.
func tooDeep(m protoreflect.Message, limit int) bool {
	if limit <= 0 {
		return true
	}
	if a, ok := m.Interface().(*anypb.Any); ok {
		inner, err := a.UnmarshalNew()
		return err == nil && tooDeep(inner.ProtoReflect(), limit-1)
	}
	deep := false
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			for i := 0; i < v.List().Len() && !deep; i++ {
				deep = tooDeep(v.List().Get(i).Message(), limit-1)
			}
		case fd.IsMap() && fd.MapValue().Message() != nil:
			v.Map().Range(func(_ protoreflect.MapKey, mv protoreflect.Value) bool {
				deep = tooDeep(mv.Message(), limit-1)
				return !deep
			})
		case !fd.IsList() && !fd.IsMap() && fd.Message() != nil:
			deep = tooDeep(v.Message(), limit-1)
		}
		return !deep
	})
	return deep
}

// stableJSON is protojson with a fixed layout: protojson varies its
// whitespace on purpose from build to build.
func stableJSON(m proto.Message) string {
	b, err := protojson.Marshal(m)
	if err != nil {
		return fmt.Sprintf("(cannot print as JSON: %v)", err)
	}
	var compact, out bytes.Buffer
	if json.Compact(&compact, b) != nil || json.Indent(&out, compact.Bytes(), "", "  ") != nil {
		return string(b)
	}
	return out.String()
}

// printView writes what errcat.FromStatus makes of st.
func printView(w io.Writer, st *spb.Status) {
	fmt.Fprintln(w, "errcat view (errcat.FromStatus)")
	e, ok := errcat.FromStatus(status.FromProto(st))
	if !ok {
		fmt.Fprintln(w, "  not an errcat error: the status carries no google.rpc.ErrorInfo")
		return
	}
	field := func(name, format string, args ...any) {
		fmt.Fprintf(w, "  %-11s %s\n", name, fmt.Sprintf(format, args...))
	}
	field("error", "%s", e.Error())
	if e.Known() {
		field("entry", "%s of %s (see errcat explain %s)", e.Code(), e.Entry().Catalog().Name(), e.Code())
	} else {
		field("entry", "unknown: no linked catalogue has reason %s in domain %s", e.Reason(), e.Domain())
	}
	if e.Code() != "" {
		field("code", "%s", e.Code())
	} else {
		field("code", "(none: no %q in the ErrorInfo metadata)", errcat.MetadataCodeKey)
	}
	field("reason", "%s", e.Reason())
	field("domain", "%s", e.Domain())
	printArgs(w, e)
	field("message", "%s", e.Message())
	d := e.Details()
	if lm := d.LocalizedMessage; lm != nil {
		field("localized", "[%s] %s", lm.GetLocale(), lm.GetMessage())
	}
	if e.Retryable() {
		field("retry", "yes, after %v", e.RetryDelay())
	} else {
		field("retry", "no")
	}
	if id := d.RequestInfo.GetRequestId(); id != "" {
		field("request id", "%s", id)
	}
	for i, l := range d.Help.GetLinks() {
		name := ""
		if i == 0 {
			name = "help"
		}
		field(name, "%s <%s>", l.GetDescription(), l.GetUrl())
	}
	if n := len(d.Unknown); n > 0 {
		field("unknown", "%d detail(s) of types not linked into errcat (kept as received)", n)
	}
}

// printArgs writes the arguments by name, and any other ErrorInfo metadata.
func printArgs(w io.Writer, e *errcat.Error) {
	md := e.Details().ErrorInfo.GetMetadata()
	shown := map[string]bool{errcat.MetadataCodeKey: true}
	names := e.Entry().ArgNames()
	for i, v := range e.Args() {
		name := fmt.Sprintf("{%d}", i)
		if i < len(names) {
			name = names[i]
			shown[name] = true
		}
		fmt.Fprintf(w, "  %-11s %s = %q\n", labelIf(i == 0, "args"), name, v)
	}
	var other []string
	for k := range md {
		if !shown[k] {
			other = append(other, k)
		}
	}
	sort.Strings(other)
	for i, k := range other {
		fmt.Fprintf(w, "  %-11s %s = %q\n", labelIf(i == 0, "metadata"), k, md[k])
	}
}

func labelIf(first bool, label string) string {
	if first {
		return label
	}
	return ""
}
