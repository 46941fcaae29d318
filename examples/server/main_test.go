package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"

	"github.com/errcat/errcat"
	playgroundv1 "github.com/errcat/errcat/gen/errcat/playground/v1"
)

// TestRun serves on a free port, answers a call localized to the
// -lang-default locale, and stops cleanly when its context ends (as on
// SIGINT/SIGTERM).
func TestRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-lang-default", "vi", "-grace", "2s"}, pw)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var addr string
	var logged strings.Builder
	for addr == "" && lines.Scan() {
		logged.WriteString(lines.Text() + "\n")
		if m := regexp.MustCompile(`addr=(\S+)`).FindStringSubmatch(lines.Text()); m != nil {
			addr = m[1]
		}
	}
	if addr == "" {
		t.Fatalf("no address logged:\n%s", logged.String())
	}
	go func() { // keep draining the log
		for lines.Scan() {
			logged.WriteString(lines.Text() + "\n")
		}
	}()

	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	hc, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
	if err != nil || hc.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("health: %v %v", hc, err)
	}
	for _, tt := range []struct{ accept, locale string }{{"", "vi"}, {"de", "de"}, {"fr", "vi"}} {
		cctx := ctx
		if tt.accept != "" {
			cctx = metadata.AppendToOutgoingContext(ctx, "accept-language", tt.accept)
		}
		_, err = playgroundv1.NewPlaygroundServiceClient(conn).Raise(cctx, &playgroundv1.RaiseRequest{Code: proto.String("000012"), Args: []string{"order", "42"}})
		e, ok := errcat.FromError(err)
		if !ok || e.Code() != "000012" {
			t.Fatalf("Raise: %v", err)
		}
		if lm := e.Details().LocalizedMessage; lm.GetLocale() != tt.locale {
			t.Errorf("accept-language %q: LocalizedMessage %v, want locale %s", tt.accept, lm, tt.locale)
		}
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop")
	}
}

func TestRunBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-lang-default", "not a tag!"},
		{"-addr", "127.0.0.1:notaport"},
		{"-nosuchflag"},
		{"extra"},
	} {
		if err := run(context.Background(), args, io.Discard); err == nil || errors.Is(err, flag.ErrHelp) {
			t.Errorf("run(%q) = %v, want an error", args, err)
		}
	}
}
