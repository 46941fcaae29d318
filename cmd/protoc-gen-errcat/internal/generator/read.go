package generator

import (
	"errors"
	"fmt"
	"go/token"
	"math"
	"strconv"
	"strings"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/internal/enumname"
)

// Full names of the errcat options (proto/errcat/v1/options.proto).
const (
	catalogExtName protoreflect.FullName = "errcat.v1.catalog"
	entryExtName   protoreflect.FullName = "errcat.v1.entry"
)

// Catalog is a catalogue read from a proto enum: the spec the runtime
// registers, plus what the emitters and diagnostics need.
type Catalog struct {
	File *protogen.File
	Enum *protogen.Enum
	// Spec is what the generated code passes to errcat.MustRegister.
	Spec errcat.CatalogSpec
	// Entries run parallel to Spec.Entries.
	Entries []*Entry
}

// Entry is one entry of a Catalog.
type Entry struct {
	Value *protogen.EnumValue
	// GoName names the generated entry variable; the constructor is
	// "New" + GoName.
	GoName string
	// Params are the constructor's parameter names, one per argument.
	Params []string
	// GRPCName is the google.rpc.Code name of the status code ("NOT_FOUND").
	GRPCName string
}

// reader turns descriptors into catalogues. It reads the errcat options
// through dynamicpb, from the descriptors of the request itself, so that the
// plugin never depends on generated code of the schema it reads.
type reader struct {
	catalogExt, entryExt protoreflect.ExtensionDescriptor
	types                *dynamicpb.Types
	diags                diagnostics
}

// newReader finds the errcat extensions among the request's files. When no
// file imports the options schema, the reader finds no catalogue.
func newReader(p *protogen.Plugin) (*reader, error) {
	files := new(protoregistry.Files)
	for _, f := range p.Files {
		if err := files.RegisterFile(f.Desc); err != nil {
			return nil, err
		}
	}
	r := &reader{types: dynamicpb.NewTypes(files)}
	for _, x := range []struct {
		name protoreflect.FullName
		dst  *protoreflect.ExtensionDescriptor
	}{{catalogExtName, &r.catalogExt}, {entryExtName, &r.entryExt}} {
		d, err := files.FindDescriptorByName(x.name)
		if errors.Is(err, protoregistry.NotFound) {
			return &reader{}, nil
		}
		if err != nil {
			return nil, err
		}
		xd, ok := d.(protoreflect.ExtensionDescriptor)
		if !ok || xd.Message() == nil {
			return nil, fmt.Errorf("%s is not a message extension", x.name)
		}
		*x.dst = xd
	}
	return r, nil
}

// option returns the value of extension xd in an options message, or nil.
// The options are re-marshalled and parsed with a resolver built from the
// request, because proto.HasExtension is always false for a dynamic
// extension type: the value is found by ranging over the parsed fields.
func (r *reader) option(opts proto.Message, xd protoreflect.ExtensionDescriptor) (protoreflect.Message, error) {
	if xd == nil || opts == nil || !opts.ProtoReflect().IsValid() {
		return nil, nil
	}
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(opts)
	if err != nil {
		return nil, err
	}
	m := opts.ProtoReflect().Type().New().Interface()
	if err := (proto.UnmarshalOptions{Resolver: r.types}).Unmarshal(b, m); err != nil {
		return nil, err
	}
	var found protoreflect.Message
	m.ProtoReflect().Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.IsExtension() && fd.FullName() == xd.FullName() {
			found = v.Message()
			return false
		}
		return true
	})
	return found, nil
}

// read returns the catalogues of the files to generate, in file and
// declaration order. Entries that cannot be read are reported in r.diags and
// left out of the spec.
func (r *reader) read(p *protogen.Plugin) ([]*Catalog, error) {
	if r.catalogExt == nil {
		return nil, nil
	}
	var out []*Catalog
	for _, f := range p.Files {
		if !f.Generate {
			continue
		}
		for _, e := range allEnums(f) {
			c, err := r.readCatalog(f, e)
			if err != nil {
				return nil, fmt.Errorf("%s: enum %s: %w", f.Desc.Path(), e.Desc.FullName(), err)
			}
			if c != nil {
				out = append(out, c)
			}
		}
	}
	return out, nil
}

// allEnums lists the enums of a file in declaration order: top-level ones,
// then those nested in messages, depth first.
func allEnums(f *protogen.File) []*protogen.Enum {
	out := append([]*protogen.Enum(nil), f.Enums...)
	var walk func([]*protogen.Message)
	walk = func(ms []*protogen.Message) {
		for _, m := range ms {
			out = append(out, m.Enums...)
			walk(m.Messages)
		}
	}
	walk(f.Messages)
	return out
}

func (r *reader) readCatalog(f *protogen.File, e *protogen.Enum) (*Catalog, error) {
	opts, err := r.option(e.Desc.Options(), r.catalogExt)
	if err != nil || opts == nil {
		return nil, err
	}
	c := &Catalog{File: f, Enum: e, Spec: errcat.CatalogSpec{
		Name:        string(e.Desc.FullName()),
		Domain:      getString(opts, "domain"),
		Title:       getString(opts, "title"),
		Description: getString(opts, "description"),
		CodePattern: getString(opts, "code_pattern"),
		DocURL:      getString(opts, "doc_url"),
	}}
	prefix := enumname.ValuePrefix(string(e.Desc.Name()))
	for _, v := range e.Values {
		name := string(v.Desc.Name())
		vopts, err := r.option(v.Desc.Options(), r.entryExt)
		if err != nil {
			return nil, err
		}
		at := positionOf(f, v.Location.Path)
		switch {
		case v.Desc.Number() == 0:
			if vopts != nil {
				r.diags.add(at, "value %s: the zero value is not an entry; remove its (%s) option", name, entryExtName)
			}
			continue
		case vopts == nil:
			r.diags.add(at, "entry %s: missing option (%s): every value of a catalogue but the zero value is an entry", name, entryExtName)
			continue
		case !strings.HasPrefix(name, prefix) || len(name) == len(prefix):
			r.diags.add(at, "entry %s: the value name must be the enum prefix %q followed by the reason", name, prefix)
			continue
		}
		spec, ent := r.readEntry(f, v, vopts, strings.TrimPrefix(name, prefix))
		c.Spec.Entries = append(c.Spec.Entries, spec)
		c.Entries = append(c.Entries, ent)
	}
	return c, nil
}

func (r *reader) readEntry(f *protogen.File, v *protogen.EnumValue, opts protoreflect.Message, reason string) (errcat.EntrySpec, *Entry) {
	spec := errcat.EntrySpec{
		Number:      int32(v.Desc.Number()),
		Reason:      reason,
		Code:        getString(opts, "code"),
		HTTPStatus:  int(getInt(opts, "http_status")),
		Title:       getString(opts, "title"),
		Message:     getString(opts, "message"),
		Description: getString(opts, "description"),
		Summary:     getString(opts, "summary"),
		RootCauses:  getStrings(opts, "root_causes"),
		Resolutions: getStrings(opts, "resolutions"),
	}
	ent := &Entry{Value: v, GoName: goName(reason)}
	if n := getString(opts, "go_name"); n != "" {
		at := optionPosition(f, v.Location.Path, r.entryExt, "go_name")
		switch {
		case !token.IsIdentifier(n) || !token.IsExported(n):
			r.diags.add(at, "entry %s option go_name: %q is not an exported Go identifier", v.Desc.Name(), n)
		case grpcCodeNames[n]:
			r.diags.add(at, "entry %s option go_name: %q is the name of a gRPC status code (google.golang.org/grpc/codes): choose a name that cannot be read as one", v.Desc.Name(), n)
		}
		ent.GoName = n
	} else if grpcCodeNames[ent.GoName] {
		r.diags.add(positionOf(f, v.Location.Path),
			"entry %s: Go name %s is the name of a gRPC status code (google.golang.org/grpc/codes); set option go_name to a name that cannot be read as one (the reason stays %s)",
			v.Desc.Name(), ent.GoName, reason)
	}

	grpc := getInt(opts, "grpc_code")
	spec.GRPCCode = codes.Code(grpc)
	ent.GRPCName = fmt.Sprint(grpc)
	if fd := field(opts, "grpc_code"); fd != nil && fd.Enum() != nil {
		if ev := fd.Enum().Values().ByNumber(protoreflect.EnumNumber(grpc)); ev != nil {
			ent.GRPCName = string(ev.Name())
		}
	}

	var names []string
	for _, a := range getMessages(opts, "args") {
		spec.Args = append(spec.Args, errcat.ArgSpec{
			Name:        getString(a, "name"),
			Description: getString(a, "description"),
			Example:     getString(a, "example"),
		})
		names = append(names, getString(a, "name"))
	}
	ent.Params = paramNames(names)

	if retry := getMessage(opts, "retry"); retry != nil {
		d, ok := duration(getMessage(retry, "delay"))
		if ok && d > 0 {
			spec.RetryDelay = d
		} else {
			r.diags.add(optionPosition(f, v.Location.Path, r.entryExt, "retry.delay"),
				"entry %s option retry.delay: is required when retry is set, and must be positive", v.Desc.Name())
		}
	}
	return spec, ent
}

// duration converts a google.protobuf.Duration; ok is false when it is
// unset or does not fit a time.Duration.
func duration(m protoreflect.Message) (d time.Duration, ok bool) {
	if m == nil || !m.IsValid() {
		return 0, false
	}
	secs, nanos := getInt(m, "seconds"), getInt(m, "nanos")
	if secs > math.MaxInt64/int64(time.Second)-1 || secs < 0 && nanos > 0 || secs > 0 && nanos < 0 {
		return 0, false
	}
	return time.Duration(secs)*time.Second + time.Duration(nanos), true
}

// field returns the field of m with the given name, or nil.
func field(m protoreflect.Message, name string) protoreflect.FieldDescriptor {
	if m == nil || !m.IsValid() {
		return nil
	}
	return m.Descriptor().Fields().ByName(protoreflect.Name(name))
}

// The getters below read a field of a dynamic message. A nil message, a
// missing field or one of another kind read as the zero value, like an
// unset field: the schema is errcat's own, and the golden tests catch a
// mismatch.

func getString(m protoreflect.Message, name string) string {
	if fd := field(m, name); fd != nil && fd.Kind() == protoreflect.StringKind && !fd.IsList() {
		return m.Get(fd).String()
	}
	return ""
}

func getStrings(m protoreflect.Message, name string) []string {
	fd := field(m, name)
	if fd == nil || !fd.IsList() || fd.Kind() != protoreflect.StringKind {
		return nil
	}
	l := m.Get(fd).List()
	var out []string
	for i := 0; i < l.Len(); i++ {
		out = append(out, l.Get(i).String())
	}
	return out
}

func getInt(m protoreflect.Message, name string) int64 {
	fd := field(m, name)
	if fd == nil || fd.IsList() {
		return 0
	}
	switch fd.Kind() {
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind,
		protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return m.Get(fd).Int()
	case protoreflect.EnumKind:
		return int64(m.Get(fd).Enum())
	}
	return 0
}

func getMessage(m protoreflect.Message, name string) protoreflect.Message {
	if fd := field(m, name); fd != nil && fd.Message() != nil && !fd.IsList() && !fd.IsMap() && m.Has(fd) {
		return m.Get(fd).Message()
	}
	return nil
}

func getMessages(m protoreflect.Message, name string) []protoreflect.Message {
	fd := field(m, name)
	if fd == nil || !fd.IsList() || fd.Message() == nil {
		return nil
	}
	l := m.Get(fd).List()
	var out []protoreflect.Message
	for i := 0; i < l.Len(); i++ {
		out = append(out, l.Get(i).Message())
	}
	return out
}

// variantBase returns the base code of a variant: "000037" for "000037[0]".
func variantBase(code string) (string, bool) {
	if i := strings.IndexByte(code, '['); i > 0 && strings.HasSuffix(code, "]") {
		return code[:i], true
	}
	return "", false
}

// variantBaseIndex returns the index of the entry that entry i is a variant
// of, or -1.
func variantBaseIndex(c *Catalog, i int) int {
	base, ok := variantBase(c.Spec.Entries[i].Code)
	if !ok {
		return -1
	}
	for j, e := range c.Spec.Entries {
		if e.Code == base {
			return j
		}
	}
	return -1
}

// variantBaseEntry returns the entry that entry i is a variant of, or nil.
func variantBaseEntry(c *Catalog, i int) *Entry {
	if j := variantBaseIndex(c, i); j >= 0 {
		return c.Entries[j]
	}
	return nil
}

// namedTemplate spells a template's {0}-style placeholders with the names
// of their arguments ("{object}"), the other form errcat templates accept.
func namedTemplate(s string, args []errcat.ArgSpec) string {
	var pairs []string
	for i, a := range args {
		pairs = append(pairs, "{"+strconv.Itoa(i)+"}", "{"+a.Name+"}")
	}
	return strings.NewReplacer(pairs...).Replace(s)
}
