package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	rpccode "google.golang.org/genproto/googleapis/rpc/code"

	"github.com/errcat/errcat"
)

// explain prints the entries named by code or reason.
func explain(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	domain := fs.String("domain", "", "only look in the catalogue of this ErrorInfo domain")
	if err := fs.Parse(args); err != nil {
		return usageError{fmt.Errorf("explain: %w", err)}
	}
	if fs.NArg() == 0 {
		return usageError{fmt.Errorf("explain: which entry? give a code (000012) or a reason (OBJECT_NOT_FOUND)")}
	}
	cats, err := catalogs(*domain)
	if err != nil {
		return err
	}
	for i, q := range fs.Args() {
		found := find(cats, q)
		if len(found) == 0 {
			return notFoundError{fmt.Errorf("no entry has the code or reason %q in %s; see errcat list", q, describe(cats))}
		}
		for j, e := range found {
			if i+j > 0 {
				fmt.Fprintln(w)
			}
			printEntry(w, e)
		}
	}
	return nil
}

// catalogs returns the registered catalogues, or the one of domain.
func catalogs(domain string) ([]*errcat.Catalog, error) {
	if domain == "" {
		return errcat.Catalogs(), nil
	}
	c := errcat.LookupCatalog(domain)
	if c == nil {
		var known []string
		for _, c := range errcat.Catalogs() {
			known = append(known, c.Domain())
		}
		return nil, usageError{fmt.Errorf("no catalogue has the domain %q (known: %s)", domain, strings.Join(known, ", "))}
	}
	return []*errcat.Catalog{c}, nil
}

func describe(cats []*errcat.Catalog) string {
	var names []string
	for _, c := range cats {
		names = append(names, c.Domain())
	}
	return strings.Join(names, ", ")
}

// find returns the entries whose code is q, or whose reason is q in any
// case, in catalogue order.
func find(cats []*errcat.Catalog, q string) []*errcat.Entry {
	q = strings.TrimSpace(q)
	var found []*errcat.Entry
	for _, c := range cats {
		if e := c.ByCode(q); e != nil {
			found = append(found, e)
		} else if e := c.ByReason(strings.ToUpper(q)); e != nil {
			found = append(found, e)
		}
	}
	return found
}

// placeholders returns "{name}" for each argument, so that rendering a
// template with them shows it with named placeholders.
func placeholders(e *errcat.Entry) []string {
	var p []string
	for _, n := range e.ArgNames() {
		p = append(p, "{"+n+"}")
	}
	return p
}

// printEntry writes everything the catalogue says about e.
func printEntry(w io.Writer, e *errcat.Entry) {
	ph := placeholders(e)
	fmt.Fprintf(w, "%s %s — %s\n", e.Code(), e.Reason(), e.Title(ph...))
	field := func(name, value string) { fmt.Fprintf(w, "  %-12s %s\n", name, value) }
	field("message", e.Message(ph...))
	field("template", e.MessageTemplate())
	field("reason", e.Reason())
	field("domain", e.Domain()+"  ("+e.Catalog().Name()+")")
	field("gRPC", fmt.Sprintf("%s (%d)", rpccode.Code(e.GRPCCode()), uint32(e.GRPCCode())))
	field("HTTP", fmt.Sprint(e.HTTPStatus()))
	if e.Retryable() {
		field("retry", "yes, after "+e.RetryDelay().String()+" (sent as google.rpc.RetryInfo)")
	} else {
		field("retry", "no: the same call fails again until the cause is fixed")
	}
	if u := e.DocURL(); u != "" {
		field("docs", u)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "  Description")
	fmt.Fprintf(w, "    %s\n", e.Description())
	if args := e.ArgSpecs(); len(args) > 0 {
		fmt.Fprintln(w, "  Arguments (ErrorInfo metadata)")
		for i, a := range args {
			fmt.Fprintf(w, "    {%d} %s: %s", i, a.Name, a.Description)
			if a.Example != "" {
				fmt.Fprintf(w, " Example: %q.", a.Example)
			}
			fmt.Fprintln(w)
		}
	}
	if rc := e.RootCauses(ph...); len(rc) > 0 {
		fmt.Fprintln(w, "  Root causes")
		for _, r := range rc {
			fmt.Fprintf(w, "    - %s\n", r)
		}
	}
	if res := e.Resolutions(ph...); len(res) > 0 {
		fmt.Fprintln(w, "  Resolutions (sent as google.rpc.Help links)")
		for i, r := range res {
			fmt.Fprintf(w, "    %d. %s\n", i+1, r)
		}
	}
	var ex []string
	for _, a := range e.ArgSpecs() {
		ex = append(ex, a.Example)
	}
	fmt.Fprintln(w, "  Example")
	fmt.Fprintf(w, "    %s\n", e.New(ex...).Error())
}
