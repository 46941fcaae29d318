// Command quickstart shows, in one run, what errcat gives a gRPC service and
// its clients. It starts the errcat playground server (package
// examples/server/playground) in-process on 127.0.0.1, calls it through the
// errcat client interceptors and prints what comes back:
//
//   - catalogue errors decoded into typed Go errors: code, reason, args,
//     message, the message localized by the server, the resolution steps and
//     the retry advice;
//   - errors.Is / errors.As checks against the generated catalogue entries;
//   - a handler that wraps a catalogue error: the client sees the entry only;
//   - an internal error: the client gets a correlation id, the cause stays in
//     the server's log.
//
// Run it with
//
//	go run ./examples/quickstart
//
// It needs no network beyond 127.0.0.1 and exits 0 when every step behaved
// as described.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/codes"
	"github.com/errcat/errcat/examples/server/playground"
	playgroundv1 "github.com/errcat/errcat/gen/errcat/playground/v1"
	"github.com/errcat/errcat/interceptors"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run starts the playground, walks through the demo, writes it to w and
// stops the server. It fails if anything did not behave as printed.
func run(w io.Writer) (err error) {
	// The server: the playground behind the errcat server interceptors.
	// Its log goes to a buffer so that the demo can show the line an
	// internal error left there.
	serverLog := &logBuffer{}
	srv, err := playground.Start("127.0.0.1:0", playground.Options{
		Logger: slog.New(slog.NewTextHandler(serverLog, &slog.HandlerOptions{ReplaceAttr: dropTime})),
	})
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if serr := srv.Stop(ctx); err == nil {
			err = serr
		}
	}()

	// The client: the errcat client interceptors turn every error carrying
	// a google.rpc.ErrorInfo into an *errcat.Error.
	conn, err := grpc.NewClient(srv.Addr(), append(interceptors.ChainClient(interceptors.NewClient()),
		grpc.WithTransportCredentials(insecure.NewCredentials()))...)
	if err != nil {
		return err
	}
	defer conn.Close()
	client := playgroundv1.NewPlaygroundServiceClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	p := &printer{w: w}
	p.line("errcat quickstart")
	p.line("=================")
	p.line("A playground server with the errcat server interceptors listens on %s.", srv.Addr())
	p.line("This program calls it through the errcat client interceptors and prints")
	p.line("what a client gets: typed errors instead of strings.")

	// 1 and 2: catalogue errors, in the caller's language when asked.
	p.section("1. A catalogue error, decoded into a typed Go error")
	german := metadata.AppendToOutgoingContext(ctx, "accept-language", "de")
	_, err1 := client.Raise(german, &playgroundv1.RaiseRequest{Code: proto.String("000012"), Args: []string{"order", "42"}})
	p.line("call         Raise(code \"000012\", args [\"order\" \"42\"]), accept-language: de")
	if err := p.explain(err1); err != nil {
		return err
	}

	p.section("2. A transient error: the client is told when to retry")
	_, err2 := client.Raise(ctx, &playgroundv1.RaiseRequest{Code: proto.String("000013")})
	p.line("call         Raise(code \"000013\")")
	if err := p.explain(err2); err != nil {
		return err
	}

	// 3: branching on codes.
	p.section("3. Branch on catalogue entries, not on strings")
	var e *errcat.Error
	checks := []struct {
		expr string
		got  bool
		want bool
	}{
		{"errors.Is(err1, codes.ObjectNotFound)", errors.Is(err1, codes.ObjectNotFound), true},
		{"errors.Is(err1, codes.ResourceNotFound)", errors.Is(err1, codes.ResourceNotFound), false},
		{"errors.Is(err2, codes.TooManyRequests)", errors.Is(err2, codes.TooManyRequests), true},
		{"errors.As(err1, &e)", errors.As(err1, &e), true},
	}
	for _, c := range checks {
		p.line("%-40s = %v", c.expr, c.got)
		if c.got != c.want {
			return fmt.Errorf("%s = %v, want %v", c.expr, c.got, c.want)
		}
	}
	p.line("%-40s = %q", `e.Arg("id")`, e.Arg("id"))

	// 4: a handler that wraps a catalogue error with context of its own.
	p.section("4. A handler wraps a catalogue error: the client sees the entry only")
	_, err4 := client.Misbehave(ctx, &playgroundv1.MisbehaveRequest{Mode: proto.String(playground.ModeWrapped)})
	p.line("call         Misbehave(mode %q): the handler returns", playground.ModeWrapped)
	p.line("             fmt.Errorf(\"loading order 42 from shard 7 (%s): %%w\", codes.NewObjectNotFound(\"order\", \"42\"))", playground.Secret)
	p.line("client gets  %v", err4)
	p.line("errors.Is(err, codes.ObjectNotFound) = %v", errors.Is(err4, codes.ObjectNotFound))
	if !errors.Is(err4, codes.ObjectNotFound) {
		return fmt.Errorf("wrapped: got %v", err4)
	}
	if err := noSecret(err4); err != nil {
		return err
	}

	// 5: a bug on the server.
	p.section("5. A bug on the server: the cause stays in the server's log")
	_, err5 := client.Misbehave(ctx, &playgroundv1.MisbehaveRequest{Mode: proto.String(playground.ModeRawError)})
	p.line("call         Misbehave(mode %q): the handler returns a plain Go error", playground.ModeRawError)
	p.line("client gets  %v", err5)
	e5, ok := errcat.FromError(err5)
	if !ok || !errors.Is(err5, codes.InternalServerError) {
		return fmt.Errorf("raw_error: got %v", err5)
	}
	id := e5.Details().RequestInfo.GetRequestId()
	p.line("request id   %s   (google.rpc.RequestInfo: quote it to the operator)", id)
	if err := noSecret(err5); err != nil {
		return err
	}
	p.line("%q in what the client received: no", playground.Secret)
	line := serverLog.find("request_id=" + id)
	if id == "" || line == "" || !strings.Contains(line, playground.Secret) {
		return fmt.Errorf("no server log line with request id %q and the cause:\n%s", id, serverLog.String())
	}
	p.line("server log   the same id, with the real cause:")
	for _, part := range splitLog(line) {
		p.line("               %s", part)
	}

	p.section("Next")
	p.line("go run ./cmd/errcat explain 000012      the catalogue entry, in the terminal")
	p.line("go run ./examples/server                the playground, for clients in any language")
	p.line("docs/errcat.common.v1.CommonError.md    the reference of every code")
	return p.err
}

// explain prints everything a client can read from a catalogue error.
func (p *printer) explain(err error) error {
	e, ok := errcat.FromError(err)
	if !ok {
		return fmt.Errorf("not an errcat error: %v", err)
	}
	d := e.Details()
	p.line("error        %v", e)
	p.line("gRPC code    %v (HTTP %d at a gateway)", e.GRPCCode(), e.Entry().HTTPStatus())
	p.line("code         %s", e.Code())
	p.line("reason       %s in domain %s", e.Reason(), e.Domain())
	names := e.Entry().ArgNames()
	if len(names) == 0 {
		p.line("args         (none)")
	}
	for i, v := range e.Args() {
		label := "args"
		if i > 0 {
			label = ""
		}
		p.line("%-12s %s = %q", label, names[i], v)
	}
	p.line("message      %s", e.Message())
	if lm := d.LocalizedMessage; lm != nil {
		p.line("localized    [%s] %s", lm.GetLocale(), lm.GetMessage())
	}
	p.line("title        %s", e.Entry().Title(e.Args()...))
	links := d.Help.GetLinks()
	for i, l := range links {
		label := "how to fix"
		if i > 0 {
			label = ""
		}
		p.line("%-12s %d. %s", label, i+1, l.GetDescription())
	}
	if len(links) > 0 {
		p.line("%-12s    see %s", "", links[0].GetUrl())
	}
	if e.Retryable() {
		p.line("retry        yes, after %v (google.rpc.RetryInfo)", e.RetryDelay())
	} else {
		p.line("retry        no: the same call would fail again")
	}
	return nil
}

// noSecret fails if the playground's secret marker is anywhere in what the
// client received: the error text or the status with all its details.
func noSecret(err error) error {
	e, _ := errcat.FromError(err)
	text := err.Error()
	if e != nil {
		text += prototext.Format(e.GRPCStatus().Proto())
	}
	if strings.Contains(text, playground.Secret) {
		return fmt.Errorf("the secret reached the client: %s", text)
	}
	return nil
}

// printer writes the demo, indenting the lines of a section; the first
// write error sticks.
type printer struct {
	w      io.Writer
	indent string
	err    error
}

func (p *printer) line(format string, args ...any) {
	text := strings.TrimRight(p.indent+fmt.Sprintf(format, args...), " ")
	if p.err == nil {
		_, p.err = fmt.Fprintln(p.w, text)
	}
}

func (p *printer) section(title string) {
	p.indent = ""
	p.line("")
	p.line("%s", title)
	p.indent = "  "
}

// logBuffer collects the server's log lines.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// find returns the first log line containing s, or "".
func (l *logBuffer) find(s string) string {
	for _, line := range strings.Split(l.String(), "\n") {
		if strings.Contains(line, s) {
			return line
		}
	}
	return ""
}

// splitLog cuts a logfmt line before each key, for display.
func splitLog(line string) []string {
	var parts []string
	for _, key := range []string{" request_id=", " grpc.method=", " reason=", " code=", " error="} {
		if i := strings.Index(line, key); i > 0 {
			parts = append(parts, line[:i])
			line = line[i+1:]
		}
	}
	return append(parts, line)
}

func dropTime(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}
