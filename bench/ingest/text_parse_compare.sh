#!/usr/bin/env bash
# Text-format parsing: Vigil's parser beside Prometheus's Go text parser, on
# the same bytes.
#
# The Go side is expfmt.TextParser of prometheus/common (Debian's
# golang-github-prometheus-common-dev), built offline from /usr/share/gocode:
# Prometheus server's scrape parser (model/textparse) is not packaged in
# Debian. expfmt builds protobuf messages per family, so it is slower than
# textparse; the table says which parser each row is.
#
# Inputs: a generated scrape body (bench/ingest/scrape_body.py: node exporter,
# cAdvisor, application histograms; a few MB) and, when
# prometheus-node-exporter is installed, one real scrape of it. Each program
# parses the file in memory over and over, RUNS runs of at least MIN_TIME_MS
# each, and prints its medians (bench/ingest/text_parse_file.cc and
# bench/ingest/go_text_parse/main.go); the two are run alternately ROUNDS
# times, so that load from elsewhere falls on both, and the table shows the
# median over the rounds. Go runs with GOMAXPROCS=1: its garbage collector
# would otherwise work on a second core while Vigil's parser has one.
#
# Usage: [ROUNDS=7] [RUNS=5] [MIN_TIME_MS=300] [CONTAINERS=400] [HANDLERS=250] [SEED=1]
#        [BUILD_DIR=build-bench] bench/ingest/text_parse_compare.sh
# Needs scripts/setup to have run (golang-go, golang-github-prometheus-common-dev).
set -euo pipefail
cd "$(dirname "$0")/../.."

rounds=${ROUNDS:-7} runs=${RUNS:-5} min_time_ms=${MIN_TIME_MS:-300}
containers=${CONTAINERS:-400} handlers=${HANDLERS:-250} seed=${SEED:-1}
build=${BUILD_DIR:-build-bench}

script=ingest/text_parse_compare.sh
source bench/peers.sh
require_tools go python3 curl
log "building text_parse_file and go_text_parse in $build"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DVIGIL_BUILD_BENCHMARKS=ON -DVIGIL_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target text_parse_file >/dev/null
# GOPATH mode against Debian's Go sources: no module download.
GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$(cd "$build" && pwd)/go-cache" \
  go build -o "$build/bench/go_text_parse" ./bench/ingest/go_text_parse
vigil_parser=$build/bench/text_parse_file
go_parser=$build/bench/go_text_parse

python3 bench/ingest/scrape_body.py --containers "$containers" --handlers "$handlers" --seed "$seed" >"$work/generated.txt"
inputs=(generated)
if command -v prometheus-node-exporter >/dev/null; then
  port=$(free_port)
  prometheus-node-exporter --web.listen-address="127.0.0.1:$port" 2>"$work/node_exporter.log" &
  pid=$!
  wait_ready "http://127.0.0.1:$port/metrics"
  curl -sf "http://127.0.0.1:$port/metrics" >"$work/node_exporter.txt"
  stop_server
  inputs+=(node_exporter)
fi

median() { sort -g | awk '{x[NR] = $1} END {print NR % 2 ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2}'; }
load=$(cut -d' ' -f1-3 /proc/loadavg)
flags=(--runs "$runs" --min-time-ms "$min_time_ms")
for input in "${inputs[@]}"; do
  file=$work/$input.txt
  for round in $(seq "$rounds"); do
    log "$input: round $round of $rounds"
    "$vigil_parser" "${flags[@]}" "$file" >"$work/$input.vigil.$round"
    GOMAXPROCS=1 "$go_parser" "${flags[@]}" "$file" >"$work/$input.go.$round"
  done
  v_samples=$(value "$work/$input.vigil.1" samples) g_samples=$(value "$work/$input.go.1" samples)
  if [[ $v_samples != "$g_samples" ]]; then
    log "$input: the parsers disagree on the number of samples ($v_samples vs $g_samples)"
    exit 1
  fi
  for side in vigil go; do
    for key in mb_per_s samples_per_s; do
      cat "$work/$input.$side".* | value /dev/stdin "$key" | median >"$work/$input.$side.$key"
    done
  done
done

figure() { cat "$work/$1.$2.$3"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", a / b}'; }
pass() { if awk "BEGIN {exit !($1)}"; then echo pass; else echo FAIL; fi; }
go_parser_name="prometheus/common $(dpkg-query -W -f='${Version}' golang-github-prometheus-common-dev) expfmt.TextParser"
echo "# Text-format parsing: Vigil vs Prometheus's Go text parser ($go_parser_name)"
echo
echo "command: ROUNDS=$rounds RUNS=$runs MIN_TIME_MS=$min_time_ms CONTAINERS=$containers HANDLERS=$handlers SEED=$seed bench/ingest/text_parse_compare.sh"
echo
echo "Each figure is the median of $rounds rounds, each round the median of $runs runs of at least ${min_time_ms} ms" \
  "parsing the file in memory; the parsers alternate. One core each (Go: GOMAXPROCS=1, $(go version | awk '{print $3}'))." \
  "$(nproc) cores, load average $load at the start."
echo
echo "| input | bytes | samples | parser | MB/s | samples/s | MB/s vs Go |"
echo "|---|---|---|---|---|---|---|"
for input in "${inputs[@]}"; do
  bytes=$(value "$work/$input.vigil.1" bytes) samples=$(value "$work/$input.vigil.1" samples)
  v_mb=$(figure "$input" vigil mb_per_s) g_mb=$(figure "$input" go mb_per_s)
  printf '| %s | %d | %d | Vigil TextParser | %.0f | %.0f | %s |\n' "$input" "$bytes" "$samples" "$v_mb" \
    "$(figure "$input" vigil samples_per_s)" "$(ratio "$v_mb" "$g_mb")"
  printf '| %s | %d | %d | Go %s | %.0f | %.0f | 1.0 |\n' "$input" "$bytes" "$samples" "$go_parser_name" "$g_mb" \
    "$(figure "$input" go samples_per_s)"
done
echo
echo "| target | input | measured | result |"
echo "|---|---|---|---|"
for input in "${inputs[@]}"; do
  v_mb=$(figure "$input" vigil mb_per_s)
  echo "| text parser at 1 GB/s or more | $input | $(awk -v m="$v_mb" 'BEGIN {printf "%.2f", m / 1000}') GB/s | $(pass "$v_mb >= 1000") |"
done
