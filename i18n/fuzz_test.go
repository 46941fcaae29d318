package i18n_test

import (
	"context"
	"slices"
	"testing"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/i18n"
	"google.golang.org/grpc/metadata"
)

// FuzzNegotiate feeds arbitrary Accept-Language values to negotiation: it
// must never panic, and always answer a supported tag without extensions,
// also through Localize. The seed corpus is in testdata/fuzz/FuzzNegotiate.
func FuzzNegotiate(f *testing.F) {
	for _, s := range []string{"de-AT,de;q=0.9,en;q=0.5", "vi", "fr", "", "*", "en-GB;q=0.8, de-CH"} {
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
