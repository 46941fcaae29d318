// Command client calls the errcat playground through the errcat client
// interceptors and prints the error it gets as JSON: what a client program
// sees of an error, whether a server sent it or the client classified it.
//
//	go run ./examples/server &
//	go run ./examples/client -code 000012 -args order,7 -lang de
//	go run ./examples/client -addr 127.0.0.1:1   # nothing listens: API_UNREACHABLE
//
// Flags:
//
//	-addr     the playground's address (default 127.0.0.1:50051)
//	-code     the common catalogue code the playground raises (default 000012)
//	-args     the arguments, comma separated
//	-lang     the language to ask for (accept-language), such as "de" or "vi"
//	-stream   call RaiseStream instead of Raise
//	-request-id  a request id to send (x-request-id); the server quotes it
//	-timeout  the call's deadline (default 10s)
//
// The JSON object has the fields reason, domain, code, grpcCode ("NOT_FOUND"),
// args (by name), message (English), locale and localizedMessage (sent by
// the server, or rendered on the client from errcat's built-in
// translations; en-US when there is no translation), retryable,
// retryDelay, hints (the resolution steps with their documentation links),
// requestId if the server sent one, and, for an error classified on the
// client, original: the status as grpc-go reported it.
//
// The exit status is 0 when the server answered (the playground always
// answers with the error asked for), 1 when the call failed without an
// answer from an errcat server (the error was classified on the client:
// unreachable server, timeout...), 2 for bad flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"

	"github.com/errcat/errcat"
	playgroundv1 "github.com/errcat/errcat/gen/errcat/playground/v1"
	"github.com/errcat/errcat/interceptors"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// config is what the flags say.
type config struct {
	addr, code, lang string
	requestID        string
	args             []string
	stream           bool
	timeout          time.Duration
}

// parseFlags parses argv; it reports errors on stderr itself.
func parseFlags(argv []string, stderr io.Writer) (config, error) {
	var c config
	var args string
	fs := flag.NewFlagSet("client", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:50051", "the playground's address")
	fs.StringVar(&c.code, "code", "000012", "the common catalogue code to raise")
	fs.StringVar(&args, "args", "", "the arguments, comma separated")
	fs.StringVar(&c.lang, "lang", "", "the language to ask for (accept-language)")
	fs.StringVar(&c.requestID, "request-id", "", "a request id to send (x-request-id)")
	fs.BoolVar(&c.stream, "stream", false, "call RaiseStream instead of Raise")
	fs.DurationVar(&c.timeout, "timeout", 10*time.Second, "the call's deadline")
	if err := fs.Parse(argv); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		err := fmt.Errorf("unexpected arguments %q", fs.Args())
		fmt.Fprintln(stderr, "client:", err)
		return c, err
	}
	if args != "" {
		c.args = strings.Split(args, ",")
	}
	return c, nil
}

// run is the command: it returns the exit status.
func run(ctx context.Context, argv []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(argv, stderr)
	if err != nil {
		return 2
	}
	conn, err := grpc.NewClient(c.addr, append(interceptors.ChainClient(interceptors.NewClient()),
		grpc.WithTransportCredentials(insecure.NewCredentials()))...)
	if err != nil {
		fmt.Fprintln(stderr, "client:", err)
		return 2
	}
	defer conn.Close()

	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	if c.lang != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, "accept-language", c.lang)
	}
	if c.requestID != "" {
		ctx = metadata.AppendToOutgoingContext(ctx, "x-request-id", c.requestID)
	}
	err = call(ctx, playgroundv1.NewPlaygroundServiceClient(conn), c)
	if err == nil {
		fmt.Fprintln(stdout, "{}") // the playground never succeeds, but a server might
		return 0
	}
	e, ok := errcat.AsError(err)
	if !ok { // the client interceptors type every error; this is a bug
		fmt.Fprintln(stderr, "client: untyped error:", err)
		return 1
	}
	if err := writeJSON(stdout, describe(e, c.lang)); err != nil {
		fmt.Fprintln(stderr, "client:", err)
		return 1
	}
	if errors.Unwrap(e) != nil { // classified on the client: no answer from an errcat server
		return 1
	}
	return 0
}

// call raises the error, with Raise or RaiseStream.
func call(ctx context.Context, client playgroundv1.PlaygroundServiceClient, c config) error {
	if !c.stream {
		_, err := client.Raise(ctx, &playgroundv1.RaiseRequest{Code: proto.String(c.code), Args: c.args})
		return err
	}
	stream, err := client.RaiseStream(ctx, &playgroundv1.RaiseStreamRequest{Code: proto.String(c.code), Args: c.args})
	if err != nil {
		return err
	}
	for {
		if _, err := stream.Recv(); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}
