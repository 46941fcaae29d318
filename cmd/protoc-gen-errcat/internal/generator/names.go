package generator

import (
	"go/token"
	"strings"

	"github.com/errcat/errcat/internal/enumname"
)

// initialisms are the words that Go spells in one case
// (the list of golint, which gopls and staticcheck share).
var initialisms = map[string]bool{
	"ACL": true, "API": true, "ASCII": true, "CPU": true, "CSS": true, "DNS": true,
	"EOF": true, "GUID": true, "HTML": true, "HTTP": true, "HTTPS": true, "ID": true,
	"IP": true, "JSON": true, "LHS": true, "QPS": true, "RAM": true, "RHS": true,
	"RPC": true, "SLA": true, "SMTP": true, "SQL": true, "SSH": true, "TCP": true,
	"TLS": true, "TTL": true, "UDP": true, "UI": true, "UID": true, "UUID": true,
	"URI": true, "URL": true, "UTF8": true, "VM": true, "XML": true, "XMPP": true,
	"XSRF": true, "XSS": true,
}

// grpcCodeNames are the Go names of gRPC's status codes
// (google.golang.org/grpc/codes) and the google.rpc.Code spelling
// "Cancelled": an entry named like one would be read as a gRPC code.
var grpcCodeNames = map[string]bool{
	"OK": true, "Canceled": true, "Cancelled": true, "Unknown": true, "InvalidArgument": true,
	"DeadlineExceeded": true, "NotFound": true, "AlreadyExists": true, "PermissionDenied": true,
	"ResourceExhausted": true, "FailedPrecondition": true, "Aborted": true, "OutOfRange": true,
	"Unimplemented": true, "Internal": true, "Unavailable": true, "DataLoss": true,
	"Unauthenticated": true,
}

// goName returns the exported Go name of an entry: the reason in CamelCase
// with Go's initialisms kept upper-case. OBJECT_NOT_FOUND -> ObjectNotFound,
// USER_ID_REQUIRED -> UserIDRequired, API_UNREACHABLE -> APIUnreachable.
func goName(reason string) string {
	var b strings.Builder
	for _, w := range strings.Split(reason, "_") {
		if w == "" {
			continue
		}
		if initialisms[w] {
			b.WriteString(w)
			continue
		}
		b.WriteString(w[:1])
		b.WriteString(strings.ToLower(w[1:]))
	}
	return b.String()
}

// keywordParams spell the Go keywords that have a conventional short form
// as an identifier; other keywords get an "Arg" suffix.
var keywordParams = map[string]string{
	"chan": "ch", "default": "def", "func": "fn", "interface": "iface",
	"package": "pkg", "range": "rng", "type": "typ",
}

// goParam spells an argument name (lowerCamelCase) as a Go parameter:
// initialisms (the list [goName] uses) after the first word are upper-case,
// as Go code writes them ("orderId" -> "orderID", "callbackUrl" ->
// "callbackURL"); a leading initialism is lower-case ("url", "apiKey").
func goParam(name string) string {
	words := strings.Split(strings.TrimSuffix(enumname.ValuePrefix(name), "_"), "_")
	var b strings.Builder
	for i, w := range words {
		switch {
		case i == 0:
			b.WriteString(strings.ToLower(w))
		case initialisms[w]:
			b.WriteString(w)
		default:
			b.WriteString(w[:1])
			b.WriteString(strings.ToLower(w[1:]))
		}
	}
	return b.String()
}

// paramNames returns the Go parameter names of a constructor: the argument
// names in Go spelling ([goParam]), except that a Go keyword becomes its
// conventional short form ("type" -> "typ", "func" -> "fn") or takes an
// "Arg" suffix ("for" -> "forArg"), and grows "Arg" suffixes until it
// repeats no other name.
// The names are distinct.
func paramNames(args []string) []string {
	out := make([]string, len(args))
	used := map[string]bool{}
	for i, a := range args {
		out[i] = goParam(a)
		used[out[i]] = true
	}
	seen := map[string]bool{}
	for i, p := range out {
		// A keyword, or a second argument spelled the same in Go
		// ("orderId" and "orderID"), needs a name of its own.
		if token.IsKeyword(p) || seen[p] {
			if k := keywordParams[p]; k != "" && token.IsKeyword(p) {
				p = k
			} else {
				p += "Arg"
			}
			for used[p] {
				p += "Arg"
			}
			used[p] = true
		}
		seen[p] = true
		out[i] = p
	}
	return out
}
