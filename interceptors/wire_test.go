package interceptors_test

import (
	"encoding/base64"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/errcat/errcat/internal/testsrv"
)

var metadataKeyRE = regexp.MustCompile(`^[a-z][a-zA-Z0-9-_]+$`)

// wireStatus checks the trailers of the last call recorded by rec against
// DESIGN.md's wire contract and returns the decoded status:
// one grpc-status-details-bin whose code and message equal grpc-status and
// the decoded grpc-message; exactly one ErrorInfo; each detail type once;
// ErrorInfo metadata keys in AIP-193 form.
func wireStatus(t *testing.T, rec *testsrv.Recorder) *spb.Status {
	t.Helper()
	fields, err := rec.LastTrailers()
	if err != nil {
		t.Fatal(err)
	}
	var gstatus, gmessage string
	var details []string
	for _, f := range fields {
		switch f.Name {
		case "grpc-status":
			gstatus = f.Value
		case "grpc-message":
			gmessage = f.Value
		case "grpc-status-details-bin":
			details = append(details, f.Value)
		}
	}
	if len(details) != 1 {
		t.Fatalf("got %d grpc-status-details-bin trailers, want exactly 1", len(details))
	}
	raw, err := base64.RawStdEncoding.DecodeString(details[0])
	if err != nil {
		if raw, err = base64.StdEncoding.DecodeString(details[0]); err != nil {
			t.Fatalf("grpc-status-details-bin is not base64: %v", err)
		}
	}
	st := &spb.Status{}
	if err := proto.Unmarshal(raw, st); err != nil {
		t.Fatalf("grpc-status-details-bin is not a google.rpc.Status: %v", err)
	}
	if strconv.Itoa(int(st.Code)) != gstatus {
		t.Errorf("Status.code %d != grpc-status %s", st.Code, gstatus)
	}
	msg, err := url.PathUnescape(gmessage)
	if err != nil {
		t.Fatalf("grpc-message %q: %v", gmessage, err)
	}
	if st.Message != msg {
		t.Errorf("Status.message %q != grpc-message %q", st.Message, msg)
	}
	seen := map[string]bool{}
	infos := 0
	for _, a := range st.Details {
		if seen[a.TypeUrl] {
			t.Errorf("detail %s sent twice", a.TypeUrl)
		}
		seen[a.TypeUrl] = true
		if a.TypeUrl == "type.googleapis.com/google.rpc.ErrorInfo" {
			infos++
			info := &errdetails.ErrorInfo{}
			if err := a.UnmarshalTo(info); err != nil {
				t.Fatal(err)
			}
			for k := range info.Metadata {
				if !metadataKeyRE.MatchString(k) || len(k) > 64 {
					t.Errorf("metadata key %q does not match AIP-193", k)
				}
			}
		}
	}
	if infos != 1 {
		t.Errorf("got %d ErrorInfo details, want exactly 1", infos)
	}
	return st
}
