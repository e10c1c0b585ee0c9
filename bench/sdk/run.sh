#!/usr/bin/env bash
# The SDK benchmark: Vigil's metrics beside prometheus-cpp, both in sdk_bench.
#
# Builds sdk_bench in BUILD_DIR (Release), runs every case REPETITIONS times
# and turns the medians into one markdown table per case (results_table.py),
# written to RESULTS and printed. Arguments are passed on to sdk_bench (for
# example --benchmark_filter=counter_inc). RESULTS= (empty) prints only.
#
# Usage: [REPETITIONS=5] [BUILD_DIR=build-bench] [RESULTS=bench/results/sdk.md] bench/sdk/run.sh [sdk_bench args]
# Needs scripts/setup to have run (libbenchmark-dev, prometheus-cpp-dev, python3).
set -euo pipefail
cd "$(dirname "$0")/../.."

repetitions=${REPETITIONS:-5} build=${BUILD_DIR:-build-bench} results=${RESULTS-bench/results/sdk.md}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "sdk/run.sh: building sdk_bench in $build" >&2
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DVIGIL_BUILD_BENCHMARKS=ON -DVIGIL_BUILD_TESTS=OFF >/dev/null
ninja -C "$build" -j2 sdk_bench >/dev/null

bench_args=(--benchmark_repetitions="$repetitions" --benchmark_report_aggregates_only=true
  --benchmark_out="$work/sdk.json" --benchmark_out_format=json "$@")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
"$build/bench/sdk_bench" "${bench_args[@]}" >&2
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo unknown; }
cpu_model=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p')
cat >"$work/header.md" <<HEADER
# C++ SDK metrics: Vigil vs prometheus-cpp

command: \`REPETITIONS=$repetitions bench/sdk/run.sh${*:+ ${*@Q}}\` (runs \`$build/bench/sdk_bench ${bench_args[*]/--benchmark_out=*/--benchmark_out=sdk.json}\`)

machine: $cpu_model, $(nproc) cores (shared: load average $load_before before the run, $load_after after).
Built Release with g++ $(g++ -dumpversion); prometheus-cpp $(version prometheus-cpp-dev), Google Benchmark $(version libbenchmark-dev); commit $(git rev-parse --short HEAD), $(date -u +%Y-%m-%d).

Figures are medians of $repetitions repetitions. The first columns, the ratio and the target check use CPU
time per operation per thread (the threads' CPU time summed over the operations of all threads): what a
call costs the calling thread, waiting on contended cache lines included, and not inflated when 8 threads
share $(nproc) cores or other sessions take the CPU. "wall per thread" is the wall time a thread spends per
operation (Google Benchmark's real time times the threads): it also counts time asleep on a lock, which
CPU time does not, and time waiting for a core. "cores busy" is CPU time over wall time, the threads
running at once on average: contention between 2 threads is only measured when it is near 2; near 1, other
work left the threads one core between them and they took turns. The ratio is prometheus-cpp's time over
Vigil's: above 1, Vigil is faster.
HEADER

if [[ -n $results ]]; then
  python3 bench/sdk/results_table.py "$work/sdk.json" "$work/header.md" >"$results"
  cat "$results"
else
  python3 bench/sdk/results_table.py "$work/sdk.json" "$work/header.md"
fi
