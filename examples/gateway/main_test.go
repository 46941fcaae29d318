package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/errcat/errcat/internal/testsrv"
)

// TestRun starts the command as `go run . -grpc-addr 127.0.0.1:0
// -http-addr 127.0.0.1:0 [-direct]` would, waits for its one log line with
// both addresses, calls it over HTTP and stops it with SIGTERM.
func TestRun(t *testing.T) {
	for _, direct := range []bool{false, true} {
		args := []string{"-grpc-addr", "127.0.0.1:0", "-http-addr", "127.0.0.1:0"}
		mode := "connection"
		if direct {
			args = append(args, "-direct")
			mode = "direct"
		}
		t.Run(mode, func(t *testing.T) {
			log := &testsrv.SyncBuffer{}
			done := make(chan error, 1)
			go func() { done <- run(context.Background(), args, log) }()
			serving := regexp.MustCompile(`msg="gateway serving" grpc_addr=127\.0\.0\.1:\d+ http_addr=(127\.0\.0\.1:\d+) mode=` + mode)
			var addr string
			for deadline := time.Now().Add(10 * time.Second); addr == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
				if m := serving.FindStringSubmatch(log.String()); m != nil {
					addr = m[1]
				}
			}
			if addr == "" {
				t.Fatalf("no serving line:\n%s", log.String())
			}
			resp, err := http.Get("http://" + addr + "/v1/errors/000012?args=order&args=42")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 404 || !strings.Contains(string(body), `"reason": "OBJECT_NOT_FOUND"`) {
				t.Errorf("HTTP %d:\n%s", resp.StatusCode, body)
			}
			if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("run: %v\n%s", err, log.String())
				}
			case <-time.After(15 * time.Second):
				t.Fatalf("no stop after SIGTERM:\n%s", log.String())
			}
			if !strings.Contains(log.String(), `msg="gateway stopped"`) {
				t.Errorf("no clean stop:\n%s", log.String())
			}
			if n := strings.Count(log.String(), "gateway serving"); n != 1 {
				t.Errorf("%d serving lines", n)
			}
		})
	}
}
