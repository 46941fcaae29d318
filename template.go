package errcat

import "github.com/errcat/errcat/internal/tmpl"

// template is a compiled message template (see package internal/tmpl, which
// i18n shares): placeholders `{0}`, `{1}`, ... or `{name}`.
type template struct{ tmpl.Template }

// compileTemplate parses s against the argument names.
func compileTemplate(s string, names []string) (template, error) {
	t, err := tmpl.Parse(s, names)
	return template{t}, err
}

// literalTemplate is a template of s alone, braces included.
func literalTemplate(s string) template { return template{tmpl.Literal(s)} }

func (t template) render(args []string) string { return t.Render(args) }

func (t template) placeholders() map[int]bool { return t.Placeholders() }
