#!/usr/bin/env bash
# Remote write ingest: Vigil beside Prometheus and VictoriaMetrics.
#
# Each receiver is started on a free loopback port, alone (one after the
# other), and sent the same workload (bench/storage/workload.h, seeded) by
# bench/storage/storage_compare remote-write with --pre-encode: every
# request is generated, encoded and snappy-compressed before the clock
# starts, then sent over CONNECTIONS keep-alive connections. Prints one
# markdown table: samples/s (until every sample is stored; VictoriaMetrics
# acknowledges before storing, so its row counter is waited for), the
# receiver's peak resident memory (VmHWM), and the ingestion issue's targets.
# Then the text-format parsing comparison, Vigil's parser beside Prometheus's
# Go text parser (bench/ingest/text_parse_compare.sh, which also runs alone,
# with its own settings), so that one run covers both ingestion paths.
#
# Usage: [SERIES=10000] [DURATION=2h] [INTERVAL=15s] [SEED=1] [SCRAPES_PER_BATCH=1]
#        [BATCH=2000] [CONNECTIONS=4] [BUILD_DIR=build-bench] bench/ingest/compare.sh
# Needs scripts/setup to have run (prometheus, victoria-metrics, golang-go,
# golang-github-prometheus-common-dev).
set -euo pipefail
cd "$(dirname "$0")/../.."

series=${SERIES:-10000} duration=${DURATION:-2h} interval=${INTERVAL:-15s} seed=${SEED:-1}
scrapes_per_batch=${SCRAPES_PER_BATCH:-1} batch=${BATCH:-2000} connections=${CONNECTIONS:-4} rounds=${ROUNDS:-3}
build=${BUILD_DIR:-build-bench}

script=ingest/compare.sh
source bench/peers.sh
require_tools prometheus victoria-metrics curl python3
log "building vigil and storage_compare in $build"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DVIGIL_BUILD_BENCHMARKS=ON -DVIGIL_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target vigil storage_compare >/dev/null
driver=$build/bench/storage_compare

peak_rss() { awk '/VmHWM/ {print $2 * 1024}' "/proc/$1/status"; }

end_ms=$(( ($(date +%s) - 120) / 60 * 60 * 1000 ))
workload=(--series "$series" --duration "$duration" --interval "$interval" --seed "$seed" --end-ms "$end_ms"
  --scrapes-per-batch "$scrapes_per_batch" --batch "$batch")
send() {  # port name
  "$driver" remote-write --pre-encode --url "http://127.0.0.1:$1/api/v1/write" --connections "$connections" \
    "${workload[@]}" >"$work/$2.out"
}

load=$(cut -d' ' -f1-3 /proc/loadavg)

# One run of each receiver on a fresh data directory; each prints
# "samples_per_s peak_rss_bytes" and leaves nothing running.
run_vigil() {
  local port
  port=$(free_port)
  rm -rf "$work/vigil"
  "$build/src/cli/vigil" serve --listen "127.0.0.1:$port" --data "$work/vigil" 2>"$work/vigil.log" &
  pid=$!
  wait_ready "http://127.0.0.1:$port/-/ready"
  send "$port" vigil
  echo "$(value "$work/vigil.out" ingest_samples_per_s) $(peak_rss "$pid")"
  stop_server
}
run_prometheus() {
  local port
  port=$(free_port)
  rm -rf "$work/prom"
  printf 'global:\n  scrape_interval: 1h\n' >"$work/prom.yml"
  prometheus --config.file="$work/prom.yml" --storage.tsdb.path="$work/prom" --web.listen-address="127.0.0.1:$port" \
    --web.enable-remote-write-receiver 2>"$work/prom.log" &
  pid=$!
  wait_ready "http://127.0.0.1:$port/-/ready"
  send "$port" prom
  echo "$(value "$work/prom.out" ingest_samples_per_s) $(peak_rss "$pid")"
  stop_server
}
run_victoria_metrics() {
  local port start seconds samples
  port=$(free_port)
  rm -rf "$work/vm"
  victoria-metrics -storageDataPath="$work/vm" -httpListenAddr="127.0.0.1:$port" -retentionPeriod=100y >"$work/vm.log" 2>&1 &
  pid=$!
  wait_ready "http://127.0.0.1:$port/health"
  send "$port" vm
  # VictoriaMetrics acknowledges before storing: the time runs until every row is added.
  start=$(now)
  samples=$(value "$work/vm.out" samples)
  rows() { curl -sf "http://127.0.0.1:$port/metrics" | awk '$1 ~ "^vm_rows_added_to_storage_total" {s += $2} END {printf "%d\n", s}'; }
  until (($(rows) >= samples)); do sleep 0.05; done
  seconds=$(awk -v a="$(value "$work/vm.out" ingest_seconds)" -v b="$start" -v c="$(now)" 'BEGIN {print a + c - b}')
  echo "$(awk -v n="$samples" -v s="$seconds" 'BEGIN {print n / s}') $(peak_rss "$pid")"
  stop_server
}

# Rounds interleave the three, so that a noisy spell hurts all of them alike;
# the table shows each one's median rate and its largest peak memory.
for ((round = 1; round <= rounds; round++)); do
  log "round $round of $rounds: Vigil"
  run_vigil >>"$work/vigil.runs"
  log "round $round of $rounds: Prometheus"
  run_prometheus >>"$work/prom.runs"
  log "round $round of $rounds: VictoriaMetrics"
  run_victoria_metrics >>"$work/vm.runs"
done
samples=$(value "$work/vigil.out" samples)
median_rate() { sort -g -k1,1 "$1" | awk '{r[NR] = $1} END {print (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2}'; }
max_peak() { sort -g -k2,2 "$1" | awk 'END {print $2}'; }
all_rates() { awk '{printf "%s%.0f", (NR > 1 ? ", " : ""), $1}' "$1"; }
v_rate=$(median_rate "$work/vigil.runs") v_peak=$(max_peak "$work/vigil.runs")
p_rate=$(median_rate "$work/prom.runs") p_peak=$(max_peak "$work/prom.runs")
m_rate=$(median_rate "$work/vm.runs") m_peak=$(max_peak "$work/vm.runs")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
pass() { if awk "BEGIN {exit !($1)}"; then echo pass; else echo FAIL; fi; }
mib() { awk -v b="$1" 'BEGIN {printf "%.1f", b / 1048576}'; }
echo "# Remote write ingest: Vigil vs Prometheus $(prometheus --version 2>&1 | awk 'NR == 1 {print $3}') vs VictoriaMetrics"
echo
echo "command: SERIES=$series DURATION=$duration INTERVAL=$interval SEED=$seed SCRAPES_PER_BATCH=$scrapes_per_batch BATCH=$batch CONNECTIONS=$connections ROUNDS=$rounds bench/ingest/compare.sh"
echo
echo "Workload: $series series, $samples samples ($duration at $interval, seed $seed), about $batch samples per" \
  "request, $connections connections, requests encoded before timing; $(nproc) cores (load average $load at the start)."
echo
echo "| receiver | samples/s (median) | each round | peak RSS MiB (largest) |"
echo "|---|---|---|---|"
printf '| Vigil | %.0f | %s | %s |\n' "$v_rate" "$(all_rates "$work/vigil.runs")" "$(mib "$v_peak")"
printf '| Prometheus | %.0f | %s | %s |\n' "$p_rate" "$(all_rates "$work/prom.runs")" "$(mib "$p_peak")"
printf '| VictoriaMetrics | %.0f | %s | %s |\n' "$m_rate" "$(all_rates "$work/vm.runs")" "$(mib "$m_peak")"
printf '| Vigil / Prometheus | %s | | %s |\n' "$(ratio "$v_rate" "$p_rate")" "$(ratio "$v_peak" "$p_peak")"
printf '| Vigil / VictoriaMetrics | %s | | %s |\n' "$(ratio "$v_rate" "$m_rate")" "$(ratio "$v_peak" "$m_peak")"
echo
echo "| target | measured | result |"
echo "|---|---|---|"
echo "| samples/s at least 1.5× VictoriaMetrics | $(ratio "$v_rate" "$m_rate") × | $(pass "$v_rate >= 1.5 * $m_rate") |"
echo "| samples/s at least 3× Prometheus | $(ratio "$v_rate" "$p_rate") × | $(pass "$v_rate >= 3 * $p_rate") |"
echo "| peak memory below both | $(mib "$v_peak") MiB vs $(mib "$p_peak") / $(mib "$m_peak") | $(pass "$v_peak < $p_peak && $v_peak < $m_peak") |"

echo
BUILD_DIR=$build bench/ingest/text_parse_compare.sh
