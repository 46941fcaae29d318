package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/i18n"
)

// descriptorSet writes a binary FileDescriptorSet of the given files, each
// with the files it imports first (what `buf build -o` writes), and returns
// its path.
func descriptorSet(t *testing.T, withImports bool, files ...*descriptorpb.FileDescriptorProto) string {
	t.Helper()
	set := new(descriptorpb.FileDescriptorSet)
	seen := map[string]bool{}
	var add func(fd protoreflect.FileDescriptor)
	add = func(fd protoreflect.FileDescriptor) {
		if seen[fd.Path()] {
			return
		}
		seen[fd.Path()] = true
		for i := 0; i < fd.Imports().Len(); i++ {
			add(fd.Imports().Get(i).FileDescriptor)
		}
		set.File = append(set.File, protodesc.ToFileDescriptorProto(fd))
	}
	for _, f := range files {
		if withImports {
			for _, dep := range f.GetDependency() {
				fd, err := protoregistry.GlobalFiles.FindFileByPath(dep)
				if err != nil {
					t.Fatal(err)
				}
				add(fd)
			}
		}
		set.File = append(set.File, f)
	}
	b, err := proto.Marshal(set)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "set.binpb")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func ordersFile(t *testing.T) *descriptorpb.FileDescriptorProto {
	t.Helper()
	text, err := os.ReadFile("testdata/orders.txtpb")
	if err != nil {
		t.Fatal(err)
	}
	f := new(descriptorpb.FileDescriptorProto)
	if err := prototext.Unmarshal(text, f); err != nil {
		t.Fatal(err)
	}
	return f
}

// A service's own catalogue: init scaffolds it from the descriptor set,
// check lists what is left to translate, then passes on a complete
// translation and reports a planted stale and a missing entry.
func TestDescriptorSet(t *testing.T) {
	set := descriptorSet(t, true, ordersFile(t))
	dir := t.TempDir()
	file := filepath.Join(dir, "orders.example.com", "de.json")
	runOK := func(wantCode int, want string, args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if code := run(args, &out, &out); code != wantCode || !strings.Contains(out.String(), want) {
			t.Fatalf("run(%q) = %d\n%s\nwant %d and %q", args, code, out.String(), wantCode, want)
		}
		return out.String()
	}
	runOK(0, "wrote "+file+": 2 entries of orders.v1.OrdersError", "init", "-descriptor-set", set, "-locale", "de", "-out", dir)
	runOK(1, "2 problems: 2 untranslated", "check", "-descriptor-set", set, "-dir", dir)

	f := readLocale(t, file)
	f.Entries[0].Text = i18n.Text{Title: "Zu viele Artikel von {sku}", Message: "Höchstens {limit} Artikel von {sku} passen in eine Bestellung.",
		Resolutions: []string{"Bestellen Sie höchstens {limit} Artikel von {sku}."}}
	f.Entries[1].Text = i18n.Text{Title: "Zahlung ausstehend", Message: "Die Zahlung der Bestellung wird noch bearbeitet.",
		Resolutions: []string{"Versuchen Sie es in einigen Sekunden erneut."}}
	writeLocale(t, file, f)
	runOK(0, "ok: no problems", "check", "-descriptor-set", set, "-dir", dir)

	stale := *f
	stale.Entries = []i18n.FileEntry{f.Entries[0]} // PAYMENT_PENDING missing
	stale.Entries[0].Source.Message = "At most {limit} items of {sku} per order."
	writeLocale(t, file, &stale)
	out := runOK(1, "2 problems", "check", "-descriptor-set", set, "-dir", dir)
	for _, want := range []string{"QUANTITY_EXCEEDED", "stale", "PAYMENT_PENDING", "missing"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	// Without the descriptor set the catalogue is unknown to a fresh
	// process; this one registered it, which init and check accept again.
	runOK(0, "extended", "init", "-descriptor-set", set, "-locale", "de", "-out", dir)
}

func TestDescriptorSetErrors(t *testing.T) {
	notASet := filepath.Join(t.TempDir(), "de.json")
	if err := os.WriteFile(notASet, []byte(`{"domain": "orders.example.com"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	orders := ordersFile(t)
	other := proto.Clone(orders).(*descriptorpb.FileDescriptorProto)
	other.EnumType = nil
	tests := []struct {
		name, set, want string
	}{
		{"missing file", filepath.Join(t.TempDir(), "nope.binpb"), "no such file"},
		{"not a descriptor set", notASet, "not a binary FileDescriptorSet"},
		{"imports left out", descriptorSet(t, false, orders), "did protoc get --include_imports?"},
		{"no catalogue", descriptorSet(t, true, other), "no catalogue in the descriptor set"},
		{"domain of errcat", descriptorSet(t, true, renamed(orders, "errcat.dev")), "which errcat's errcat.common.v1.CommonError already uses"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, args := range [][]string{
				{"init", "-descriptor-set", tt.set, "-locale", "de", "-out", t.TempDir()},
				{"check", "-descriptor-set", tt.set, "-dir", t.TempDir()},
			} {
				var out bytes.Buffer
				if code := run(args, &out, &out); code != 2 || !strings.Contains(out.String(), tt.want) {
					t.Errorf("run(%q) = %d\n%s\nwant 2 and %q", args, code, out.String(), tt.want)
				}
			}
		})
	}
}

func renamed(f *descriptorpb.FileDescriptorProto, domain string) *descriptorpb.FileDescriptorProto {
	f = proto.Clone(f).(*descriptorpb.FileDescriptorProto)
	f.Name = proto.String("orders/v1/renamed.proto")
	f.Package = proto.String("orders.renamed.v1")
	text := prototext.Format(f.EnumType[0].Options)
	text = strings.Replace(text, `"orders.example.com"`, `"`+domain+`"`, 1)
	f.EnumType[0].Options = new(descriptorpb.EnumOptions)
	if err := prototext.Unmarshal([]byte(text), f.EnumType[0].Options); err != nil {
		panic(err)
	}
	return f
}

// The descriptor reader derives the same catalogues as protoc-gen-errcat:
// errcat's own, read back from the descriptors linked into this binary,
// equal the registered ones entry for entry.
func TestDescriptorSetMatchesGenerator(t *testing.T) {
	n := 0
	for _, c := range errcat.Catalogs() {
		if !strings.HasSuffix(c.Domain(), "errcat.dev") {
			continue // registered from a descriptor set by another test
		}
		n++
		d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(c.Name()))
		if err != nil {
			t.Fatalf("%s: %v", c.Name(), err)
		}
		path := descriptorSet(t, true, protodesc.ToFileDescriptorProto(d.ParentFile()))
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		specs, err := readDescriptorSet(data)
		if err != nil {
			t.Fatalf("%s: %v", c.Name(), err)
		}
		var spec *errcat.CatalogSpec
		for i := range specs {
			if specs[i].Name == c.Name() {
				spec = &specs[i]
			}
		}
		if spec == nil || len(spec.Entries) != len(c.Entries()) {
			t.Fatalf("%s: read %+v", c.Name(), spec)
		}
		got, err := errcat.NewCatalog(*spec)
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range c.Entries() {
			g := got.Entries()[i]
			if g.Reason() != e.Reason() || g.Code() != e.Code() || g.GRPCCode() != e.GRPCCode() || g.HTTPStatus() != e.HTTPStatus() ||
				g.DocURL() != e.DocURL() || g.RetryDelay() != e.RetryDelay() || g.Message(examples(e)...) != e.Message(examples(e)...) {
				t.Errorf("%s %s: read back differently: reason %s code %s", c.Name(), e.Code(), g.Reason(), g.Code())
			}
		}
	}
	if n != 3 {
		t.Errorf("compared %d catalogues, want errcat's 3", n)
	}
}

func examples(e *errcat.Entry) []string {
	var ex []string
	for _, a := range e.ArgSpecs() {
		ex = append(ex, a.Example)
	}
	return ex
}

func readLocale(t *testing.T, path string) *i18n.File {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := i18n.ParseFile(data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func writeLocale(t *testing.T, path string, f *i18n.File) {
	t.Helper()
	if !json.Valid(f.Encode()) {
		t.Fatal("Encode wrote invalid JSON")
	}
	if err := os.WriteFile(path, f.Encode(), 0o644); err != nil {
		t.Fatal(err)
	}
}
