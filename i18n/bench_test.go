package i18n_test

import (
	"context"
	"testing"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/i18n"
	"golang.org/x/text/language"
)

// BenchmarkLocalize measures the error-path cost the server interceptor
// pays for a LocalizedMessage. The OK path never calls the bundle.
func BenchmarkLocalize(b *testing.B) {
	bundle := i18n.Default()
	withArgs := errcat.Lookup("errcat.dev", "OBJECT_NOT_FOUND").New("project", "42")
	noArgs := errcat.Lookup("errcat.dev", "TOO_MANY_REQUESTS").New()
	for _, bm := range []struct {
		name string
		ctx  context.Context
		err  *errcat.Error
	}{
		{"de/args", incoming("accept-language", "de-AT,de;q=0.9,en;q=0.5"), withArgs},
		{"de/noargs", incoming("accept-language", "de-AT,de;q=0.9,en;q=0.5"), noArgs},
		{"gateway/vi", incoming("grpcgateway-accept-language", "vi-VN,vi;q=0.9"), withArgs},
		{"none/en-US", context.Background(), withArgs},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bundle.Localize(bm.ctx, bm.err)
			}
		})
	}
}

// BenchmarkNegotiate shows the header cache: a repeated Accept-Language
// value is matched without parsing or allocating.
func BenchmarkNegotiate(b *testing.B) {
	bundle := i18n.Default()
	b.ReportAllocs()
	for b.Loop() {
		bundle.Negotiate("de-AT,de;q=0.9,en;q=0.5")
	}
}

// BenchmarkMessage is client-side rendering in a locale picked by tag.
func BenchmarkMessage(b *testing.B) {
	bundle := i18n.Default()
	e := errcat.Lookup("errcat.dev", "OBJECT_NOT_FOUND").New("project", "42")
	b.ReportAllocs()
	for b.Loop() {
		bundle.Message(e, language.German)
	}
}
