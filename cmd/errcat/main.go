// Command errcat helps people who meet errcat errors: it explains catalogue
// entries, decodes the grpc-status-details-bin trailer of a failed call and
// exports the options schema into a service's own proto tree.
//
//	errcat explain 000012            # an entry, by code or by reason
//	errcat explain OBJECT_NOT_FOUND
//	errcat list                      # every code of every linked catalogue
//	errcat decode CAEiEl...          # a grpc-status-details-bin value (base64)
//	pbpaste | errcat decode          # ... or read it from standard input
//	errcat proto export proto        # the options schema, into your proto tree
//
// It knows the catalogues linked into it: errcat's common (errcat.dev) and
// runtime (runtime.errcat.dev) catalogues. Exit status: 0 on success, 1 when
// explain finds no entry, 2 on a usage error or input that cannot be decoded.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	// The catalogues errcat knows: registered at init.
	_ "github.com/errcat/errcat/codes"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK       = 0
	exitNotFound = 1
	exitUsage    = 2
)

// usageError is an error the user can fix by changing the command line or
// the input; it exits with status 2.
type usageError struct{ error }

// notFoundError exits with status 1.
type notFoundError struct{ error }

const usage = `errcat explains errcat catalogue entries and decodes errcat statuses.

Usage:
  errcat explain [-domain DOMAIN] CODE|REASON...
      Print catalogue entries: message template, title, description, root
      causes, resolutions, arguments, reason and domain, gRPC code and HTTP
      status, retry advice. CODE is the numeric code ("000012", "000037[0]"),
      REASON the ErrorInfo reason ("OBJECT_NOT_FOUND", any case).
  errcat list [-domain DOMAIN]
      List the entries of the linked catalogues.
  errcat decode [VALUE]
      Decode a grpc-status-details-bin value (base64, standard or URL
      alphabet, with or without padding; a leading "grpc-status-details-bin:"
      is ignored) given as argument or on standard input, and print the
      status, every detail (as JSON; unknown types as type URL and base64)
      and the errcat view of it.
  errcat proto export DIR
      Write the .proto files a catalogue imports, errcat/v1/options.proto and
      google/rpc/code.proto, under DIR (your buf module or protoc -I root),
      each with a header naming the errcat version they come from. The files
      are embedded in the errcat Go module: no network, no errcat checkout.

Exit status: 0 on success, 1 when explain finds no entry, 2 on a usage
error or undecodable input.
`

// run is main without the process: it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (status int) {
	defer func() {
		// A bug must not look like a crash with a stack to the user, but it
		// must not pass for success either.
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "errcat: internal error: %v\n", r)
			status = 3
		}
	}()
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	var err error
	switch args[0] {
	case "explain":
		err = explain(args[1:], stdout)
	case "list":
		err = list(args[1:], stdout)
	case "decode":
		err = decode(args[1:], stdin, stdout)
	case "proto":
		err = protoCmd(args[1:], stdout)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		err = usageError{fmt.Errorf("unknown command %q (want explain, list, decode or proto; see errcat help)", args[0])}
	}
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "errcat:", err)
	var nf notFoundError
	if errors.As(err, &nf) {
		return exitNotFound
	}
	return exitUsage
}
