package tmpl_test

import (
	"testing"

	"github.com/errcat/errcat/internal/tmpl"
)

func TestTemplates(t *testing.T) {
	names := []string{"field", "type"}
	cases := []struct{ in, want string }{
		{"Field {0} must be {1}", "Field f must be T"},
		{"Field {field} must be {type}", "Field f must be T"},
		{"{ not a placeholder } {0}", "{ not a placeholder } f"},
		{"unclosed {0", "unclosed {0"},
		{"", ""},
	}
	for _, c := range cases {
		tm, err := tmpl.Parse(c.in, names)
		if err != nil {
			t.Fatalf("%q: %v", c.in, err)
		}
		if got := tm.Render([]string{"f", "T"}); got != c.want {
			t.Errorf("%q renders %q, want %q", c.in, got, c.want)
		}
	}
	for _, bad := range []string{"{2}", "{nope}"} {
		if _, err := tmpl.Parse(bad, names); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}

// TestLenAndAppendTo: the wire encoder's two shortcuts agree with Render.
func TestLenAndAppendTo(t *testing.T) {
	names := []string{"a", "b"}
	for _, s := range []string{"", "plain", "{0} and {b}", "{1}{1}{0}", "{ x } {0"} {
		tm, err := tmpl.Parse(s, names)
		if err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{nil, {"x"}, {"é", "ßß"}} {
			want := tm.Render(args)
			if n := tm.Len(args); n != len(want) {
				t.Errorf("%q %q: Len %d, want %d", s, args, n, len(want))
			}
			if got := string(tm.AppendTo([]byte(">"), args)); got != ">"+want {
				t.Errorf("%q %q: AppendTo %q, want %q", s, args, got, ">"+want)
			}
		}
	}
	if got := tmpl.Literal("{0} stays").Render([]string{"x"}); got != "{0} stays" {
		t.Errorf("Literal renders %q", got)
	}
}
