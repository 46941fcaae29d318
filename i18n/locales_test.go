package i18n_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/i18n"
	"github.com/errcat/errcat/internal/golden"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// shipped lists the locales errcat ships for each of its catalogues.
var shipped = []string{"de", "vi"}

// shippedCatalogs lists the catalogues errcat ships translations of, with
// their number of entries.
var shippedCatalogs = []struct {
	domain  string
	entries int
}{
	{"client.errcat.dev", 6},
	{"errcat.dev", 53}, // the common catalogue
	{"runtime.errcat.dev", 2},
}

// TestBuiltinLocalesConsistent is the locale-file consistency test: every
// shipped file passes Check with no problem at all (no missing, unknown,
// untranslated or stale entry, no placeholder mismatch), every catalogue
// with shipped translations has every shipped locale, and every entry of
// each of them renders translated in every shipped locale.
func TestBuiltinLocalesConsistent(t *testing.T) {
	ps, err := i18n.Check(i18n.Builtin(), "*/*.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		t.Error(p)
	}

	dirs, err := fs.ReadDir(i18n.Builtin(), ".")
	if err != nil {
		t.Fatal(err)
	}
	var domains, want []string
	for _, d := range dirs {
		domains = append(domains, d.Name())
	}
	for _, c := range shippedCatalogs {
		want = append(want, c.domain)
	}
	if !slices.Equal(domains, want) {
		t.Errorf("built-in translations of %q, want %q", domains, want)
	}

	b := i18n.Default()
	for _, loc := range shipped {
		if tag := language.MustParse(loc); !slices.Contains(b.Tags(), tag) {
			t.Fatalf("locale %s is not loaded; tags %v", loc, b.Tags())
		}
	}
	for _, c := range shippedCatalogs {
		t.Run(c.domain, func(t *testing.T) {
			cat := errcat.LookupCatalog(c.domain)
			if cat == nil {
				t.Fatalf("catalogue %s is not registered", c.domain)
			}
			if n := len(cat.Entries()); n != c.entries {
				t.Errorf("catalogue %s has %d entries, want %d", c.domain, n, c.entries)
			}
			for _, loc := range shipped {
				if _, err := fs.Stat(i18n.Builtin(), c.domain+"/"+loc+".json"); err != nil {
					t.Errorf("locale %s of %s is not shipped: %v", loc, c.domain, err)
				}
				checkTranslated(t, b, cat, language.MustParse(loc))
			}
		})
	}
}

// checkTranslated checks that every entry of cat renders in tag with texts
// other than the English ones, in Unicode NFC, with every placeholder
// filled in.
func checkTranslated(t *testing.T, b *i18n.Bundle, cat *errcat.Catalog, tag language.Tag) {
	t.Helper()
	loc := tag.String()
	for _, entry := range cat.Entries() {
		args := exampleArgs(entry)
		e := entry.New(args...)
		msg, title, res := b.Message(e, tag), b.Title(e, tag), b.Resolutions(e, tag)
		if msg == entry.Message(args...) {
			t.Errorf("%s %s: message is the English one: %q", loc, entry.Reason(), msg)
		}
		if title == entry.Title(args...) {
			t.Errorf("%s %s: title is the English one: %q", loc, entry.Reason(), title)
		}
		if len(res) != len(entry.Spec().Resolutions) || len(res) > 0 && slices.Equal(res, entry.Resolutions(args...)) {
			t.Errorf("%s %s: resolutions %q", loc, entry.Reason(), res)
		}
		for _, s := range append([]string{msg, title}, res...) {
			if !norm.NFC.IsNormalString(s) {
				t.Errorf("%s %s: not in Unicode NFC: %q", loc, entry.Reason(), s)
			}
			for _, a := range args {
				if strings.Contains(s, "{") && !strings.Contains(a, "{") {
					t.Errorf("%s %s: unrendered placeholder in %q", loc, entry.Reason(), s)
				}
			}
		}
	}
}

// exampleArgs returns the documented example of each argument, or its name.
func exampleArgs(e *errcat.Entry) []string {
	var args []string
	for _, a := range e.ArgSpecs() {
		if a.Example != "" {
			args = append(args, a.Example)
		} else {
			args = append(args, "<"+a.Name+">")
		}
	}
	return args
}

// TestLocaleFilesCanonical keeps every locale file in the form Encode
// writes, so that the files scaffolded and edited by tools diff cleanly.
// With -update, it rewrites them in that form.
func TestLocaleFilesCanonical(t *testing.T) {
	for _, dir := range []string{"locales", "testdata/locales"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			f, err := i18n.ParseFile(data)
			if err != nil {
				t.Errorf("%s: %v", path, err)
				return nil
			}
			if canon := f.Encode(); string(canon) != string(data) {
				if golden.Update() {
					return os.WriteFile(path, canon, 0o644)
				}
				t.Errorf("%s is not in canonical form; run go test ./i18n -run Canonical -update", path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestScaffoldGolden(t *testing.T) {
	f, dropped, err := i18n.Scaffold(shop, "es", nil)
	if err != nil || dropped != nil {
		t.Fatal(err, dropped)
	}
	golden.Check(t, "testdata/scaffold_es.golden.json", string(f.Encode()))

	// A scaffold loads (texts fall back to English) and Check lists the work.
	ps := i18n.CheckFile("es.json", f.Encode())
	if len(ps) != 3 {
		t.Errorf("scaffold problems: %v", ps)
	}
	for _, p := range ps {
		if p.Kind != i18n.Untranslated {
			t.Errorf("scaffold problem %v, want only untranslated", p)
		}
	}
	if err := i18n.NewBundle().Add("es.json", f.Encode()); err != nil {
		t.Errorf("scaffold does not load: %v", err)
	}
}

func TestScaffoldExtends(t *testing.T) {
	prev := frFile(t)
	prev.Entries = append(prev.Entries[1:], i18n.FileEntry{Reason: "GONE", Text: i18n.Text{Message: "Parti."}})
	prev.Entries[0].Source.Message = "Your basket is empty." // stale stays stale
	f, dropped, err := i18n.Scaffold(shop, "fr", prev)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(dropped, []string{"GONE"}) {
		t.Errorf("dropped = %v", dropped)
	}
	var got []string
	for _, p := range i18n.CheckFile("fr.json", f.Encode()) {
		got = append(got, p.Reason+" "+p.Field+" "+p.Kind.String())
	}
	want := []string{"OUT_OF_STOCK  untranslated", "CART_EMPTY source.message stale"}
	if !slices.Equal(got, want) {
		t.Errorf("problems after extending:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if f.Entries[0].Reason != "OUT_OF_STOCK" || f.Entries[1].Message != "Votre panier est vide." {
		t.Errorf("entries not in catalogue order or translation lost: %+v", f.Entries[:2])
	}

	for _, bad := range []struct {
		locale string
		prev   *i18n.File
	}{{"en-US", nil}, {"xx_YY!", nil}, {"de", prev}} {
		if _, _, err := i18n.Scaffold(shop, bad.locale, bad.prev); err == nil {
			t.Errorf("Scaffold(%q): no error", bad.locale)
		}
	}
}
