package codes_test

import (
	"strings"
	"testing"
	"time"

	grpccodes "google.golang.org/grpc/codes"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
)

// TestClientCatalog pins what clients act on in the client catalogue: the
// entries, their codes, status codes and retry advice, and the messages
// taken verbatim from the error page the catalogue transcribes.
func TestClientCatalog(t *testing.T) {
	cases := []struct {
		entry   *errcat.Entry
		reason  string
		code    string
		grpc    grpccodes.Code
		http    int
		retry   time.Duration
		message string
	}{
		{codes.APIUnreachable, "API_UNREACHABLE", "910001", grpccodes.Unavailable, 503, 5 * time.Second,
			"Could not reach the API. BE Might be dead at the moment."},
		{codes.MetadataModelUpdated, "METADATA_MODEL_UPDATED", "910002", grpccodes.Aborted, 409, 5 * time.Minute,
			"Server has updated metadata model. Please reload the application."},
		{codes.Maintenance, "MAINTENANCE", "910003", grpccodes.Unavailable, 503, 10 * time.Minute,
			"Server is temporarily unavailable due to maintenance. Please try again later."},
		{codes.AuthenticationFailed, "AUTHENTICATION_FAILED", "910004", grpccodes.Unauthenticated, 401, 0,
			"Could not authenticate user."},
		{codes.UnknownError, "UNKNOWN_ERROR", "910005", grpccodes.Unknown, 500, 0, "Unknown error."},
		{codes.NotFoundError, "NOT_FOUND", "910006", grpccodes.NotFound, 404, 0, "Not found."},
	}
	if n := len(codes.ClientErrorCatalog.Entries()); n != len(cases) {
		t.Errorf("%d entries, want %d", n, len(cases))
	}
	for _, c := range cases {
		e := c.entry
		if e == nil {
			t.Fatalf("%s: entry is nil", c.reason)
		}
		if e.Domain() != "client.errcat.dev" || e.Reason() != c.reason || e.Code() != c.code {
			t.Errorf("%s: %s/%s %s", c.reason, e.Domain(), e.Reason(), e.Code())
		}
		if e.GRPCCode() != c.grpc || e.HTTPStatus() != c.http {
			t.Errorf("%s: gRPC %v HTTP %d, want %v %d", c.reason, e.GRPCCode(), e.HTTPStatus(), c.grpc, c.http)
		}
		if e.RetryDelay() != c.retry {
			t.Errorf("%s: retry delay %v, want %v", c.reason, e.RetryDelay(), c.retry)
		}
		if e.Message() != c.message {
			t.Errorf("%s: message %q, want %q", c.reason, e.Message(), c.message)
		}
		if len(e.Resolutions()) == 0 || e.DocURL() != "https://github.com/errcat/errcat/blob/main/docs/errcat.client.v1.ClientError.md#"+c.code {
			t.Errorf("%s: resolutions %q, doc URL %q", c.reason, e.Resolutions(), e.DocURL())
		}
		if codes.ClientErrorCatalog.ByCode(c.code) != e || errcat.Lookup("client.errcat.dev", c.reason) != e {
			t.Errorf("%s: not found by code or reason", c.reason)
		}
	}
	// The waiting times of the error page are in the texts too.
	for entry, want := range map[*errcat.Entry]string{
		codes.MetadataModelUpdated: "up to five minutes",
		codes.Maintenance:          "up to 10 minutes",
	} {
		found := false
		for _, r := range entry.Resolutions() {
			found = found || strings.Contains(r, want)
		}
		if !found {
			t.Errorf("%s: no resolution says %q", entry.Reason(), want)
		}
	}
}
