package main

import (
	"math"
	"strings"
	"testing"
)

const sample = `goos: linux
pkg: github.com/errcat/errcat/benchmarks
BenchmarkEncode/handwritten-2   100   1000 ns/op   2000 B/op   40 allocs/op
BenchmarkEncode/errcat-2        100    600 ns/op   1500 B/op   24 allocs/op
BenchmarkEncode/handwritten-2   100   1200 ns/op   2000 B/op   40 allocs/op
BenchmarkEncode/errcat-2        100    900 ns/op   1500 B/op   24 allocs/op
BenchmarkEncode/errcat-2        100    700 ns/op   1500 B/op   24 allocs/op
BenchmarkIs/errcat-2            100     30 ns/op      0 B/op    0 allocs/op
BenchmarkWireSize-2             1      1 ns/op    364.0 typical-details-B    1237 largest-trailer-B
`

func TestTargets(t *testing.T) {
	s := samples{}
	if err := s.read(strings.NewReader(sample), "sample"); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.median("Encode/errcat", "sec/op"); math.Abs(m-700e-9) > 1e-15 {
		t.Errorf("median of 600, 900, 700 ns = %v s", m)
	}
	if m, _ := s.median("Encode/handwritten", "sec/op"); math.Abs(m-1100e-9) > 1e-15 {
		t.Errorf("median of 1000, 1200 ns = %v s", m)
	}
	tests := []struct {
		t    target
		want result
	}{
		{ratio("Encode/errcat", "Encode/handwritten", "sec/op", 0.70), pass}, // 700/1100
		{ratio("Encode/errcat", "Encode/handwritten", "sec/op", 0.50), miss},
		{allocs("Encode/errcat", "Encode/handwritten", true), pass},
		{allocs("Encode/errcat", "Encode/handwritten", false), miss},
		{most("Is/errcat", "sec/op", 25e-9, 1e9, "ns/op"), miss},
		{most("Is/errcat", "allocs/op", 0, 1, "allocs/op"), pass},
		{most("WireSize", "typical-details-B", 400, 1, "B"), pass},
		{most("WireSize", "largest-trailer-B", 1000, 1, "B"), miss},
		{ratio("Decode/errcat", "Decode/gax", "sec/op", 0.5), skip},
		{most("WireSize", "oversized-trailer-B", 8192, 1, "B"), skip},
	}
	for i, tt := range tests {
		line, got := tt.t(s)
		if got != tt.want {
			t.Errorf("target %d: %s %s, want %s", i, got, line, tt.want)
		}
	}
}
