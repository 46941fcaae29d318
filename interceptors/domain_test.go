package interceptors_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/interceptors"
	"github.com/errcat/errcat/internal/testsrv"
)

var aliasRuns int

// TestDomainOverride: a server that names errors after itself; a client
// that registered the alias decodes them as the catalogue's entries.
func TestDomainOverride(t *testing.T) {
	// Aliases are process-wide: a fresh one per run keeps -count=N honest.
	aliasRuns++
	alias := fmt.Sprintf("orders%d.example.com", aliasRuns)
	srv := start(t, testsrv.Handlers{
		Unary: func(ctx context.Context, _ string) (string, error) { return "", codes.NewObjectNotFound("order", "9") },
	}, false, interceptors.WithDomain(alias))

	_, err := srv.Unary(context.Background(), "x")
	e, ok := errcat.FromError(err)
	if !ok || e.Details().ErrorInfo.GetDomain() != alias {
		t.Fatalf("ErrorInfo domain %q, want %q", e.Details().ErrorInfo.GetDomain(), alias)
	}
	if e.Known() {
		t.Fatal("decoded as known before the alias was registered")
	}

	errcat.RegisterDomainAlias(alias, codes.CommonErrorCatalog.Domain())
	_, err = srv.Unary(context.Background(), "x")
	if !errors.Is(err, codes.ObjectNotFound) {
		t.Fatalf("with the alias registered: got %v", err)
	}
	if e, _ := errcat.FromError(err); e.Arg("id") != "9" {
		t.Errorf("args lost: %q", e.Args())
	}
}
