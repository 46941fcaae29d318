package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/errcat/errcat/examples/server/playground"
	"github.com/errcat/errcat/internal/golden"
)

// startPlayground serves the playground on 127.0.0.1 until the test ends.
func startPlayground(t *testing.T) string {
	t.Helper()
	srv, err := playground.Start("127.0.0.1:0", playground.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Stop(ctx)
	})
	return srv.Addr()
}

// closedPort returns a 127.0.0.1 address where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := lis.Addr().String()
	lis.Close()
	return addr
}

// TestClient runs the command against a playground and against a port
// where nothing listens, and compares its output with the golden files
// (the address is written {addr}).
func TestClient(t *testing.T) {
	live, dead := startPlayground(t), closedPort(t)
	cases := []struct {
		name   string
		addr   string
		args   []string
		status int
	}{
		{"object_not_found_de", live, []string{"-code", "000012", "-args", "order,7", "-lang", "de"}, 0},
		{"object_not_found_stream", live, []string{"-stream", "-code", "000012", "-args", "order,7"}, 0},
		{"data_load_failed_retryable", live, []string{"-code", "000004", "-request-id", "req-1"}, 0},
		{"unreachable", dead, []string{"-lang", "de"}, 1},
		{"unreachable_stream", dead, []string{"-stream"}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := run(context.Background(), append([]string{"-addr", c.addr}, c.args...), &stdout, &stderr)
			if status != c.status {
				t.Errorf("exit status %d, want %d; stderr: %s", status, c.status, stderr.String())
			}
			var v map[string]any
			if err := json.Unmarshal(stdout.Bytes(), &v); err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, stdout.String())
			}
			for _, field := range []string{"reason", "domain", "code", "args", "message", "retryable", "hints"} {
				if _, ok := v[field]; !ok {
					t.Errorf("no %q in %s", field, stdout.String())
				}
			}
			got := strings.ReplaceAll(stdout.String(), c.addr, "{addr}")
			golden.Check(t, filepath.Join("testdata", c.name+".golden.json"), got)
		})
	}
}

// TestUnreachableIsTyped checks what the golden file shows, field by field.
func TestUnreachableIsTyped(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if status := run(context.Background(), []string{"-addr", closedPort(t)}, &stdout, &stderr); status == 0 {
		t.Errorf("exit status 0 for an unreachable server")
	}
	var v view
	if err := json.Unmarshal(stdout.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	if v.Reason != "API_UNREACHABLE" || v.Domain != "client.errcat.dev" || v.Code != "910001" ||
		v.Message != "Could not reach the API. BE Might be dead at the moment." {
		t.Errorf("got %+v", v)
	}
	if !v.Retryable || v.RetryDelay != "5s" || len(v.Hints) == 0 {
		t.Errorf("advice: retryable %v delay %q hints %v", v.Retryable, v.RetryDelay, v.Hints)
	}
	if v.Original == nil || v.Original.GRPCCode != "UNAVAILABLE" {
		t.Errorf("original status %+v", v.Original)
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-nope"}, {"extra"}, {"-timeout", "soon"}} {
		var stdout, stderr bytes.Buffer
		if status := run(context.Background(), args, &stdout, &stderr); status != 2 {
			t.Errorf("%q: exit status %d, want 2", args, status)
		}
	}
}
