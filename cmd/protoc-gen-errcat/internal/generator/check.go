package generator

import (
	"fmt"

	"google.golang.org/protobuf/compiler/protogen"

	"github.com/errcat/errcat"
)

// check validates the catalogues and records every problem in r.diags.
// The rules of a catalogue are errcat.Validate's, shared with the runtime
// (errcat.Register runs the same function at init); the plugin adds what
// only it can see: domains repeated across catalogues and Go identifiers
// that would clash in one Go package. Value names, zero values and retry
// delays were checked while reading.
func (r *reader) check(p *protogen.Plugin, cats []*Catalog) {
	for _, c := range cats {
		for _, pr := range errcat.Validate(c.Spec) {
			r.problem(c, pr)
		}
	}
	r.checkDomains(cats)
	r.checkGoNames(p, cats)
}

// problem turns a Problem of errcat.Validate into a diagnostic at the line
// of the option field at fault.
func (r *reader) problem(c *Catalog, pr errcat.Problem) {
	if pr.Entry < 0 || pr.Entry >= len(c.Entries) {
		r.diags.add(optionPosition(c.File, c.Enum.Location.Path, r.catalogExt, pr.Field),
			"catalog %s option %s: %s", c.Enum.Desc.Name(), pr.Field, pr.Message)
		return
	}
	e := c.Entries[pr.Entry]
	msg := pr.Message
	switch { // name the entry it clashes with by its value name
	case pr.Other >= 0 && pr.Other < len(c.Entries):
		msg += " by " + string(c.Entries[pr.Other].Value.Desc.Name())
	case pr.Other >= 0:
		msg += fmt.Sprintf(" by entry #%d", pr.Other)
	}
	label := "option " + pr.Field
	if pr.Field == "reason" { // derived from the value name, not an option
		label = "reason"
	}
	r.diags.add(optionPosition(c.File, e.Value.Location.Path, r.entryExt, pr.Field),
		"entry %s %s: %s", e.Value.Desc.Name(), label, msg)
}

// checkDomains reports catalogues of one run that share a domain: the
// runtime would refuse to register the second one.
func (r *reader) checkDomains(cats []*Catalog) {
	first := map[string]*Catalog{}
	for _, c := range cats {
		d := c.Spec.Domain
		if d == "" {
			continue
		}
		if o := first[d]; o != nil {
			r.diags.add(optionPosition(c.File, c.Enum.Location.Path, r.catalogExt, "domain"),
				"catalog %s option domain: %q is already used by catalog %s (%s)",
				c.Enum.Desc.Name(), d, o.Spec.Name, positionOf(o.File, o.Enum.Location.Path))
			continue
		}
		first[d] = c
	}
}

// checkGoNames reports generated Go identifiers that clash with each other
// or with the declarations protoc-gen-go makes in the same Go package
// (reason NEW_FOO gives NewFoo, the constructor of FOO; reason SHOP_ERROR in
// enum ShopError gives ShopError, the enum type).
func (r *reader) checkGoNames(p *protogen.Plugin, cats []*Catalog) {
	declared := map[protogen.GoImportPath]map[string]string{} // ident -> who declares it
	pkg := func(path protogen.GoImportPath) map[string]string {
		if declared[path] == nil {
			declared[path] = map[string]string{}
			for _, f := range p.Files {
				if f.GoImportPath == path {
					protocGenGoNames(f, declared[path])
				}
			}
		}
		return declared[path]
	}
	for _, c := range cats {
		names := pkg(c.File.GoImportPath)
		claim := func(at position, who, ident string) {
			if other, dup := names[ident]; dup {
				r.diags.add(at, "%s: generated Go identifier %s clashes with %s in Go package %s",
					who, ident, other, c.File.GoImportPath)
				return
			}
			names[ident] = who
		}
		claim(positionOf(c.File, c.Enum.Location.Path), "catalog "+string(c.Enum.Desc.Name()), catalogVar(c))
		for _, e := range c.Entries {
			who := "entry " + string(e.Value.Desc.Name())
			at := positionOf(c.File, e.Value.Location.Path)
			claim(at, who, e.GoName)
			claim(at, who, "New"+e.GoName)
		}
	}
}

// protocGenGoNames records the exported identifiers protoc-gen-go declares
// for file f.
func protocGenGoNames(f *protogen.File, names map[string]string) {
	add := func(ident, what string) {
		if _, dup := names[ident]; !dup {
			names[ident] = fmt.Sprintf("protoc-gen-go's %s (%s)", what, f.Desc.Path())
		}
	}
	add(f.GoDescriptorIdent.GoName, "file descriptor")
	enums := func(es []*protogen.Enum) {
		for _, e := range es {
			add(e.GoIdent.GoName, "enum "+string(e.Desc.FullName()))
			add(e.GoIdent.GoName+"_name", "enum map")
			add(e.GoIdent.GoName+"_value", "enum map")
			for _, v := range e.Values {
				add(v.GoIdent.GoName, "enum value "+string(v.Desc.Name()))
			}
		}
	}
	var messages func([]*protogen.Message)
	messages = func(ms []*protogen.Message) {
		for _, m := range ms {
			add(m.GoIdent.GoName, "message "+string(m.Desc.FullName()))
			for _, o := range m.Oneofs {
				if o.Desc.IsSynthetic() {
					continue
				}
				for _, fd := range o.Fields {
					add(fd.GoIdent.GoName, "oneof wrapper "+string(fd.Desc.FullName()))
				}
			}
			for _, x := range m.Extensions {
				add("E_"+x.GoIdent.GoName, "extension "+string(x.Desc.FullName()))
			}
			enums(m.Enums)
			messages(m.Messages)
		}
	}
	enums(f.Enums)
	messages(f.Messages)
	for _, x := range f.Extensions {
		add("E_"+x.GoIdent.GoName, "extension "+string(x.Desc.FullName()))
	}
}

// catalogVar names the generated *errcat.Catalog variable of a catalogue.
func catalogVar(c *Catalog) string { return c.Enum.GoIdent.GoName + "Catalog" }
