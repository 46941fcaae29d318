package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"

	"github.com/errcat/errcat"
	errcatv1 "github.com/errcat/errcat/gen/errcat/v1" // registers the errcat.v1 option extensions
	"github.com/errcat/errcat/internal/enumname"
)

// loadDescriptorSet registers the catalogues of a binary FileDescriptorSet
// (`buf build -o FILE`, `protoc --include_imports -o FILE`), so that init
// and check work for a service's own catalogue as for the linked ones. It
// returns the domains it found. A catalogue whose domain is already linked
// into the command (errcat's own) is left to the linked one.
func loadDescriptorSet(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	specs, err := readDescriptorSet(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var domains []string
	for _, spec := range specs {
		if linked := errcat.LookupCatalog(spec.Domain); linked != nil {
			if linked.Name() != spec.Name {
				return nil, fmt.Errorf("%s: catalogue %s has domain %q, which errcat's %s already uses", path, spec.Name, spec.Domain, linked.Name())
			}
		} else if _, err := errcat.Register(spec); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		domains = append(domains, spec.Domain)
	}
	return domains, nil
}

// readDescriptorSet returns the catalogue specs of the enums that carry the
// errcat.v1.catalog option, in file and declaration order.
func readDescriptorSet(data []byte) ([]errcat.CatalogSpec, error) {
	set := new(descriptorpb.FileDescriptorSet)
	// Unknown fields mean the bytes are some other message that happened
	// to parse; DiscardUnknown is off so they stay visible below.
	if err := proto.Unmarshal(data, set); err != nil || len(set.GetFile()) == 0 || len(set.ProtoReflect().GetUnknown()) > 0 {
		return nil, errors.New("not a binary FileDescriptorSet (write one with `buf build -o FILE` or `protoc --include_imports -o FILE`)")
	}
	files, err := protodesc.NewFiles(set)
	if err != nil {
		// Typically an import left out: protoc needs --include_imports.
		return nil, fmt.Errorf("descriptor set is incomplete or invalid (did protoc get --include_imports?): %w", err)
	}
	var specs []errcat.CatalogSpec
	var problems []string
	for _, fp := range set.GetFile() {
		fd, err := files.FindFileByPath(fp.GetName())
		if err != nil {
			return nil, err
		}
		for _, ed := range enums(fd) {
			opts, ok := ed.Options().(*descriptorpb.EnumOptions)
			if !ok || !proto.HasExtension(opts, errcatv1.E_Catalog) {
				continue
			}
			spec := catalogSpec(ed, proto.GetExtension(opts, errcatv1.E_Catalog).(*errcatv1.CatalogOptions))
			for _, p := range errcat.Validate(spec) {
				problems = append(problems, fmt.Sprintf("%s: %s", fp.GetName(), p))
			}
			specs = append(specs, spec)
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("invalid catalogue:\n  %s", strings.Join(problems, "\n  "))
	}
	if len(specs) == 0 {
		return nil, errors.New("no catalogue in the descriptor set: no enum carries the errcat.v1.catalog option")
	}
	return specs, nil
}

// catalogSpec reads one catalogue the way protoc-gen-errcat does: the
// reason is the value name without the enum's prefix, the zero value is
// not an entry.
func catalogSpec(ed protoreflect.EnumDescriptor, c *errcatv1.CatalogOptions) errcat.CatalogSpec {
	spec := errcat.CatalogSpec{
		Name:        string(ed.FullName()),
		Domain:      c.GetDomain(),
		Title:       c.GetTitle(),
		Description: c.GetDescription(),
		CodePattern: c.GetCodePattern(),
		DocURL:      c.GetDocUrl(),
	}
	prefix := enumname.ValuePrefix(string(ed.Name()))
	for i := 0; i < ed.Values().Len(); i++ {
		v := ed.Values().Get(i)
		opts, _ := v.Options().(*descriptorpb.EnumValueOptions)
		if v.Number() == 0 || opts == nil || !proto.HasExtension(opts, errcatv1.E_Entry) {
			continue // the generator reports entries without options; so does Validate for what is left
		}
		e := proto.GetExtension(opts, errcatv1.E_Entry).(*errcatv1.EntryOptions)
		es := errcat.EntrySpec{
			Number:      int32(v.Number()),
			Reason:      strings.TrimPrefix(string(v.Name()), prefix),
			Code:        e.GetCode(),
			GRPCCode:    codes.Code(e.GetGrpcCode()),
			HTTPStatus:  int(e.GetHttpStatus()),
			Title:       e.GetTitle(),
			Message:     e.GetMessage(),
			Description: e.GetDescription(),
			Summary:     e.GetSummary(),
			RootCauses:  e.GetRootCauses(),
			Resolutions: e.GetResolutions(),
			RetryDelay:  e.GetRetry().GetDelay().AsDuration(),
		}
		for _, a := range e.GetArgs() {
			es.Args = append(es.Args, errcat.ArgSpec{Name: a.GetName(), Description: a.GetDescription(), Example: a.GetExample()})
		}
		spec.Entries = append(spec.Entries, es)
	}
	return spec
}

// enums lists the enums of a file: top-level ones, then those nested in
// messages, depth first (the generator's order).
func enums(fd protoreflect.FileDescriptor) []protoreflect.EnumDescriptor {
	var out []protoreflect.EnumDescriptor
	for i := 0; i < fd.Enums().Len(); i++ {
		out = append(out, fd.Enums().Get(i))
	}
	var walk func(protoreflect.MessageDescriptors)
	walk = func(ms protoreflect.MessageDescriptors) {
		for i := 0; i < ms.Len(); i++ {
			for j := 0; j < ms.Get(i).Enums().Len(); j++ {
				out = append(out, ms.Get(i).Enums().Get(j))
			}
			walk(ms.Get(i).Messages())
		}
	}
	walk(fd.Messages())
	return out
}
