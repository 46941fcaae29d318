package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/googleapis/gax-go/v2/apierror"
	"google.golang.org/api/googleapi"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
)

// TestGoogleClientsParseEveryBody: Google's own Go clients, googleapi and
// gax apierror, read every common entry's body as sent over HTTP, in both
// modes: the HTTP code, the message and the ErrorInfo (reason, domain,
// metadata) and, for retryable entries, RetryInfo.
func TestGoogleClientsParseEveryBody(t *testing.T) {
	for _, direct := range []bool{false, true} {
		a, err := Start(context.Background(), Config{GRPCAddr: "127.0.0.1:0", HTTPAddr: "127.0.0.1:0", Direct: direct,
			Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		t.Run(a.Mode(), func(t *testing.T) {
			for _, ent := range codes.CommonErrorCatalog.Entries() {
				var args []string
				for _, s := range ent.ArgSpecs() {
					args = append(args, s.Example)
				}
				resp, err := http.Get("http://" + a.HTTPAddr + "/v1/errors/" + url.PathEscape(ent.Code()) + "?" + url.Values{"args": args}.Encode())
				if err != nil {
					t.Fatal(err)
				}
				gerr := googleapi.CheckResponse(resp)
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				var ge *googleapi.Error
				if !errors.As(gerr, &ge) {
					t.Fatalf("%s: googleapi.CheckResponse = %v", ent.Code(), gerr)
				}
				if ge.Code != ent.HTTPStatus() || ge.Message != ent.Message(args...) || len(ge.Details) == 0 {
					t.Errorf("%s: googleapi.Error code %d message %q, %d details", ent.Code(), ge.Code, ge.Message, len(ge.Details))
				}
				ae, ok := apierror.FromError(gerr)
				if !ok {
					t.Fatalf("%s: apierror.FromError failed on %v", ent.Code(), gerr)
				}
				if ae.HTTPCode() != ent.HTTPStatus() || ae.Reason() != ent.Reason() || ae.Domain() != ent.Domain() ||
					ae.Metadata()[errcat.MetadataCodeKey] != ent.Code() {
					t.Errorf("%s: apierror HTTP %d reason %q domain %q metadata %v", ent.Code(), ae.HTTPCode(), ae.Reason(), ae.Domain(), ae.Metadata())
				}
				if got := ae.Details().RetryInfo != nil; got != ent.Retryable() {
					t.Errorf("%s: apierror RetryInfo %v, entry retryable %v", ent.Code(), ae.Details().RetryInfo, ent.Retryable())
				}
			}
		})
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err := a.Stop(ctx); err != nil {
			t.Error(err)
		}
		cancel()
	}
}
