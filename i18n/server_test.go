package i18n_test

import (
	"context"
	"testing"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/i18n"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/internal/testsrv"
	"golang.org/x/text/language"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

var _ interceptors.Localizer = (*i18n.Bundle)(nil)

// TestServerLocalizedMessage runs the bundle behind the server interceptors
// and checks the google.rpc.LocalizedMessage a client receives.
func TestServerLocalizedMessage(t *testing.T) {
	srv := testsrv.Start(t, testsrv.Handlers{
		Unary: func(context.Context, string) (string, error) { return "", codes.NewObjectNotFound("project", "42") },
		ServerStream: func(context.Context, string, func(string) error) error {
			return codes.NewObjectNotFound("project", "42")
		},
	}, testsrv.Config{ServerOpts: []grpc.ServerOption{
		grpc.UnaryInterceptor(interceptors.UnaryServer(interceptors.WithLocalizer(i18n.Default()))),
		grpc.StreamInterceptor(interceptors.StreamServer(interceptors.WithLocalizer(i18n.Default()))),
	}})
	const english = "Unable to locate project with id 42."
	tests := []struct {
		name       string
		md         []string
		wantLocale string
		wantMsg    string
	}{
		{"de-AT", []string{"accept-language", "de-AT,de;q=0.9,en;q=0.5"}, "de", "project mit der ID 42 wurde nicht gefunden."},
		{"vi", []string{"accept-language", "vi"}, "vi", "Không tìm thấy project có ID 42."},
		{"fr", []string{"accept-language", "fr"}, "en-US", english},
		{"none", nil, "en-US", english},
		{"gateway", []string{"grpcgateway-accept-language", "vi-VN"}, "vi", "Không tìm thấy project có ID 42."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			if tt.md != nil {
				ctx = metadata.AppendToOutgoingContext(ctx, tt.md...)
			}
			_, uerr := srv.Unary(ctx, "x")
			_, serr := srv.ServerStream(ctx, "x")
			for _, err := range []error{uerr, serr} {
				if st, _ := status.FromError(err); st.Message() != english {
					t.Errorf("Status.message = %q, want the English", st.Message())
				}
				e, ok := errcat.FromError(err)
				if !ok {
					t.Fatalf("not an errcat error: %v", err)
				}
				lm := e.Details().LocalizedMessage
				if lm.GetLocale() != tt.wantLocale || lm.GetMessage() != tt.wantMsg {
					t.Errorf("LocalizedMessage = %q %q, want %q %q", lm.GetLocale(), lm.GetMessage(), tt.wantLocale, tt.wantMsg)
				}
				// The client renders the decoded error itself, in any locale.
				if got := i18n.Default().Message(e, language.German); got != "project mit der ID 42 wurde nicht gefunden." {
					t.Errorf("client-side German: %q", got)
				}
			}
		})
	}
}

// TestServerHelpTranslated raises every entry of errcat's catalogues
// through the server interceptors: with accept-language: de the Help link
// descriptions are the German resolutions (arguments filled in), with none
// the English ones; the URLs are the same either way.
func TestServerHelpTranslated(t *testing.T) {
	var all []*errcat.Entry
	for _, c := range []*errcat.Catalog{codes.CommonErrorCatalog, codes.RuntimeErrorCatalog, codes.ClientErrorCatalog} {
		all = append(all, c.Entries()...)
	}
	newErr := func(code string) *errcat.Error {
		for _, e := range all {
			if e.Code() == code {
				var args []string
				for _, a := range e.ArgSpecs() {
					args = append(args, a.Example)
				}
				return e.New(args...)
			}
		}
		t.Fatalf("no entry %s", code)
		return nil
	}
	srv := testsrv.Start(t, testsrv.Handlers{
		Unary: func(_ context.Context, code string) (string, error) { return "", newErr(code) },
	}, testsrv.Config{ServerOpts: []grpc.ServerOption{
		grpc.UnaryInterceptor(interceptors.UnaryServer(interceptors.WithLocalizer(i18n.Default()))),
	}})
	translated := 0
	for _, entry := range all {
		want := newErr(entry.Code())
		for _, tt := range []struct {
			md   []string
			want []string
		}{
			{[]string{"accept-language", "de"}, i18n.Default().Resolutions(want, language.German)},
			{nil, want.Entry().Resolutions(want.Args()...)},
		} {
			ctx := context.Background()
			if tt.md != nil {
				ctx = metadata.AppendToOutgoingContext(ctx, tt.md...)
			}
			_, err := srv.Unary(ctx, entry.Code())
			e, ok := errcat.FromError(err)
			if !ok {
				t.Fatalf("%s: not an errcat error: %v", entry.Code(), err)
			}
			links := e.Details().Help.GetLinks()
			if len(links) != len(tt.want) {
				t.Errorf("%s %q: %d Help links, want %d", entry.Code(), tt.md, len(links), len(tt.want))
				continue
			}
			for i, l := range links {
				if l.GetDescription() != tt.want[i] || l.GetUrl() != entry.DocURL() {
					t.Errorf("%s %q: link %d = %q %s, want %q %s", entry.Code(), tt.md, i, l.GetDescription(), l.GetUrl(), tt.want[i], entry.DocURL())
				}
			}
			if tt.md != nil && len(links) > 0 && links[0].GetDescription() != entry.Resolutions(want.Args()...)[0] {
				translated++
			}
		}
	}
	// errcat ships complete German translations: every entry's steps differ
	// from the English (a check that the test compares something).
	if translated != len(all) {
		t.Errorf("%d of %d entries had German Help descriptions", translated, len(all))
	}
}
