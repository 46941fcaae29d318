package errcat

import (
	"time"

	"google.golang.org/grpc/codes"
)

// Entry is one error of a catalogue. Entries are created by [Register] and
// never change. An *Entry is an error value, so that generated entries are
// errors.Is targets:
//
//	errors.Is(err, codes.ObjectNotFound)
//
// matches any [*Error] of that entry (same domain and reason), also one
// decoded on a client from the wire.
type Entry struct {
	catalog     *Catalog
	spec        EntrySpec
	argNames    []string
	title       template
	message     template
	rootCauses  []template
	resolutions []template
	docURL      string
	wire        entryWire // pre-encoded details, see wire.go
}

func newEntry(c *Catalog, spec EntrySpec) (*Entry, error) {
	e := &Entry{catalog: c, spec: spec}
	for _, a := range spec.Args {
		e.argNames = append(e.argNames, a.Name)
	}
	var err error
	if e.title, err = compileTemplate(spec.Title, e.argNames); err != nil {
		return nil, err
	}
	if e.message, err = compileTemplate(spec.Message, e.argNames); err != nil {
		return nil, err
	}
	for _, s := range spec.RootCauses {
		t, err := compileTemplate(s, e.argNames)
		if err != nil {
			return nil, err
		}
		e.rootCauses = append(e.rootCauses, t)
	}
	for _, s := range spec.Resolutions {
		t, err := compileTemplate(s, e.argNames)
		if err != nil {
			return nil, err
		}
		e.resolutions = append(e.resolutions, t)
	}
	if c.spec.DocURL != "" {
		e.docURL = expandDocURL(c.spec.DocURL, c.spec.Domain, spec.Reason, spec.Code)
	}
	e.wire = precompute(e)
	return e, nil
}

// Error describes the entry itself (not an occurrence of it), so that an
// *Entry can stand as an errors.Is target.
func (e *Entry) Error() string {
	return e.spec.Code + " " + e.spec.Reason + ": " + e.spec.Title
}

// Catalog returns the catalogue the entry belongs to.
func (e *Entry) Catalog() *Catalog { return e.catalog }

// Domain returns the ErrorInfo domain.
func (e *Entry) Domain() string { return e.catalog.spec.Domain }

// Reason returns the AIP-193 reason ("OBJECT_NOT_FOUND").
func (e *Entry) Reason() string { return e.spec.Reason }

// Code returns the numeric code ("000012").
func (e *Entry) Code() string { return e.spec.Code }

// Number returns the proto enum number of the entry.
func (e *Entry) Number() int32 { return e.spec.Number }

// GRPCCode returns the gRPC status code the entry is sent with.
func (e *Entry) GRPCCode() codes.Code { return e.spec.GRPCCode }

// HTTPStatus returns the HTTP status for gateways.
func (e *Entry) HTTPStatus() int { return e.spec.HTTPStatus }

// Description returns what the error means.
func (e *Entry) Description() string { return e.spec.Description }

// Summary returns the one-line description of the entry for overview
// tables, or its description when the catalogue sets no summary.
func (e *Entry) Summary() string {
	if e.spec.Summary != "" {
		return e.spec.Summary
	}
	return e.spec.Description
}

// TitleTemplate returns the short title template as written in the proto.
func (e *Entry) TitleTemplate() string { return e.spec.Title }

// MessageTemplate returns the English message template as written in the
// proto, with `{0}`-style placeholders.
func (e *Entry) MessageTemplate() string { return e.spec.Message }

// ArgSpecs returns the declarations of the entry's arguments (name,
// description, example) in placeholder order; [Error.Args] returns an
// error's values. The slice is a copy.
func (e *Entry) ArgSpecs() []ArgSpec { return append([]ArgSpec(nil), e.spec.Args...) }

// RetryDelay returns the advised delay before a retry; zero if the entry is
// not retryable.
func (e *Entry) RetryDelay() time.Duration { return e.spec.RetryDelay }

// Retryable reports whether the entry carries retry advice.
func (e *Entry) Retryable() bool { return e.spec.RetryDelay > 0 }

// DocURL returns the absolute documentation URL of the entry, or "".
func (e *Entry) DocURL() string { return e.docURL }

// Spec returns a copy of the entry's static description.
func (e *Entry) Spec() EntrySpec {
	s := e.spec
	s.RootCauses = append([]string(nil), s.RootCauses...)
	s.Resolutions = append([]string(nil), s.Resolutions...)
	s.Args = append([]ArgSpec(nil), s.Args...)
	return s
}

// Title renders the title with args.
func (e *Entry) Title(args ...string) string { return e.title.render(args) }

// Message renders the English message with args; a missing argument renders
// as empty text.
func (e *Entry) Message(args ...string) string { return e.message.render(args) }

// RootCauses renders the root causes with args.
func (e *Entry) RootCauses(args ...string) []string { return renderAll(e.rootCauses, args) }

// Resolutions renders the resolution steps with args.
func (e *Entry) Resolutions(args ...string) []string { return renderAll(e.resolutions, args) }

func renderAll(ts []template, args []string) []string {
	if len(ts) == 0 {
		return nil
	}
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.render(args)
	}
	return out
}

// MaxExtraArgs is the number of arguments beyond its declared ones that
// [Entry.New] keeps. Each is sent as an ErrorInfo metadata entry of at
// least 11 bytes, so that 1024 of them never fit the default trailer
// budget: more are dropped before they are copied, and a handler passing a
// client's million arguments to New costs a few kilobytes, not a copy of
// them.
const MaxExtraArgs = 1024

// New returns an occurrence of the entry with the given arguments, bound in
// order to the entry's placeholders. Generated constructors call it with
// exactly the right number of arguments; when called directly, missing
// arguments are empty and extra ones are kept (sent as metadata "argN"), up
// to [MaxExtraArgs] of them; the others are listed as a range "argN-argM"
// under the ErrorInfo metadata key [MetadataTruncatedKey].
func (e *Entry) New(args ...string) *Error {
	dropped := 0
	if n := len(e.argNames) + MaxExtraArgs; len(args) > n {
		args, dropped = args[:n], len(args)-n
	}
	return &Error{entry: e, args: append([]string(nil), args...), droppedArgs: dropped}
}

// ArgNames returns the argument names in placeholder order. The slice is a copy.
func (e *Entry) ArgNames() []string { return append([]string(nil), e.argNames...) }
