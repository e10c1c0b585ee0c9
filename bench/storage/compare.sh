#!/usr/bin/env bash
# Storage: Vigil beside Prometheus and VictoriaMetrics on one generated workload.
#
# The driver (bench/storage/storage_compare.cc) generates the same samples for
# every system (workload.h: counters with resets, noisy drifting gauges,
# histograms, constants, pod churn with staleness markers; seeded). Vigil runs
# in-process; Debian's prometheus and victoria-metrics are started on free
# loopback ports, one after the other so they never compete for the CPU, and
# fed over Prometheus remote write. For each system: ingest samples/s, bytes
# per sample on disk once compacted, resident bytes per active series, and the
# time to read every sample back. Prints one markdown table with the ratios
# and the storage issue's targets.
#
# Usage: [SERIES=100000] [DURATION=2h] [INTERVAL=15s] [SEED=1]
#        [SCRAPES_PER_BATCH=10] [BATCH=10000] [CONNECTIONS=2] [BUILD_DIR=build-bench]
#        bench/storage/compare.sh
# Needs scripts/setup to have run (prometheus, victoria-metrics, libsnappy-dev).
set -euo pipefail
cd "$(dirname "$0")/../.."

series=${SERIES:-100000} duration=${DURATION:-2h} interval=${INTERVAL:-15s} seed=${SEED:-1}
scrapes_per_batch=${SCRAPES_PER_BATCH:-10} batch=${BATCH:-10000} connections=${CONNECTIONS:-2}
build=${BUILD_DIR:-build-bench}
settle=10  # seconds the Go peers get after ingest before their RSS is read (GC, scavenger)

script=storage/compare.sh
source bench/peers.sh
require_tools prometheus victoria-metrics curl python3

log "building storage_compare in $build"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DVIGIL_BUILD_BENCHMARKS=ON -DVIGIL_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target storage_compare >/dev/null
driver=$build/bench/storage_compare

# One size method for all three: the apparent size of every regular file
# (st_size), not allocated blocks, which would add filesystem rounding to
# the many small files some layouts keep.
dir_bytes() { find "$1" -type f -printf '%s\n' | awk '{s += $1} END {printf "%d\n", s}'; }
rss_bytes() { awk '/VmRSS/ {print $2 * 1024}' "/proc/$1/status"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.3f", b - a}'; }

# Every system gets the same samples: the last scrape is pinned to a whole
# minute a couple of minutes before now (receivers refuse data from the future).
end_ms=$(( ($(date +%s) - 120) / 60 * 60 * 1000 ))
workload=(--series "$series" --duration "$duration" --interval "$interval" --seed "$seed" --end-ms "$end_ms"
  --scrapes-per-batch "$scrapes_per_batch" --batch "$batch")

# The scan on the peers: for each metric name, sum(count_over_time(name[range])) at
# the end of the workload. The server decodes every sample of the range while
# the answer is one number, so the time is the storage read path, not JSON
# encoding or the client; the sum also checks that nothing was lost. Per name
# because count_over_time drops __name__, which makes series of different
# names collide in one vector (Prometheus refuses that).
scan() {  # base_url extra_params... ; prints "seconds samples", seconds as curl's time_total summed
  local base=$1; shift
  local t range i=0
  t=$(awk -v e="$end_ms" 'BEGIN {printf "%.3f", e / 1000 + 2}')
  range="$(( $(value "$work/vigil.out" last_ms) / 1000 - $(value "$work/vigil.out" first_ms) / 1000 + 60 ))s"
  rm -rf "$work/scan" && mkdir "$work/scan"
  curl -sf "$base/api/v1/label/__name__/values" |
    python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)["data"]))' >"$work/scan/names"
  while read -r name; do
    i=$((i + 1))
    curl -sf -o "$work/scan/$i.json" -w '%{time_total}\n' "$@" \
      --data-urlencode "query=sum(count_over_time({__name__=\"$name\"}[$range]))" \
      --data-urlencode "time=$t" "$base/api/v1/query"
  done <"$work/scan/names" | awk '{s += $1} END {printf "%.3f ", s}'
  python3 -c '
import glob, json
total = 0
for f in glob.glob("'"$work"'/scan/*.json"):
    r = json.load(open(f))["data"]["result"]
    total += int(r[0]["value"][1]) if r else 0
print(total)'
}

load=$(cut -d' ' -f1-3 /proc/loadavg)
log "Vigil: $series series, $duration at $interval (in-process)"
"$driver" vigil --data "$work/vigil" "${workload[@]}" >"$work/vigil.out"
samples=$(value "$work/vigil.out" samples)
v_ingest=$(value "$work/vigil.out" ingest_samples_per_s)
v_bytes=$(dir_bytes "$work/vigil")
v_rss=$(value "$work/vigil.out" rss_bytes_per_active_series)
v_scan=$(value "$work/vigil.out" scan_seconds)
v_scanned=$(value "$work/vigil.out" scan_samples)
rm -rf "$work/vigil"

log "Prometheus"
port=$(free_port)
mkdir -p "$work/prom"
printf 'global:\n  scrape_interval: 1h\n' >"$work/prom.yml"
prometheus --config.file="$work/prom.yml" --storage.tsdb.path="$work/prom" \
  --web.listen-address="127.0.0.1:$port" --web.enable-remote-write-receiver --web.enable-admin-api \
  --storage.tsdb.retention.time=100y --query.max-samples=1000000000 --query.timeout=30m 2>"$work/prom.log" &
pid=$!
wait_ready "http://127.0.0.1:$port/-/ready"
sleep 1
base_rss=$(rss_bytes "$pid")
"$driver" remote-write --url "http://127.0.0.1:$port/api/v1/write" --connections "$connections" "${workload[@]}" \
  >"$work/prom.out"
p_ingest=$(value "$work/prom.out" ingest_samples_per_s)
sleep "$settle"
p_rss=$(awk -v a="$(rss_bytes "$pid")" -v b="$base_rss" -v s="$series" 'BEGIN {print (a - b) / s}')
# A snapshot with the head writes everything into a compacted block (the
# same encoding as a 2-hour block cut from the head); its size is the
# compacted size. The live directory would be the WAL, not compacted.
start=$(now)
snapshot=$(curl -sf -XPOST "http://127.0.0.1:$port/api/v1/admin/tsdb/snapshot?skip_head=false" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["name"])')
p_compact=$(elapsed "$start")
p_bytes=$(dir_bytes "$work/prom/snapshots/$snapshot")
read -r p_scan p_scanned < <(scan "http://127.0.0.1:$port")
stop_server
rm -rf "$work/prom"

log "VictoriaMetrics"
port=$(free_port)
victoria-metrics -storageDataPath="$work/vm" -httpListenAddr="127.0.0.1:$port" -retentionPeriod=100y \
  -search.maxUniqueTimeseries=10000000 -search.maxSamplesPerQuery=10000000000 -search.maxQueryDuration=30m \
  >"$work/vm.log" 2>&1 &
pid=$!
wait_ready "http://127.0.0.1:$port/health"
sleep 1
base_rss=$(rss_bytes "$pid")
vm_metric() { curl -sf "http://127.0.0.1:$port/metrics" | awk -v k="$1" '$1 ~ "^"k {s += $2} END {printf "%d\n", s}'; }
"$driver" remote-write --url "http://127.0.0.1:$port/api/v1/write" --connections "$connections" "${workload[@]}" \
  >"$work/vm.out"
# VictoriaMetrics acknowledges before storing: wait until every row is added.
start=$(now)
sent=$(value "$work/vm.out" samples)
until (($(vm_metric vm_rows_added_to_storage_total) >= sent)); do sleep 0.2; done
vm_seconds=$(awk -v a="$(value "$work/vm.out" ingest_seconds)" -v b="$(elapsed "$start")" 'BEGIN {print a + b}')
m_ingest=$(awk -v n="$sent" -v s="$vm_seconds" 'BEGIN {print n / s}')
sleep "$settle"
m_rss=$(awk -v a="$(rss_bytes "$pid")" -v b="$base_rss" -v s="$series" 'BEGIN {print (a - b) / s}')
# Flush in-memory parts, merge every partition into its final parts, and
# wait until no merge runs and the directory stops changing.
start=$(now)
curl -sf "http://127.0.0.1:$port/internal/force_flush" >/dev/null
curl -sf "http://127.0.0.1:$port/internal/force_merge" >/dev/null
last=-1 stable=0
while ((stable < 3)); do
  sleep 1
  size=$(dir_bytes "$work/vm")
  busy=$(($(vm_metric vm_active_merges) + $(vm_metric vm_active_force_merges)))
  if ((busy == 0 && size == last)); then stable=$((stable + 1)); else stable=0; fi
  last=$size
done
m_compact=$(elapsed "$start")
m_bytes=$(dir_bytes "$work/vm")
read -r m_scan m_scanned < <(scan "http://127.0.0.1:$port" --data-urlencode nocache=1)
stop_server

stale=$(value "$work/vigil.out" stale_markers)
expected=$((samples - stale))
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
per_sample() { awk -v a="$1" -v n="$samples" 'BEGIN {printf "%.3f", a / n}'; }
pass() { if awk "BEGIN {exit !($1)}"; then echo pass; else echo FAIL; fi; }

v_bps=$(per_sample "$v_bytes") p_bps=$(per_sample "$p_bytes") m_bps=$(per_sample "$m_bytes")
cores=$(nproc)
echo "# Storage: Vigil vs Prometheus $(prometheus --version 2>&1 | awk 'NR == 1 {print $3}') vs VictoriaMetrics $(victoria-metrics -version 2>&1 | head -1 | grep -o 'v1[.0-9]*' || echo 1.79)"
echo
echo "command: SERIES=$series DURATION=$duration INTERVAL=$interval SEED=$seed SCRAPES_PER_BATCH=$scrapes_per_batch BATCH=$batch CONNECTIONS=$connections bench/storage/compare.sh"
echo
echo "Workload: $series active series ($(value "$work/vigil.out" series_total) in all with churn), $samples samples" \
  "($stale staleness markers), $duration at $interval, seed $seed; $scrapes_per_batch scrapes per batch," \
  "$batch samples per append call or request, $connections remote-write connections; $cores cores" \
  "(load average $load at the start)."
echo
echo "| system | ingest samples/s | bytes/sample on disk | RSS bytes/active series | scan seconds | samples read |"
echo "|---|---|---|---|---|---|"
printf '| Vigil (in-process) | %.0f | %s | %.0f | %.2f | %s |\n' "$v_ingest" "$v_bps" "$v_rss" "$v_scan" "$v_scanned"
printf '| Prometheus (remote write) | %.0f | %s | %.0f | %.2f | %s |\n' "$p_ingest" "$p_bps" "$p_rss" "$p_scan" "$p_scanned"
printf '| VictoriaMetrics (remote write) | %.0f | %s | %.0f | %.2f | %s |\n' "$m_ingest" "$m_bps" "$m_rss" "$m_scan" "$m_scanned"
printf '| Vigil / Prometheus | %s | %s | %s | %s | |\n' "$(ratio "$v_ingest" "$p_ingest")" "$(ratio "$v_bps" "$p_bps")" \
  "$(ratio "$v_rss" "$p_rss")" "$(ratio "$v_scan" "$p_scan")"
printf '| Vigil / VictoriaMetrics | %s | %s | %s | %s | |\n' "$(ratio "$v_ingest" "$m_ingest")" "$(ratio "$v_bps" "$m_bps")" \
  "$(ratio "$v_rss" "$m_rss")" "$(ratio "$v_scan" "$m_scan")"
echo
echo "Samples read exclude staleness markers (count_over_time skips them): $expected expected."
echo
head_only=$(value "$work/vigil.out" head_only_samples_per_cpu_s)
echo "| target | measured | result |"
echo "|---|---|---|"
echo "| bytes/sample below VictoriaMetrics | $(ratio "$v_bps" "$m_bps") × | $(pass "$v_bps < $m_bps") |"
echo "| bytes/sample at most half of Prometheus | $(ratio "$v_bps" "$p_bps") × | $(pass "$v_bps <= $p_bps / 2") |"
echo "| RSS/active series at most half of Prometheus | $(ratio "$v_rss" "$p_rss") × | $(pass "$v_rss <= $p_rss / 2") |"
echo "| RSS/active series below VictoriaMetrics | $(ratio "$v_rss" "$m_rss") × | $(pass "$v_rss < $m_rss") |"
printf '| in-process batched append ≥ 10M samples/s on one core (head, no WAL; per CPU second) | %.0f | %s |\n' \
  "$head_only" "$(pass "$head_only >= 10000000")"
echo
echo "Details:"
echo
echo "- Ingest: Vigil times its append calls through the database (WAL, fsync every 1 s) on one thread:" \
  "$(value "$work/vigil.out" ingest_samples_per_cpu_s | xargs printf '%.0f') samples per CPU second;" \
  "the head alone without the WAL: $(value "$work/vigil.out" head_only_samples_per_s | xargs printf '%.0f') samples/s wall," \
  "$(printf '%.0f' "$head_only") per CPU second. The peers: the client's wall time from the first request" \
  "to the last answer (VictoriaMetrics: until every row is added to storage), server and client sharing the cores."
echo "- RSS: resident memory growth from before the first sample to after the last, divided by $series active" \
  "series; the Go peers are read ${settle} s after ingest. Vigil after malloc_trim:" \
  "$(value "$work/vigil.out" rss_trimmed_bytes_per_active_series | xargs printf '%.0f') bytes/series."
echo "- Disk: apparent size (sum of st_size) of all files. Vigil: the data directory holding" \
  "$(value "$work/vigil.out" compacted_state) ($(value "$work/vigil.out" compact_seconds | xargs printf '%.1f') s). Prometheus: the block of a" \
  "snapshot including the head ($p_compact s). VictoriaMetrics: the whole data directory after" \
  "force_flush and force_merge settled ($m_compact s)."
echo "- Scan: Vigil reads every series in-process on one thread through $(value "$work/vigil.out" scan_path); the peers answer one" \
  "\`sum(count_over_time({__name__=\"NAME\"}[range]))\` per metric name over HTTP (VictoriaMetrics with nocache=1)."
