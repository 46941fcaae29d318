package i18n_test

import (
	"os"
	"strings"
	"testing"

	"testing/fstest"

	"github.com/errcat/errcat/i18n"
)

// frFile returns testdata's complete French translation of the shop
// catalogue, parsed, for a test to break.
func frFile(t *testing.T) *i18n.File {
	t.Helper()
	data, err := os.ReadFile("testdata/locales/shop.example.com/fr.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := i18n.ParseFile(data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestCheckFile(t *testing.T) {
	tests := []struct {
		name string
		edit func(f *i18n.File) // nil: use raw
		raw  string
		want []string // Problem.String() without the file name
	}{
		{name: "complete", edit: func(*i18n.File) {}},
		{name: "not JSON", raw: `{"domain": "shop.example.com",` + "\n" + `"locale": xx}`,
			want: []string{"invalid: line 2: invalid character 'x' looking for beginning of value"}},
		{name: "unknown field", raw: `{"domain": "shop.example.com", "locale": "fr", "entires": {}}`,
			want: []string{`invalid: json: unknown field "entires"`}},
		{name: "unknown entry field", raw: `{"domain": "shop.example.com", "locale": "fr", "entries": {"CART_EMPTY": {"mesage": "x"}}}`,
			want: []string{`invalid: CART_EMPTY: json: unknown field "mesage"`}},
		{name: "duplicate reason", raw: `{"domain": "shop.example.com", "locale": "fr", "entries": {"CART_EMPTY": {}, "CART_EMPTY": {}}}`,
			want: []string{"invalid: CART_EMPTY: duplicate entry"}},
		{name: "invalid UTF-8 in an entry", raw: "{\"domain\": \"shop.example.com\", \"locale\": \"fr\", \"entries\": {\"CART_EMPTY\": {\"message\": \"\xff\"}}}",
			want: []string{"invalid: CART_EMPTY: invalid UTF-8"}},
		{name: "invalid UTF-8 outside entries", raw: "{\"domain\": \"shop.example.com\",\n \"locale\": \"fr\xc3\"}",
			want: []string{"invalid: line 2: invalid UTF-8"}},
		{name: "no domain", edit: func(f *i18n.File) { f.Domain = "" },
			want: []string{"domain: invalid: missing"}},
		{name: "unregistered domain", edit: func(f *i18n.File) { f.Domain = "nowhere.example.com" },
			want: []string{`domain: invalid: no registered catalogue has domain "nowhere.example.com" (link the package generated for it)`}},
		{name: "non-canonical locale", edit: func(f *i18n.File) { f.Locale = "fr_fr" },
			want: []string{`locale: invalid: "fr_fr" is not in canonical form; write "fr-FR"`}},
		{name: "locale with extension", edit: func(f *i18n.File) { f.Locale = "de-u-co-phonebk" },
			want: []string{`locale: invalid: "de-u-co-phonebk" has extensions; use a plain language tag`}},
		{name: "source locale", edit: func(f *i18n.File) { f.Locale = "en-US" },
			want: []string{`locale: invalid: "en-US" is the source locale: its texts are the catalogue's own`}},
		{name: "not a tag", edit: func(f *i18n.File) { f.Locale = "français" },
			want: []string{`locale: invalid: "français" is not a BCP 47 language tag: language: tag is not well-formed`}},
		{name: "unknown reason", edit: func(f *i18n.File) { f.Entries[1].Reason = "CART_EMTPY" },
			want: []string{"CART_EMTPY: unknown: catalogue shop.v1.ShopError has no reason CART_EMTPY",
				"CART_EMPTY: missing: entry 000002 is not translated"}},
		{name: "placeholder dropped", edit: func(f *i18n.File) { f.Entries[0].Message = "Rupture de stock." },
			want: []string{"OUT_OF_STOCK: message: mismatch: uses placeholders none, the English uses {item}"}},
		{name: "placeholder added", edit: func(f *i18n.File) { f.Entries[2].Title = "Prix de {item} modifié" },
			want: []string{"PRICE_CHANGED: title: mismatch: uses placeholders {item}, the English uses none"}},
		{name: "index placeholder", edit: func(f *i18n.File) { f.Entries[0].Message = "{0} est en rupture de stock." },
			want: []string{"OUT_OF_STOCK: message: mismatch: placeholder {0}: write argument names ({item}), not indices"}},
		{name: "misspelt placeholder", edit: func(f *i18n.File) { f.Entries[0].Resolutions[0] = "Choisissez un autre article que {itme}." },
			want: []string{"OUT_OF_STOCK: resolutions[0]: mismatch: placeholder {itme} names no argument; the arguments are {item}"}},
		{name: "resolution count", edit: func(f *i18n.File) { f.Entries[0].Resolutions = f.Entries[0].Resolutions[:1] },
			want: []string{"OUT_OF_STOCK: resolutions: mismatch: 1 translated, the English has 2"}},
		{name: "missing entry", edit: func(f *i18n.File) { f.Entries = f.Entries[1:] },
			want: []string{"OUT_OF_STOCK: missing: entry 000001 is not translated"}},
		{name: "untranslated entry", edit: func(f *i18n.File) {
			f.Entries[1].Title, f.Entries[1].Message, f.Entries[1].Resolutions = "", " ", []string{""}
		}, want: []string{"CART_EMPTY: untranslated: not translated"}},
		{name: "untranslated texts", edit: func(f *i18n.File) {
			f.Entries[0].Title, f.Entries[0].Resolutions = "", nil
			f.Entries[1].Resolutions = []string{" "}
		}, want: []string{
			"OUT_OF_STOCK: title: untranslated: not translated",
			"OUT_OF_STOCK: resolutions: untranslated: not translated",
			"CART_EMPTY: resolutions: untranslated: not translated"}},
		{name: "untranslated step", edit: func(f *i18n.File) { f.Entries[0].Resolutions[1] = "" },
			want: []string{"OUT_OF_STOCK: resolutions[1]: untranslated: not translated"}},
		{name: "stale", edit: func(f *i18n.File) {
			f.Entries[0].Source.Message = "{item} is sold out."
			f.Entries[1].Source.Resolutions = nil
		}, want: []string{
			`OUT_OF_STOCK: source.message: stale: English is now "{item} is out of stock."`,
			`CART_EMPTY: source.resolutions: stale: English is now ["Add an item to your cart."]`}},
		{name: "no source", edit: func(f *i18n.File) { f.Entries[2].Source = i18n.Text{} },
			want: []string{"PRICE_CHANGED: source: stale: no English source recorded"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.raw)
			if tt.edit != nil {
				f := frFile(t)
				tt.edit(f)
				data = f.Encode()
			}
			var got []string
			for _, p := range i18n.CheckFile("fr.json", data) {
				if p.File != "fr.json" {
					t.Errorf("problem names file %q", p.File)
				}
				got = append(got, strings.TrimPrefix(p.String(), "fr.json: "))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestCheckDuplicateLocale(t *testing.T) {
	fsys := fstest.MapFS{
		"a/fr.json": {Data: frFile(t).Encode()},
		"b/fr.json": {Data: frFile(t).Encode()},
	}
	ps, err := i18n.Check(fsys, "*/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].Kind != i18n.Invalid || ps[0].File != "b/fr.json" || !strings.Contains(ps[0].Message, "already translated by a/fr.json") {
		t.Errorf("problems = %v", ps)
	}
	if _, err := i18n.Check(fsys, "*.json"); err == nil {
		t.Error("Check of a pattern matching nothing: no error")
	}
}

func TestKind(t *testing.T) {
	for k, want := range map[i18n.Kind]struct {
		name  string
		fatal bool
	}{
		i18n.Invalid: {"invalid", true}, i18n.Unknown: {"unknown", true}, i18n.Mismatch: {"mismatch", true},
		i18n.Missing: {"missing", false}, i18n.Untranslated: {"untranslated", false}, i18n.Stale: {"stale", false},
		i18n.Kind(0): {"kind(0)", false},
	} {
		if k.String() != want.name || k.Fatal() != want.fatal {
			t.Errorf("Kind %d: %s %v, want %s %v", int(k), k, k.Fatal(), want.name, want.fatal)
		}
	}
}
