package i18n

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/internal/tmpl"
	"golang.org/x/text/language"
)

// Check reads every file of fsys matching pattern (see [fs.Glob]) and
// reports, per file: invalid files, unknown reasons, placeholder or
// resolution-count mismatches, missing and untranslated entries, and stale
// translations. Files are checked against the registered catalogues, so the
// packages generated for them must be linked in. Two files with the same
// domain and locale are reported as well.
//
// The error is for I/O failures and a pattern that matches no file.
func Check(fsys fs.FS, pattern string) ([]Problem, error) {
	names, err := fs.Glob(fsys, pattern)
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("i18n: no locale file matches %q", pattern)
	}
	var ps []Problem
	seen := map[[2]string]string{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		fps, c := checkFile(name, data)
		ps = append(ps, fps...)
		if c == nil {
			continue
		}
		key := [2]string{c.catalog.Domain(), c.tag.String()}
		if prev, dup := seen[key]; dup {
			ps = append(ps, Problem{File: name, Kind: Invalid,
				Message: fmt.Sprintf("domain %q locale %q is already translated by %s", key[0], key[1], prev)})
		}
		seen[key] = name
	}
	return ps, nil
}

// CheckFile checks the content of one locale file named name against its
// registered catalogue. See [Check] for what it reports.
func CheckFile(name string, data []byte) []Problem {
	ps, _ := checkFile(name, data)
	return ps
}

// compiled is a loaded locale file: translations keyed by entry.
type compiled struct {
	name    string
	catalog *errcat.Catalog
	tag     language.Tag
	entries map[*errcat.Entry]*translation
	fatal   []Problem
}

// translation holds the compiled texts of one entry; a nil template (or
// nil resolutions) means the English text is used.
type translation struct {
	title, message *tmpl.Template
	resolutions    []*tmpl.Template
}

// checkFile is the single validator behind Check and Bundle loading.
func checkFile(name string, data []byte) ([]Problem, *compiled) {
	var ps []Problem
	add := func(reason, field string, kind Kind, format string, a ...any) {
		ps = append(ps, Problem{File: name, Reason: reason, Field: field, Kind: kind, Message: fmt.Sprintf(format, a...)})
	}
	f, err := ParseFile(data)
	if err != nil {
		add("", "", Invalid, "%v", err)
		return ps, nil
	}
	tag, err := parseLocale(f.Locale)
	if err != nil {
		add("", "locale", Invalid, "%v", err)
	}
	var cat *errcat.Catalog
	switch {
	case f.Domain == "":
		add("", "domain", Invalid, "missing")
	default:
		if cat = errcat.LookupCatalog(f.Domain); cat == nil {
			add("", "domain", Invalid, "no registered catalogue has domain %q (link the package generated for it)", f.Domain)
		}
	}
	if len(ps) > 0 {
		return ps, nil
	}
	c := &compiled{name: name, catalog: cat, tag: tag, entries: map[*errcat.Entry]*translation{}}
	present := map[string]bool{}
	for _, fe := range f.Entries {
		present[fe.Reason] = true
		e := cat.ByReason(fe.Reason)
		if e == nil {
			add(fe.Reason, "", Unknown, "catalogue %s has no reason %s", cat.Name(), fe.Reason)
			continue
		}
		var eps []Problem
		tr := compileEntry(e, fe, func(field string, kind Kind, format string, a ...any) {
			eps = append(eps, Problem{File: name, Reason: fe.Reason, Field: field, Kind: kind, Message: fmt.Sprintf(format, a...)})
		})
		ps = append(ps, eps...)
		c.entries[e] = tr
	}
	for _, e := range cat.Entries() {
		if !present[e.Reason()] {
			add(e.Reason(), "", Missing, "entry %s is not translated", e.Code())
		}
	}
	for _, p := range ps {
		if p.Kind.Fatal() {
			c.fatal = append(c.fatal, p)
		}
	}
	return ps, c
}

// parseLocale accepts a canonical BCP 47 tag without extensions, other than
// the source locale.
func parseLocale(s string) (language.Tag, error) {
	if s == "" {
		return language.Und, fmt.Errorf("missing")
	}
	tag, err := language.Parse(s)
	if err != nil {
		return language.Und, fmt.Errorf("%q is not a BCP 47 language tag: %v", s, err)
	}
	switch {
	case tag == language.Und:
		return language.Und, fmt.Errorf("%q names no language", s)
	case len(tag.Extensions()) > 0:
		return language.Und, fmt.Errorf("%q has extensions; use a plain language tag", s)
	case tag.String() != s:
		return language.Und, fmt.Errorf("%q is not in canonical form; write %q", s, tag.String())
	case tag == source:
		return language.Und, fmt.Errorf("%q is the source locale: its texts are the catalogue's own", s)
	}
	return tag, nil
}

type reportFunc func(field string, kind Kind, format string, a ...any)

// compileEntry validates and compiles the translation of e.
func compileEntry(e *errcat.Entry, fe FileEntry, report reportFunc) *translation {
	en := englishOf(e)
	tr := &translation{}
	if blank(fe.Title) && blank(fe.Message) && allBlank(fe.Resolutions) {
		report("", Untranslated, "not translated")
	} else {
		tr.title = compileText(en, "title", fe.Title, en.title, report)
		tr.message = compileText(en, "message", fe.Message, en.message, report)
		tr.resolutions = compileResolutions(en, fe.Resolutions, report)
	}

	src := fe.Source
	if src.Title == "" && src.Message == "" && len(src.Resolutions) == 0 {
		report("source", Stale, "no English source recorded")
		return tr
	}
	if src.Title != en.source.Title {
		report("source.title", Stale, "English is now %q", en.source.Title)
	}
	if src.Message != en.source.Message {
		report("source.message", Stale, "English is now %q", en.source.Message)
	}
	if !slices.Equal(src.Resolutions, en.source.Resolutions) {
		report("source.resolutions", Stale, "English is now %q", en.source.Resolutions)
	}
	return tr
}

// compileResolutions validates and compiles translated resolution steps;
// it returns nil unless every step is translated and valid.
func compileResolutions(en english, texts []string, report reportFunc) []*tmpl.Template {
	switch {
	case len(en.resolutions) == 0 && len(texts) == 0:
		return nil
	case allBlank(texts) && (len(texts) == 0 || len(texts) == len(en.resolutions)):
		report("resolutions", Untranslated, "not translated")
		return nil
	case len(texts) != len(en.resolutions):
		report("resolutions", Mismatch, "%d translated, the English has %d", len(texts), len(en.resolutions))
		return nil
	}
	rs := make([]*tmpl.Template, len(texts))
	ok := true
	for i, text := range texts {
		if rs[i] = compileText(en, fmt.Sprintf("resolutions[%d]", i), text, en.resolutions[i], report); rs[i] == nil {
			ok = false // keep going: report every step
		}
	}
	if !ok {
		return nil
	}
	return rs
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

func allBlank(ss []string) bool {
	for _, s := range ss {
		if !blank(s) {
			return false
		}
	}
	return true
}

// english is the English side of an entry, compiled for comparison.
type english struct {
	names          []string
	title, message *tmpl.Template
	resolutions    []*tmpl.Template
	source         Text // the English texts in {name} form
}

func englishOf(e *errcat.Entry) english {
	en := english{names: e.ArgNames()}
	braced := make([]string, len(en.names))
	for i, n := range en.names {
		braced[i] = "{" + n + "}"
	}
	// The catalogue's own templates compiled when it was registered, so
	// these cannot fail.
	compile := func(s string) *tmpl.Template {
		t, err := parseTemplate(s, en.names)
		if err != nil {
			t, _ = parseTemplate("", nil)
		}
		return t
	}
	spec := e.Spec()
	en.title = compile(spec.Title)
	en.message = compile(spec.Message)
	en.source.Title = en.title.Render(braced)
	en.source.Message = en.message.Render(braced)
	for _, r := range spec.Resolutions {
		t := compile(r)
		en.resolutions = append(en.resolutions, t)
		en.source.Resolutions = append(en.source.Resolutions, t.Render(braced))
	}
	return en
}

// compileText validates one translated text against its English template
// and compiles it; it returns nil if the text is empty or unusable.
func compileText(en english, field, text string, ref *tmpl.Template, report reportFunc) *tmpl.Template {
	if blank(text) {
		report(field, Untranslated, "not translated")
		return nil
	}
	if idx := indexPlaceholders(text); len(idx) > 0 {
		report(field, Mismatch, "placeholder %s: write argument names (%s), not indices", idx[0], bracedList(en.names, nil))
		return nil
	}
	t, err := parseTemplate(text, en.names)
	if err != nil {
		report(field, Mismatch, "%v; the arguments are %s", err, bracedList(en.names, nil))
		return nil
	}
	got, want := t.Uses(len(en.names)), ref.Uses(len(en.names))
	if !slices.Equal(got, want) {
		report(field, Mismatch, "uses placeholders %s, the English uses %s", bracedList(en.names, got), bracedList(en.names, want))
		return nil
	}
	return t
}

// parseTemplate compiles a text with errcat's own template parser; nil on
// error.
func parseTemplate(text string, names []string) (*tmpl.Template, error) {
	t, err := tmpl.Parse(text, names)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// indexPlaceholders returns the `{0}`-style placeholders of s.
func indexPlaceholders(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		if s[i] != '{' {
			continue
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			break
		}
		key := s[i+1 : i+end]
		if key != "" && strings.Trim(key, "0123456789") == "" {
			out = append(out, s[i:i+end+1])
		}
	}
	return out
}

// bracedList formats the names selected by use (all if use is nil) as
// "{a}, {b}", or "none".
func bracedList(names []string, use []bool) string {
	var out []string
	for i, n := range names {
		if use == nil || use[i] {
			out = append(out, "{"+n+"}")
		}
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}
