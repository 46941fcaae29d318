package rest_test

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/rest"
)

// TestDecodeBadBodies: anything but an AIP-193 body with an ErrorInfo is a
// clear error, never a panic.
func TestDecodeBadBodies(t *testing.T) {
	for _, b := range []string{
		"", "null", "[]", "<html>", `{"error": null}`, `{"error": 5}`, `{"code": 5}`,
		`{"error": {"code": 404, "message": "Not Found", "status": "NOT_FOUND"}}`,
		`{"error": {"code": 404, "details": [{"@type": "type.googleapis.com/nope.Nope", "x": 1}]}}`,
		`{"error": {"details": [5, "x", null, {}]}}`,
	} {
		e, err := rest.Decode(404, []byte(b))
		if e != nil || !errors.Is(err, rest.ErrNoError) {
			t.Errorf("Decode(%q) = %v, %v; want ErrNoError", b, e, err)
		}
	}
}

// TestDecodeCodeFromHTTPStatus: without a known "status", the gRPC code
// follows the HTTP status; an unknown detail type is left out.
func TestDecodeCodeFromHTTPStatus(t *testing.T) {
	b := `{"error": {"code": 503, "message": "m", "details": [
	  {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "DATA_SOURCE_UNAVAILABLE", "domain": "errcat.dev", "metadata": {"code": "000040"}},
	  {"@type": "type.googleapis.com/example.Unknown", "a": 1},
	  {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "3s"}]}}`
	e, err := rest.Decode(503, []byte(b))
	if err != nil {
		t.Fatal(err)
	}
	if e.GRPCStatus().Code() != 14 || !e.Retryable() || e.RetryDelay().Seconds() != 3 || len(e.GRPCStatus().Proto().GetDetails()) != 2 {
		t.Errorf("code %v, retry %v %v, %d details", e.GRPCStatus().Code(), e.Retryable(), e.RetryDelay(), len(e.GRPCStatus().Proto().GetDetails()))
	}
}

// TestFromResponse reads the body of a response, bounded.
func TestFromResponse(t *testing.T) {
	body := `{"error": {"code": 404, "message": "Unable to locate order with id 42.", "status": "NOT_FOUND", "details": [
	  {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "OBJECT_NOT_FOUND", "domain": "errcat.dev", "metadata": {"code": "000012", "object": "order", "id": "42"}}]}}`
	resp := &http.Response{StatusCode: 404, Body: io.NopCloser(strings.NewReader(body))}
	e, err := rest.FromResponse(resp)
	if err != nil || !errors.Is(e, codes.ObjectNotFound) || e.Arg("id") != "42" {
		t.Fatalf("FromResponse = %v, %v", e, err)
	}
	big := &http.Response{StatusCode: 404, Body: io.NopCloser(strings.NewReader(strings.Repeat(" ", rest.MaxBodyBytes) + body))}
	if _, err := rest.FromResponse(big); !errors.Is(err, rest.ErrNoError) {
		t.Errorf("oversized body: %v", err)
	}
	if _, err := rest.FromResponse(nil); !errors.Is(err, rest.ErrNoError) {
		t.Errorf("nil response: %v", err)
	}
}

// FuzzDecode: Decode never panics, and what it accepts is a usable error.
func FuzzDecode(f *testing.F) {
	f.Add(404, []byte(`{"error": {"code": 404, "message": "m", "status": "NOT_FOUND", "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "OBJECT_NOT_FOUND", "domain": "errcat.dev", "metadata": {"code": "000012", "object": "o", "id": "1"}}]}}`))
	f.Add(429, []byte(`{"error": {"code": 429, "status": "RESOURCE_EXHAUSTED", "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "TOO_MANY_REQUESTS", "domain": "errcat.dev"}, {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "2s"}, {"@type": "type.googleapis.com/google.rpc.Help", "links": [{"url": "u"}]}]}}`))
	f.Add(500, []byte(`{"error": {"details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "X\xff", "metadata": {"a\xfe": "\xff"}}]}}`))
	f.Add(400, []byte(`{"error": {"status": "BOGUS", "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [{"field": "f"}]}]}}`))
	f.Add(0, []byte(`{}`))
	f.Fuzz(func(t *testing.T, httpStatus int, data []byte) {
		e, err := rest.Decode(httpStatus, data)
		if err != nil {
			if e != nil || !errors.Is(err, rest.ErrNoError) {
				t.Fatalf("error %v with %v", err, e)
			}
			return
		}
		_ = e.Error()
		_ = e.Details()
		_ = e.Retryable()
		if !utf8.ValidString(e.Reason()) && e.Known() {
			t.Fatalf("known entry with reason %q", e.Reason())
		}
		if e.GRPCStatus() == nil {
			t.Fatal("nil status")
		}
	})
}
