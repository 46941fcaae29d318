package errcat_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/errcat/errcat"
)

// testCatalog is a small catalogue registered once for the tests of this
// package (the generated catalogues live in package codes).
var testCatalog = errcat.MustRegister(errcat.CatalogSpec{
	Name:   "errcat.test.v1.TestError",
	Domain: "test.errcat.dev",
	DocURL: "https://errcat.dev/docs/test#{anchor}",
	Entries: []errcat.EntrySpec{
		{Number: 1, Reason: "OBJECT_NOT_FOUND", Code: "000012", GRPCCode: grpccodes.NotFound, HTTPStatus: 404,
			Title: "Unable to locate {0} with id {1}", Message: "Unable to locate {0} with id {1}.",
			Description: "Not found.", Resolutions: []string{"Verify that the ID {1} is correct.", "Ensure it was not deleted."},
			Args: []errcat.ArgSpec{{Name: "object"}, {Name: "id"}}},
		{Number: 2, Reason: "TOO_MANY_REQUESTS", Code: "000013", GRPCCode: grpccodes.ResourceExhausted, HTTPStatus: 429,
			Title: "Too many requests", Message: "Too many requests. Please try again later.",
			Description: "Rate limited.", Resolutions: []string{"Wait briefly before retrying."}, RetryDelay: 2 * time.Second},
		{Number: 3, Reason: "DUPLICATE_VALUE", Code: "000013[0]", GRPCCode: grpccodes.AlreadyExists, HTTPStatus: 409,
			Title: "Duplicate", Message: "A value already exists.", Description: "Duplicate."},
	},
})

var (
	notFound = testCatalog.ByReason("OBJECT_NOT_FOUND")
	tooMany  = testCatalog.ByReason("TOO_MANY_REQUESTS")
)

func TestRenderAndAccessors(t *testing.T) {
	e := notFound.New("user", "42")
	if got, want := e.Message(), "Unable to locate user with id 42."; got != want {
		t.Errorf("Message = %q, want %q", got, want)
	}
	if e.Error() != "OBJECT_NOT_FOUND (000012): Unable to locate user with id 42." {
		t.Errorf("Error = %q", e.Error())
	}
	if e.Arg("id") != "42" || e.Arg("nope") != "" || e.Code() != "000012" || e.Domain() != "test.errcat.dev" {
		t.Errorf("accessors: %q %q %q", e.Arg("id"), e.Code(), e.Domain())
	}
	if !errors.Is(fmt.Errorf("wrap: %w", e), notFound) || errors.Is(e, tooMany) {
		t.Error("errors.Is by entry")
	}
	if !errors.Is(e, notFound.New("other", "1")) {
		t.Error("errors.Is by error of the same entry")
	}
	if got := notFound.New("user").Message(); got != "Unable to locate user with id ." {
		t.Errorf("missing arg renders empty: %q", got)
	}
	if e.Retryable() || !tooMany.New().Retryable() || tooMany.New().RetryDelay() != 2*time.Second {
		t.Error("retry advice")
	}
}

func TestCauseIsKeptButNeverSent(t *testing.T) {
	cause := errors.New("SECRET dsn=postgres://u:p@h")
	e := notFound.New("user", "42").WithCause(cause)
	if !errors.Is(e, cause) || errors.Unwrap(e) != cause {
		t.Error("cause not reachable")
	}
	if strings.Contains(e.Error(), "SECRET") {
		t.Error("Error() leaks the cause")
	}
	b, _ := proto.Marshal(e.GRPCStatus().Proto())
	if strings.Contains(string(b), "SECRET") {
		t.Error("status leaks the cause")
	}
	d := e.StatusProto(errcat.StatusOptions{Debug: true})
	if b, _ := proto.Marshal(d); !strings.Contains(string(b), "SECRET") {
		t.Error("DebugInfo should carry the cause when Debug is set")
	}
}

func TestStatusEncodingDecodes(t *testing.T) {
	e := notFound.New("user", "42").WithDetails(
		&errdetails.ResourceInfo{ResourceType: "user", ResourceName: "users/42"},
		&errdetails.ResourceInfo{ResourceType: "user", ResourceName: "users/43"}, // replaces
		&errdetails.ErrorInfo{Reason: "IGNORED"},
	)
	st := status.FromProto(e.StatusProto(errcat.StatusOptions{RequestID: "r1", Locale: "de", LocalizedMessage: "Nicht gefunden"}))
	// Through the bytes, as a client would.
	b, err := proto.Marshal(st.Proto())
	if err != nil {
		t.Fatal(err)
	}
	decoded := decodeBytes(t, b)
	got, ok := errcat.FromStatus(decoded)
	if !ok || got.Entry() != notFound || got.Arg("object") != "user" || got.Arg("id") != "42" {
		t.Fatalf("FromStatus: %v %v", got, ok)
	}
	d := got.Details()
	if d.ErrorInfo.GetReason() != "OBJECT_NOT_FOUND" || d.ErrorInfo.GetMetadata()["code"] != "000012" {
		t.Errorf("ErrorInfo %v", d.ErrorInfo)
	}
	if d.ResourceInfo.GetResourceName() != "users/43" || d.RequestInfo.GetRequestId() != "r1" || d.LocalizedMessage.GetLocale() != "de" {
		t.Errorf("details %v %v %v", d.ResourceInfo, d.RequestInfo, d.LocalizedMessage)
	}
	if n := len(d.Help.GetLinks()); n != 2 || d.Help.Links[0].GetDescription() != "Verify that the ID 42 is correct." ||
		d.Help.Links[0].GetUrl() != "https://errcat.dev/docs/test#000012" {
		t.Errorf("help %v", d.Help)
	}
	if ri, ok := errcat.DetailAs[*errdetails.ResourceInfo](fmt.Errorf("w: %w", got)); !ok || ri.GetResourceType() != "user" {
		t.Errorf("DetailAs: %v %v", ri, ok)
	}
	if got.GRPCStatus() != decoded {
		t.Error("GRPCStatus of a decoded error must be the status received")
	}
}

func TestInvalidUTF8IsRepaired(t *testing.T) {
	bad := "us\xffer"
	e := notFound.New(bad, "4\xc32").WithDetails(&errdetails.BadRequest{FieldViolations: []*errdetails.BadRequest_FieldViolation{{Field: "na\xffme", Description: "bad"}}})
	p := e.StatusProto(errcat.StatusOptions{RequestID: "id\xff"})
	b, err := proto.Marshal(p)
	if err != nil {
		t.Fatalf("status does not marshal: %v", err)
	}
	got, ok := errcat.FromStatus(decodeBytes(t, b))
	if !ok {
		t.Fatal("not decoded")
	}
	for _, s := range append(got.Args(), got.Message(), got.Details().RequestInfo.GetRequestId(),
		got.Details().BadRequest.GetFieldViolations()[0].GetField()) {
		if !utf8.ValidString(s) || !strings.Contains(s, "\uFFFD") {
			t.Errorf("%q: want valid UTF-8 with U+FFFD", s)
		}
	}
}

func TestTrailerBudget(t *testing.T) {
	for _, n := range []int{0, 100, 4 << 10, 8 << 10, 64 << 10, 1 << 20} {
		arg := strings.Repeat("é", n/2)
		e := notFound.New(arg, "42").WithDetails(&errdetails.DebugInfo{Detail: strings.Repeat("d", n)})
		p := e.StatusProto(errcat.StatusOptions{RequestID: "r", Debug: true})
		size := errcat.TrailerSize(p)
		if size > errcat.DefaultTrailerBudget {
			t.Errorf("arg %d bytes: trailer block %d > budget", n, size)
		}
		got, ok := errcat.FromStatus(status.FromProto(p))
		if !ok || got.Entry() != notFound || got.Arg("id") != "42" {
			t.Fatalf("arg %d bytes: lost the ErrorInfo", n)
		}
		if !utf8.ValidString(got.Arg("object")) {
			t.Errorf("truncation split a rune")
		}
		truncated := got.Details().ErrorInfo.GetMetadata()["truncated"]
		if (len(got.Arg("object")) < len(arg)) != (truncated == "object") {
			t.Errorf("arg %d bytes: truncated marker %q, arg now %d bytes", n, truncated, len(got.Arg("object")))
		}
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	spec := errcat.CatalogSpec{Domain: "Bad Domain", Entries: []errcat.EntrySpec{
		{Reason: "ok_lower", Code: "1", GRPCCode: grpccodes.OK, HTTPStatus: 200, Title: "t", Message: "m {0} {1}", Description: "d",
			Args: []errcat.ArgSpec{{Name: "code"}}},
		{Reason: "GOOD_ONE", Code: "000001[0]", GRPCCode: grpccodes.NotFound, HTTPStatus: 404, Title: "t", Message: "m", Description: "d"},
		{Reason: "GOOD_ONE", Code: "000001[0]", GRPCCode: grpccodes.NotFound, HTTPStatus: 404, Title: "", Message: "m {x}", Description: "d"},
	}}
	var got []string
	for _, p := range errcat.Validate(spec) {
		got = append(got, p.String())
	}
	want := []string{
		"catalog option domain",
		`entry #0 option reason: "ok_lower" does not match AIP-193`,
		`entry #0 option code: "1" does not match`,
		"entry #0 option grpc_code: must be an error code",
		"entry #0 option http_status",
		`entry #0 option args[0].name: "code" is reserved`,
		"entry #0 option message: placeholder {1} has no argument",
		`entry #2 option reason: "GOOD_ONE" is already used by entry #1`,
		`entry #2 option code: "000001[0]" is already used`,
		"entry #2 option title: is required",
		"entry #2 option message: placeholder {x} names no argument",
		`entry #1 option code: "000001[0]" is a variant of "000001"`,
	}
	joined := strings.Join(got, "\n")
	for _, w := range want {
		if !strings.Contains(joined, w) {
			t.Errorf("missing problem %q in:\n%s", w, joined)
		}
	}
	if _, err := errcat.Register(spec); err == nil {
		t.Error("Register accepted an invalid catalogue")
	}
	if _, err := errcat.Register(errcat.CatalogSpec{Domain: "test.errcat.dev"}); err == nil {
		t.Error("Register accepted a duplicate domain")
	}
}

// TestValidateSummary checks the optional one-line summary and its fallback
// to the description.
func TestValidateSummary(t *testing.T) {
	tests := []struct {
		summary string
		problem string // "" when the summary is valid
		want    string // Entry.Summary of a valid catalogue
	}{
		{summary: "Object not found with provided ID", want: "Object not found with provided ID"},
		{summary: "", want: "Not found."},
		{summary: "Object {object} not found", want: "Object {object} not found"},
		{summary: "two\nlines", problem: "entry #0 option summary: must be a single line"},
		{summary: "carriage\rreturn", problem: "entry #0 option summary: must be a single line"},
		{summary: "bad \xff byte", problem: "entry #0 option summary: is not valid UTF-8"},
		{summary: " \t", problem: "entry #0 option summary: is blank"},
		{summary: "Object {nope}", problem: "entry #0 option summary: placeholder {nope} names no argument"},
	}
	for _, tt := range tests {
		spec := errcat.CatalogSpec{Domain: "summary.errcat.dev", Entries: []errcat.EntrySpec{{
			Number: 1, Reason: "NOT_FOUND", Code: "000001", GRPCCode: grpccodes.NotFound, HTTPStatus: 404,
			Title: "Not found", Message: "{0} not found", Description: "Not found.", Summary: tt.summary,
			Args: []errcat.ArgSpec{{Name: "object"}},
		}}}
		ps := errcat.Validate(spec)
		if tt.problem != "" {
			if len(ps) != 1 || !strings.HasPrefix(ps[0].String(), tt.problem) {
				t.Errorf("summary %q: problems %v, want one starting %q", tt.summary, ps, tt.problem)
			}
			continue
		}
		if len(ps) != 0 {
			t.Errorf("summary %q: unexpected problems %v", tt.summary, ps)
			continue
		}
		c, err := errcat.NewCatalog(spec)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.ByReason("NOT_FOUND").Summary(); got != tt.want {
			t.Errorf("summary %q: Entry.Summary() = %q, want %q", tt.summary, got, tt.want)
		}
	}
}

// TestValidateOther checks that problems about duplicates point at the entry
// that came first, and that the others point nowhere.
func TestValidateOther(t *testing.T) {
	entry := func(reason, code string) errcat.EntrySpec {
		return errcat.EntrySpec{Reason: reason, Code: code, GRPCCode: grpccodes.NotFound, HTTPStatus: 404,
			Title: "t", Message: "m", Description: "d"}
	}
	spec := errcat.CatalogSpec{Domain: "other.errcat.dev", Entries: []errcat.EntrySpec{
		entry("FIRST", "000001"), entry("SECOND", "000002"), entry("FIRST", "000002"), entry("THIRD", "x"),
	}}
	type key struct {
		entry, other int
		field        string
	}
	var got []key
	var strs []string
	for _, p := range errcat.Validate(spec) {
		got = append(got, key{p.Entry, p.Other, p.Field})
		strs = append(strs, p.String())
	}
	want := []key{{2, 0, "reason"}, {2, 1, "code"}, {3, -1, "code"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("problems (entry, other, field) = %v, want %v", got, want)
	}
	wantStrs := []string{
		`entry #2 option reason: "FIRST" is already used by entry #0`,
		`entry #2 option code: "000002" is already used by entry #1`,
	}
	if len(strs) < 2 || strings.Join(strs[:2], "\n") != strings.Join(wantStrs, "\n") {
		t.Errorf("problems:\n%s\nwant first:\n%s", strings.Join(strs, "\n"), strings.Join(wantStrs, "\n"))
	}
}

func TestFromErrorRejectsNonCatalogueErrors(t *testing.T) {
	for _, err := range []error{nil, errors.New("x"), status.Error(grpccodes.NotFound, "plain")} {
		if e, ok := errcat.FromError(err); ok {
			t.Errorf("FromError(%v) = %v, want false", err, e)
		}
	}
}
