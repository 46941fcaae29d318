package main

import (
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	rpccode "google.golang.org/genproto/googleapis/rpc/code"
)

// list prints one line per entry of the linked catalogues.
func list(args []string, w io.Writer) error {
	fs := flag.NewFlagSet("list", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	domain := fs.String("domain", "", "only list the catalogue of this ErrorInfo domain")
	if err := fs.Parse(args); err != nil {
		return usageError{fmt.Errorf("list: %w", err)}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("list: unexpected arguments %q", fs.Args())}
	}
	cats, err := catalogs(*domain)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for i, c := range cats {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		fmt.Fprintf(tw, "# %s (%s): %d entries\n", c.Title(), c.Domain(), len(c.Entries()))
		fmt.Fprintln(tw, "CODE\tREASON\tgRPC\tHTTP\tTITLE")
		for _, e := range c.Entries() {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", e.Code(), e.Reason(), rpccode.Code(e.GRPCCode()), e.HTTPStatus(), e.Title(placeholders(e)...))
		}
	}
	return tw.Flush()
}
