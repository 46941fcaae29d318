// Package tmpl compiles and renders errcat's message templates: the
// entries' English texts (package errcat) and their translations (package
// i18n) share one parser, so that both accept the same placeholders.
package tmpl

import (
	"fmt"
	"strconv"
	"strings"
)

// Template is a message with placeholders, compiled once. It is immutable
// and safe for concurrent use; the zero Template renders as empty text.
// Placeholders are `{0}`, `{1}`, ... (the proto source) or `{name}` with the
// name of an argument (the form translators use); both resolve to the index of
// the argument. A brace that does not open a known placeholder is literal text.
type Template struct {
	parts []part
	size  int // bytes of literal text, to size the output once
}

type part struct {
	lit string
	arg int // -1 for literal text
}

// Parse compiles s against the argument names. It fails on a placeholder
// that names no argument; unknown indices are errors too.
func Parse(s string, names []string) (Template, error) {
	var t Template
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
			return Template{}, err
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

// Placeholders reports which argument indices the template uses.
func (t Template) Placeholders() map[int]bool {
	used := map[int]bool{}
	for _, p := range t.parts {
		if p.arg >= 0 {
			used[p.arg] = true
		}
	}
	return used
}

// Render substitutes args; a missing argument renders as empty text.
func (t Template) Render(args []string) string {
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

// Literal returns a template of text alone: braces in s are not
// placeholders.
func Literal(s string) Template {
	return Template{parts: []part{{lit: s, arg: -1}}, size: len(s)}
}

// Uses returns, for each argument index below n, whether the template uses it.
func (t Template) Uses(n int) []bool {
	used := make([]bool, n)
	for _, p := range t.parts {
		if p.arg >= 0 && p.arg < n {
			used[p.arg] = true
		}
	}
	return used
}

// Len is len(t.Render(args)), without building the string.
func (t Template) Len(args []string) int {
	n := t.size
	for _, p := range t.parts {
		if p.arg >= 0 && p.arg < len(args) {
			n += len(args[p.arg])
		}
	}
	return n
}

// AppendTo appends t.Render(args) to b, without building the string.
func (t Template) AppendTo(b []byte, args []string) []byte {
	for _, p := range t.parts {
		switch {
		case p.arg < 0:
			b = append(b, p.lit...)
		case p.arg < len(args):
			b = append(b, args[p.arg]...)
		}
	}
	return b
}
