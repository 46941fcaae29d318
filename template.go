package errcat

import (
	"fmt"
	"strconv"
	"strings"
)

// A template is a message with placeholders, compiled once per entry.
// Placeholders are `{0}`, `{1}`, ... (the proto source) or `{name}` with the
// name of an argument (the form translators use); both resolve to the index of
// the argument. A brace that does not open a known placeholder is literal text.
type template struct {
	parts []part
	size  int // bytes of literal text, to size the output once
}

type part struct {
	lit string
	arg int // -1 for literal text
}

// compileTemplate parses s against the argument names. It fails on a
// placeholder that names no argument; unknown indices are errors too.
func compileTemplate(s string, names []string) (template, error) {
	var t template
	lit := strings.Builder{}
	flush := func() {
		if lit.Len() > 0 {
			t.parts = append(t.parts, part{lit: lit.String(), arg: -1})
			t.size += lit.Len()
			lit.Reset()
		}
	}
	for i := 0; i < len(s); {
		if s[i] != '{' {
			lit.WriteByte(s[i])
			i++
			continue
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			lit.WriteString(s[i:])
			break
		}
		key := s[i+1 : i+end]
		idx, err := placeholderIndex(key, names)
		if err != nil {
			return template{}, err
		}
		if idx < 0 { // not a placeholder: keep the brace as text
			lit.WriteByte('{')
			i++
			continue
		}
		flush()
		t.parts = append(t.parts, part{arg: idx})
		i += end + 1
	}
	flush()
	return t, nil
}

// placeholderIndex resolves "0" or "name" to an argument index. It returns
// -1, nil for text that is not shaped like a placeholder at all.
func placeholderIndex(key string, names []string) (int, error) {
	if key == "" {
		return -1, nil
	}
	if key[0] >= '0' && key[0] <= '9' {
		n, err := strconv.Atoi(key)
		if err != nil {
			return -1, nil
		}
		if n >= len(names) {
			return -1, fmt.Errorf("placeholder {%d} has no argument (the entry declares %d)", n, len(names))
		}
		return n, nil
	}
	if !isIdent(key) {
		return -1, nil
	}
	for i, name := range names {
		if name == key {
			return i, nil
		}
	}
	return -1, fmt.Errorf("placeholder {%s} names no argument", key)
}

func isIdent(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

// placeholders reports which argument indices the template uses.
func (t template) placeholders() map[int]bool {
	used := map[int]bool{}
	for _, p := range t.parts {
		if p.arg >= 0 {
			used[p.arg] = true
		}
	}
	return used
}

// render substitutes args; a missing argument renders as empty text.
func (t template) render(args []string) string {
	if len(t.parts) == 1 && t.parts[0].arg < 0 {
		return t.parts[0].lit // no placeholder: no allocation
	}
	n := t.size
	for _, p := range t.parts {
		if p.arg >= 0 && p.arg < len(args) {
			n += len(args[p.arg])
		}
	}
	var b strings.Builder
	b.Grow(n)
	for _, p := range t.parts {
		switch {
		case p.arg < 0:
			b.WriteString(p.lit)
		case p.arg < len(args):
			b.WriteString(args[p.arg])
		}
	}
	return b.String()
}

// Template is a compiled message template. It is immutable and safe for
// concurrent use. Translations compile their texts with [ParseTemplate]
// against the argument names of the entry they translate.
type Template struct{ t template }

// ParseTemplate compiles text whose placeholders are `{0}`-style indices or
// `{name}` argument names, resolved against names. It fails if a placeholder
// names no argument.
func ParseTemplate(text string, names []string) (*Template, error) {
	t, err := compileTemplate(text, names)
	if err != nil {
		return nil, err
	}
	return &Template{t: t}, nil
}

// Render substitutes args (by index); a missing argument renders as empty.
func (t *Template) Render(args []string) string { return t.t.render(args) }

// Uses returns, for each argument index below n, whether the template uses it.
func (t *Template) Uses(n int) []bool {
	used := make([]bool, n)
	for i := range t.t.placeholders() {
		if i < n {
			used[i] = true
		}
	}
	return used
}
