// Command targets checks errcat's performance targets against the output of
// the benchmarks in this module (medians of every run, as benchstat
// computes them):
//
//	go test -run '^$' -bench . -benchmem -count=10 > results.txt
//	go run ./cmd/targets results.txt
//
// It prints one line per target with the measured ratio or figure and
// PASS, MISS, or SKIP (benchmarks not run); with -strict it exits with
// status 1 if a target is missed.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"

	"golang.org/x/perf/benchfmt"
)

func main() {
	strict := flag.Bool("strict", false, "exit with status 1 if a target is missed")
	markdown := flag.Bool("markdown", false, "also print the results as Markdown tables of ratios (for README.md)")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: targets [-strict] [-markdown] [bench-output-file ...]")
		flag.PrintDefaults()
	}
	flag.Parse()
	s := samples{}
	if flag.NArg() == 0 {
		if err := s.read(os.Stdin, "stdin"); err != nil {
			fatal(err)
		}
	}
	for _, name := range flag.Args() {
		f, err := os.Open(name)
		if err != nil {
			fatal(err)
		}
		err = s.read(f, name)
		f.Close()
		if err != nil {
			fatal(err)
		}
	}
	if *markdown {
		s.markdown(os.Stdout)
	}
	missed := 0
	for _, t := range targets {
		line, res := t(s)
		if res == miss {
			missed++
		}
		fmt.Printf("%s  %s\n", res, line)
	}
	if missed > 0 && *strict {
		os.Exit(1)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "targets:", err)
	os.Exit(2)
}

// samples holds every value read, by benchmark name (without the
// GOMAXPROCS suffix) and unit.
type samples map[string]map[string][]float64

func (s samples) read(r io.Reader, name string) error {
	br := benchfmt.NewReader(r, name)
	for br.Scan() {
		res, ok := br.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		base, parts := res.Name.Parts()
		full := string(base)
		for _, p := range parts {
			if !bytes.HasPrefix(p, []byte("-")) {
				full += string(p)
			}
		}
		if s[full] == nil {
			s[full] = map[string][]float64{}
		}
		for _, v := range res.Values {
			s[full][v.Unit] = append(s[full][v.Unit], v.Value)
		}
	}
	return br.Err()
}

// median returns the median of a benchmark's values in unit (sec/op,
// B/op, allocs/op or a custom unit), and whether there were any.
func (s samples) median(bench, unit string) (float64, bool) {
	vs := append([]float64(nil), s[bench][unit]...)
	if len(vs) == 0 {
		return 0, false
	}
	sort.Float64s(vs)
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2], true
	}
	return (vs[n/2-1] + vs[n/2]) / 2, true
}

// result is the outcome of a target: PASS, MISS, or SKIP when the
// benchmarks it needs were not run.
type result string

const (
	pass result = "PASS"
	miss result = "MISS"
	skip result = "SKIP"
)

func check(ok bool) result {
	if ok {
		return pass
	}
	return miss
}

type target func(s samples) (string, result)

// ratio checks median(a)/median(b) <= limit.
func ratio(a, b, unit string, limit float64) target {
	return func(s samples) (string, result) {
		x, ok1 := s.median(a, unit)
		y, ok2 := s.median(b, unit)
		if !ok1 || !ok2 || y == 0 {
			return fmt.Sprintf("%s / %s %s: no results", a, b, unit), skip
		}
		r := x / y
		return fmt.Sprintf("%s / %s %s = %.2fx (target <= %.2fx)", a, b, unit, r, limit), check(r <= limit)
	}
}

// allocs compares median allocs/op: equal (strict=false) or fewer.
func allocs(a, b string, fewer bool) target {
	return func(s samples) (string, result) {
		x, ok1 := s.median(a, "allocs/op")
		y, ok2 := s.median(b, "allocs/op")
		if !ok1 || !ok2 {
			return fmt.Sprintf("%s vs %s allocs/op: no results", a, b), skip
		}
		if fewer {
			return fmt.Sprintf("%s allocs/op = %.0f vs %s %.0f (target: fewer)", a, x, b, y), check(x < y)
		}
		return fmt.Sprintf("%s allocs/op = %.0f vs %s %.0f (target: equal)", a, x, b, y), check(x == y)
	}
}

// most checks median(bench, unit) <= limit; scale converts to the printed unit.
func most(bench, unit string, limit, scale float64, printed string) target {
	return func(s samples) (string, result) {
		x, ok := s.median(bench, unit)
		if !ok {
			return fmt.Sprintf("%s %s: no results", bench, unit), skip
		}
		return fmt.Sprintf("%s = %.4g %s (target <= %.4g)", bench, x*scale, printed, limit*scale), check(x <= limit)
	}
}

// groups lists each benchmark's contenders, the base (1.00x) first.
var groups = []struct {
	name       string
	contenders []string
	absolute   bool // print the median time itself (for Is)
}{
	{"SuccessPath", []string{"none", "errcat", "noop"}, false},
	{"Encode", []string{"handwritten", "errcat", "kratos", "temporal"}, false},
	{"Decode", []string{"gax", "handwritten", "errcat", "kratos", "temporal"}, false},
	{"Is", []string{"errcat", "kratos"}, true},
	{"RoundTrip", []string{"plain", "errcat", "handwritten"}, false},
}

// markdown prints one table per benchmark: each contender's median time as
// a ratio to the base's, and its allocations and bytes per operation.
func (s samples) markdown(w io.Writer) {
	for _, g := range groups {
		base, ok := s.median(g.name+"/"+g.contenders[0], "sec/op")
		if !ok {
			continue
		}
		fmt.Fprintf(w, "\n%s | time | allocs/op | B/op\n--- | ---: | ---: | ---:\n", g.name)
		for _, c := range g.contenders {
			name := g.name + "/" + c
			t, ok := s.median(name, "sec/op")
			if !ok {
				continue
			}
			a, _ := s.median(name, "allocs/op")
			b, _ := s.median(name, "B/op")
			cell := fmt.Sprintf("%.2fx", t/base)
			if g.absolute {
				cell = fmt.Sprintf("%.1f ns", t*1e9)
			}
			fmt.Fprintf(w, "%s | %s | %.0f | %.0f\n", c, cell, a, b)
		}
	}
	if _, ok := s["WireSize"]; ok {
		fmt.Fprintf(w, "\nWireSize | bytes\n--- | ---:\n")
		for _, u := range []string{"typical-details-B", "typical-trailer-B", "typical-reqid-details-B", "typical-reqid-trailer-B",
			"largest-details-B", "largest-trailer-B", "oversized-trailer-B"} {
			if v, ok := s.median("WireSize", u); ok {
				fmt.Fprintf(w, "%s | %.0f\n", u, v)
			}
		}
	}
	fmt.Fprintln(w)
}

// targets are the issue's, in its order.
var targets = []target{
	allocs("SuccessPath/errcat", "SuccessPath/none", false),
	ratio("SuccessPath/errcat", "SuccessPath/none", "sec/op", 1.05),
	ratio("Encode/errcat", "Encode/handwritten", "sec/op", 0.70),
	allocs("Encode/errcat", "Encode/handwritten", true),
	ratio("Decode/errcat", "Decode/gax", "sec/op", 0.50),
	most("Is/errcat", "sec/op", 25e-9, 1e9, "ns/op"),
	most("Is/errcat", "allocs/op", 0, 1, "allocs/op"),
	ratio("RoundTrip/errcat", "RoundTrip/plain", "sec/op", 1.10),
	most("WireSize", "typical-details-B", 400, 1, "B (grpc-status-details-bin, typical entry)"),
	most("WireSize", "typical-reqid-details-B", 400, 1, "B (grpc-status-details-bin, typical entry, with a 36-byte request id)"),
	most("WireSize", "largest-trailer-B", 8<<10, 1, "B (trailer block, largest entry)"),
	most("WireSize", "oversized-trailer-B", 8<<10, 1, "B (trailer block, largest entry, 64 KiB args)"),
}
