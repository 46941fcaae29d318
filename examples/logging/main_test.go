package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	errcodes "github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/examples/server/playground"
)

// run's log lines carry errcat's fields on both sides of every failed call,
// the internal error's correlation id links the logging interceptor's
// lines to errcat's own line with the cause, and no secret reaches the
// interceptor's lines.
func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	type key struct{ side, method, msg string }
	lines := map[key]map[string]any{}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		k := key{rec["side"].(string), str(rec["grpc.method"]), rec["msg"].(string)}
		if _, dup := lines[k]; dup {
			t.Errorf("two lines for %v", k)
		}
		lines[k] = rec
		if rec["msg"] == "finished call" && strings.Contains(line, playground.Secret) {
			t.Errorf("secret in the logging interceptor's line: %s", line)
		}
	}
	if len(lines) != 7 {
		t.Errorf("%d log lines, want 7:\n%s", len(lines), out.String())
	}

	for _, side := range []string{"server", "client"} {
		for _, tc := range []struct {
			method, reason, code, requestID string
		}{
			{"Raise", "OBJECT_NOT_FOUND", "000012", "req-42"},
			{"RaiseStream", "INVALID_FIELD_VALUE", "000039", "req-42"},
			{"Misbehave", "INTERNAL_SERVER_ERROR", errcodes.InternalServerError.Code(), ""},
		} {
			rec := lines[key{side, tc.method, "finished call"}]
			if rec == nil {
				t.Errorf("%s %s: no finished-call line", side, tc.method)
				continue
			}
			if rec["errcat.reason"] != tc.reason || rec["errcat.code"] != tc.code || rec["errcat.domain"] != "errcat.dev" {
				t.Errorf("%s %s: errcat fields %v %v %v", side, tc.method, rec["errcat.reason"], rec["errcat.code"], rec["errcat.domain"])
			}
			if tc.requestID != "" && rec["errcat.request_id"] != tc.requestID {
				t.Errorf("%s %s: errcat.request_id %v, want %s", side, tc.method, rec["errcat.request_id"], tc.requestID)
			}
			if side == "server" && rec["request_id"] != nilIfEmpty(tc.requestID) {
				t.Errorf("server %s: request_id %v (from the context hook), want %q", tc.method, rec["request_id"], tc.requestID)
			}
		}
	}

	// The correlation id of the internal error is the same in errcat's own
	// line (with the cause) and in both sides' interceptor lines.
	var errcatLine map[string]any
	for k, rec := range lines {
		if k.side == "server" && rec["logger"] == "errcat" {
			errcatLine = rec
		}
	}
	if errcatLine == nil {
		t.Fatal("no errcat log line")
	}
	id, _ := errcatLine["request_id"].(string)
	if id == "" || !strings.Contains(str(errcatLine["error"]), playground.Secret) {
		t.Errorf("errcat's line lacks the id or the cause: %v", errcatLine)
	}
	for _, side := range []string{"server", "client"} {
		if got := lines[key{side, "Misbehave", "finished call"}]["errcat.request_id"]; got != id {
			t.Errorf("%s Misbehave: errcat.request_id %v, want errcat's correlation id %s", side, got, id)
		}
	}
}

// ErrorFields gives nothing for errors errcat cannot decode.
func TestErrorFieldsPlainErrors(t *testing.T) {
	for _, err := range []error{nil, errors.New("plain"), status.Error(codes.Unavailable, "no")} {
		if f := ErrorFields(err); f != nil {
			t.Errorf("ErrorFields(%v) = %v, want nil", err, f)
		}
	}
	if f := ErrorFields(errcodes.NewObjectNotFound("invoice", "secret-id")); strings.Contains(strings.Join(strs(f), " "), "secret-id") {
		t.Errorf("an argument became a field: %v", f)
	}
}

func str(v any) string { s, _ := v.(string); return s }

func strs(f []any) []string {
	var out []string
	for _, v := range f {
		out = append(out, str(v))
	}
	return out
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
