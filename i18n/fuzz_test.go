package i18n_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/i18n"
	"google.golang.org/grpc/metadata"
)

// FuzzNegotiate feeds arbitrary Accept-Language values to negotiation: it
// must never panic, and always answer a supported tag without extensions,
// also through Localize. Its seeds are the f.Add calls below.
func FuzzNegotiate(f *testing.F) {
	many := make([]string, 0, 201)
	for i := range 200 {
		many = append(many, "x"+strconv.Itoa(i))
	}
	for _, s := range []string{
		"de-AT,de;q=0.9,en;q=0.5", "vi", "fr", "", "*", "en-GB;q=0.8, de-CH",
		"de-u-rg-atzzzz,vi-x-private",         // extensions
		"i-klingon, zh-min-nan, sgn-BE-FR",    // grandfathered tags
		"vi\xff\xfe,de",                       // invalid UTF-8
		"de-" + strings.Repeat("a", 300),      // a tag too long
		"de;q=1.x, vi;q=",                     // malformed weights
		strings.Join(append(many, "vi"), ","), // many items
		"x-whatever, qaa",                     // private use
		";,;,=q=,",                            // separators only
		"*;q=0.5, *",                          // wildcards
	} {
		f.Add(s)
	}
	b := i18n.Default()
	tags := b.Tags()
	e := errcat.Lookup("errcat.dev", "OBJECT_NOT_FOUND").New("project", "42")
	f.Fuzz(func(t *testing.T, accept string) {
		got := b.Negotiate(accept)
		if !slices.Contains(tags, got) {
			t.Fatalf("Negotiate(%q) = %v, not a supported tag %v", accept, got, tags)
		}
		if len(got.Extensions()) > 0 {
			t.Fatalf("Negotiate(%q) = %v has extensions", accept, got)
		}
		ctx := metadata.NewIncomingContext(context.Background(), metadata.MD{"grpcgateway-accept-language": {accept}})
		locale, msg := lm(b.Localize(ctx, e))
		if locale != got.String() || msg == "" {
			t.Fatalf("Localize with %q = %s %q, Negotiate said %v", accept, locale, msg, got)
		}
	})
}
