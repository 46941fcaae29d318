package errcat_test

import (
	"slices"
	"testing"

	grpccodes "google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"

	"github.com/errcat/errcat"
)

// helpDescriptions sends e with o and returns the Help link descriptions
// and URLs a client decodes.
func helpDescriptions(t *testing.T, e *errcat.Error, o errcat.StatusOptions) (descs, urls []string) {
	t.Helper()
	b, err := proto.Marshal(e.StatusProto(o))
	if err != nil {
		t.Fatal(err)
	}
	got, ok := errcat.FromStatus(decodeBytes(t, b))
	if !ok {
		t.Fatal("status did not decode")
	}
	for _, l := range got.Details().Help.GetLinks() {
		descs = append(descs, l.GetDescription())
		urls = append(urls, l.GetUrl())
	}
	return descs, urls
}

// noDocs is a catalogue without doc_url.
var noDocs = errcat.MustRegister(errcat.CatalogSpec{Name: "errcat.test.v1.NoDocs", Domain: "nodocs.test.errcat.dev",
	Entries: []errcat.EntrySpec{{Number: 1, Reason: "BROKEN", Code: "000001", GRPCCode: grpccodes.Internal, HTTPStatus: 500, Title: "Broken", Message: "Broken.",
		Description: "Broken.", Resolutions: []string{"Fix it."}}}})

func TestLocalizedResolutions(t *testing.T) {
	e := notFound.New("user", "42")
	english := []string{"Verify that the ID 42 is correct.", "Ensure it was not deleted."}
	url := "https://errcat.dev/docs/test#000012"
	german := []string{"Prüfen Sie, ob die ID 42 korrekt ist.", "Stellen Sie sicher, dass es nicht gelöscht wurde."}
	tests := []struct {
		name string
		res  []string
		want []string
	}{
		{"none", nil, english},
		{"translated", german, german},
		{"wrong count keeps English", german[:1], english},
		{"invalid UTF-8 repaired", []string{"a\xffb", "c"}, []string{"a\uFFFDb", "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			descs, urls := helpDescriptions(t, e, errcat.StatusOptions{Locale: "de", LocalizedMessage: "x", LocalizedResolutions: tt.res})
			if !slices.Equal(descs, tt.want) || !slices.Equal(urls, []string{url, url}) {
				t.Errorf("Help = %q %q, want %q at %s", descs, urls, tt.want, url)
			}
		})
	}
	// An entry without a documentation URL sends no Help, translated or not.
	if descs, _ := helpDescriptions(t, noDocs.ByReason("BROKEN").New(), errcat.StatusOptions{LocalizedResolutions: []string{"Reparieren."}}); descs != nil {
		t.Errorf("Help without doc_url: %q", descs)
	}
}
