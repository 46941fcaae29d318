package generator

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"google.golang.org/protobuf/compiler/protogen"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// position is a place in a proto source file; line is 1-based, 0 when the
// request carries no source info.
type position struct {
	file string
	line int
}

func (p position) String() string {
	if p.line == 0 {
		return p.file
	}
	return p.file + ":" + strconv.Itoa(p.line)
}

// diagnostic is one problem found in a catalogue.
type diagnostic struct {
	pos position
	msg string
}

// diagnostics collects every problem, so that one run reports them all.
type diagnostics []diagnostic

func (d *diagnostics) add(at position, format string, a ...any) {
	*d = append(*d, diagnostic{at, fmt.Sprintf(format, a...)})
}

// err returns the problems as one error of `file:line: message` lines,
// sorted by file and line (stable, so problems of one line keep the order in
// which they were found), or nil when there is none.
func (d diagnostics) err() error {
	if len(d) == 0 {
		return nil
	}
	s := slices.Clone(d)
	slices.SortStableFunc(s, func(a, b diagnostic) int {
		return cmp.Or(strings.Compare(a.pos.file, b.pos.file), cmp.Compare(a.pos.line, b.pos.line))
	})
	lines := make([]string, len(s))
	for i, x := range s {
		lines[i] = x.pos.String() + ": " + x.msg
	}
	return errors.New(strings.Join(lines, "\n"))
}

// positionOf returns the start of the element at path in f.
func positionOf(f *protogen.File, path protoreflect.SourcePath) position {
	loc := f.Desc.SourceLocations().ByPath(path)
	if loc.Path == nil {
		return position{file: f.Desc.Path()}
	}
	return position{file: f.Desc.Path(), line: loc.StartLine + 1}
}

// optionsField is the number of the `options` field in both
// EnumDescriptorProto and EnumValueDescriptorProto.
const optionsField = 3

// optionPosition returns the position of a field of the option xd set on the
// element at base, such as "code" or "args[1].name". Compilers record the
// fields of a message-literal option to different depths (buf records each
// field, protoc only the option), so the deepest recorded prefix wins, and
// the element itself when none is recorded or the field is not an option
// ("reason"). A list index may only be recorded per occurrence of the field
// (buf records `args: [a, b]` once, as index 0), so lower indices stand in
// for a missing one.
func optionPosition(f *protogen.File, base protoreflect.SourcePath, xd protoreflect.ExtensionDescriptor, field string) position {
	segs, isIndex := optionFieldPath(xd.Message(), field)
	if len(segs) == 0 {
		return positionOf(f, base)
	}
	prefix := len(base) + 2
	full := append(append(slices.Clone(base), optionsField, int32(xd.Number())), segs...)
	find := func(p protoreflect.SourcePath) (position, bool) {
		if loc := f.Desc.SourceLocations().ByPath(p); loc.Path != nil {
			return position{file: f.Desc.Path(), line: loc.StartLine + 1}, true
		}
		return position{}, false
	}
	for n := len(full); n > len(base); n-- {
		p := slices.Clone(full[:n])
		if at, ok := find(p); ok {
			return at
		}
		if n > prefix && isIndex[n-prefix-1] {
			for p[n-1]--; p[n-1] >= 0; p[n-1]-- {
				if at, ok := find(p); ok {
					return at
				}
			}
		}
	}
	return positionOf(f, base)
}

// optionFieldPath turns "args[1].name" into source path segments (field
// numbers and list indices, the latter flagged in isIndex) within message
// md. It stops at the first part that names no field.
func optionFieldPath(md protoreflect.MessageDescriptor, field string) (segs []int32, isIndex []bool) {
	for _, part := range strings.Split(field, ".") {
		if md == nil {
			break
		}
		name, index := part, -1
		if i := strings.IndexByte(part, '['); i > 0 && strings.HasSuffix(part, "]") {
			n, err := strconv.Atoi(part[i+1 : len(part)-1])
			if err != nil {
				break
			}
			name, index = part[:i], n
		}
		fd := md.Fields().ByName(protoreflect.Name(name))
		if fd == nil {
			break
		}
		segs, isIndex = append(segs, int32(fd.Number())), append(isIndex, false)
		if index >= 0 {
			segs, isIndex = append(segs, int32(index)), append(isIndex, true)
		}
		md = fd.Message()
	}
	return segs, isIndex
}
