#!/usr/bin/env bash
# Runs every benchmark COUNT times (default 10), keeps the raw output in
# results/latest.txt (or the file given as $1), prints benchstat's
# comparison tables (each contender against the baseline of its target)
# and checks the targets (cmd/targets).
set -euo pipefail
cd "$(dirname "$0")"
out=${1:-results/latest.txt}
count=${COUNT:-10}
mkdir -p "$(dirname "$out")"

# The test binary is built once and run COUNT times, each run measuring
# every benchmark once: contenders compared in a table then see the same
# machine load (go test -count=N would run each benchmark N times in a row).
tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT
go test -c -o "$tmpdir/bench.test" .
: >"$out"
for _ in $(seq "$count"); do
  "$tmpdir/bench.test" -test.run '^$' -test.bench "${BENCH:-.}" -test.benchmem | tee -a "$out"
done

# benchstat compares columns by a sub-benchmark key: rename the contenders
# from "Encode/errcat" to "Encode/impl=errcat" in a copy.
tmp=$tmpdir/renamed.txt
sed -E 's#^(Benchmark[A-Za-z]+)/([a-z]+)#\1/impl=\2#' "$out" >"$tmp"

table() { # name, column order (the first is the base)
  printf '\n## %s\n' "$1"
  go tool benchstat -filter ".name:$1" -row .name -col "/impl@($2)" "$tmp" | sed -n '/│/,$p'
}
table SuccessPath "none errcat noop"
table Encode "handwritten errcat kratos temporal"
table Decode "gax handwritten errcat kratos temporal"
table Is "errcat kratos"
table RoundTrip "plain errcat handwritten"

printf '\n## Markdown tables (ratios of medians, for README.md)\n'
go run ./cmd/targets -markdown "$out" | grep -Ev '^(PASS|MISS|SKIP)  '

printf '\n## Targets\n'
go run ./cmd/targets "$out"
