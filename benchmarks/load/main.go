// Command load sends a bounded load of calls over loopback to the errcat
// playground server (package examples/server/playground, started in-process
// on 127.0.0.1:0 unless -addr names a running one) and reports throughput,
// latency percentiles, misclassified errors, and goroutines and heap before
// and after.
//
//	cd benchmarks && go run ./load -n 200000 -c 64 -duration 2m
//
// The calls mix every entry of the common catalogue (Raise), server streams
// failing after 0-3 messages (RaiseStream), successes (the health service's
// Check), panics, raw errors, wrapped catalogue errors and wrapped deadlines
// (Misbehave), unknown codes and over-budget arguments. Each answer is
// checked against what its request asked for: gRPC code, ErrorInfo reason,
// domain and numeric code, arguments, a correlation id for internal errors,
// and no internal text. The exit status is 1 if any call was misclassified.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/errcat/errcat/examples/server/playground"
	"github.com/errcat/errcat/interceptors"
)

func main() {
	n := flag.Int("n", 200000, "number of calls")
	c := flag.Int("c", 64, "concurrent callers")
	duration := flag.Duration("duration", 2*time.Minute, "stop issuing calls after this long")
	addr := flag.String("addr", "", "a running playground server (default: start one in-process on 127.0.0.1:0)")
	seed := flag.Uint64("seed", 1, "seed of the call mix")
	flag.Parse()
	if err := run(os.Stdout, *n, *c, *duration, *addr, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

// snapshot is the process state at one point of the run.
type snapshot struct {
	goroutines int
	heapAlloc  uint64
	heapInuse  uint64
}

// takeSnapshot collects garbage twice first: sync.Pool caches (gRPC's
// buffers) survive one collection.
func takeSnapshot() snapshot {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return snapshot{goroutines: runtime.NumGoroutine(), heapAlloc: m.HeapAlloc, heapInuse: m.HeapInuse}
}

// run makes the calls, writes the report to w, and fails if a call was
// misclassified or the server did not log what it should have.
func run(w io.Writer, n, c int, duration time.Duration, addr string, seed uint64) error {
	start := takeSnapshot()
	logged := &countingHandler{}
	var srv *playground.Server
	if addr == "" {
		var err error
		srv, err = playground.Start("127.0.0.1:0", playground.Options{Logger: slog.New(logged)})
		if err != nil {
			return err
		}
		addr = srv.Addr()
	}
	conn, err := grpc.NewClient("passthrough:///"+addr,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithChainUnaryInterceptor(interceptors.UnaryClient()),
		grpc.WithChainStreamInterceptor(interceptors.StreamClient()),
		grpc.WithMaxHeaderListSize(8<<10),
	)
	if err != nil {
		return err
	}
	m := newMix(conn, seed)
	// Warm up: connect, and run each kind once.
	for k := range kindCount {
		if res := m.call(context.Background(), k, int(k)); res.problem != "" {
			return fmt.Errorf("warm-up %s: %s", k, res.problem)
		}
	}
	// The results are allocated before the "ready" snapshot, so that the
	// heap after the load compares with it.
	results := make([]result, n)
	ready := takeSnapshot()

	var next atomic.Int64
	ctx, cancel := context.WithTimeout(context.Background(), duration)
	defer cancel()
	var wg sync.WaitGroup
	began := time.Now()
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				callCtx, done := context.WithTimeout(context.Background(), 10*time.Second)
				results[i] = m.call(callCtx, m.pick(i), i)
				done()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(began)
	after := takeSnapshot()

	if err := conn.Close(); err != nil {
		return err
	}
	if srv != nil {
		stopCtx, done := context.WithTimeout(context.Background(), 10*time.Second)
		defer done()
		if err := srv.Stop(stopCtx); err != nil {
			return err
		}
	}
	time.Sleep(100 * time.Millisecond) // let closed connections' goroutines end
	stopped := takeSnapshot()

	var all []result
	for _, r := range results {
		if r.done {
			all = append(all, r)
		}
	}
	rep := report{n: len(all), c: c, elapsed: elapsed, results: all,
		snapshots: []namedSnapshot{{"start", start}, {"ready", ready}, {"after load", after}, {"stopped", stopped}},
		logged:    logged.count.Load(), wantLog: m.logs.Load(), inProcess: srv != nil}
	rep.print(w)
	if bad := rep.misclassified(); bad > 0 {
		return fmt.Errorf("%d calls misclassified", bad)
	}
	if rep.inProcess && rep.logged != rep.wantLog {
		return fmt.Errorf("server logged %d errors, want %d (one per panic, raw error and non-retryable 5xx entry)", rep.logged, rep.wantLog)
	}
	return nil
}

// countingHandler is the in-process server's log: it counts records.
type countingHandler struct{ count atomic.Int64 }

func (h *countingHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h *countingHandler) Handle(context.Context, slog.Record) error {
	h.count.Add(1)
	return nil
}
func (h *countingHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *countingHandler) WithGroup(string) slog.Handler      { return h }

// percentile returns the p-th percentile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p / 100 * float64(len(sorted)-1))
	return sorted[i]
}

func sortDurations(d []time.Duration) {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
}
