package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

type namedSnapshot struct {
	name string
	snapshot
}

// report is what a run measured.
type report struct {
	n, c      int
	elapsed   time.Duration
	results   []result
	snapshots []namedSnapshot
	logged    int64 // internal errors the server logged
	wantLog   int64 // and how many it should have
	inProcess bool
}

func (r *report) misclassified() int {
	bad := 0
	for _, res := range r.results {
		if res.problem != "" {
			bad++
		}
	}
	return bad
}

func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "calls %d, concurrency %d, %.2f s: %.0f calls/s\n\n", r.n, r.c, r.elapsed.Seconds(), float64(r.n)/r.elapsed.Seconds())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "kind\tcalls\tp50\tp90\tp99\tmax\tmisclassified\t")
	var all []time.Duration
	for k := range kindCount {
		var lat []time.Duration
		bad := 0
		for _, res := range r.results {
			if res.kind == kind(k) {
				lat = append(lat, res.latency)
				if res.problem != "" {
					bad++
				}
			}
		}
		all = append(all, lat...)
		sortDurations(lat)
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%d\t\n", kind(k), len(lat), ms(percentile(lat, 50)), ms(percentile(lat, 90)),
			ms(percentile(lat, 99)), ms(percentile(lat, 100)), bad)
	}
	sortDurations(all)
	fmt.Fprintf(tw, "all\t%d\t%s\t%s\t%s\t%s\t%d\t\n", len(all), ms(percentile(all, 50)), ms(percentile(all, 90)),
		ms(percentile(all, 99)), ms(percentile(all, 100)), r.misclassified())
	tw.Flush()

	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "process\tgoroutines\theap alloc\theap in use\t")
	for _, s := range r.snapshots {
		fmt.Fprintf(tw, "%s\t%d\t%.1f MiB\t%.1f MiB\t\n", s.name, s.goroutines, mib(s.heapAlloc), mib(s.heapInuse))
	}
	tw.Flush()
	if r.inProcess {
		fmt.Fprintf(w, "\nerrors logged by the server: %d (want %d: panics, raw errors, non-retryable 5xx entries)\n", r.logged, r.wantLog)
	}
	shown := 0
	for _, res := range r.results {
		if res.problem != "" && shown < 10 {
			fmt.Fprintf(w, "misclassified %s: %s\n", res.kind, res.problem)
			shown++
		}
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

func mib(b uint64) float64 { return float64(b) / (1 << 20) }
