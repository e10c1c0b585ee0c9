#!/usr/bin/env bash
# PromQL range queries: Vigil beside Prometheus and VictoriaMetrics.
#
# The three servers run side by side on free loopback ports with fresh data
# directories. Each is sent the same node-exporter-like data over remote
# write (bench/promql/promql_load, node_fleet.h: SERIES series, 100 per
# host, DURATION at INTERVAL, seeded, ending two minutes before the start so
# that Prometheus's head accepts it); a count query on each checks that it
# holds every sample before anything is timed. Then a fixed set of
# dashboard-like range queries (/api/v1/query_range, GET, STEP resolution)
# over the whole DURATION and over its last half runs ROUNDS times,
# interleaved across the servers (their order rotates), timed by the client
# (curl's time_total). Prints one markdown table of medians and ratios, each
# answer's shape (series, points; a warning when the three differ) and how
# far Vigil's and VictoriaMetrics's values are from Prometheus's, and each
# server's resident memory: idle after loading, peak during the queries
# (VmHWM, reset by writing 5 to /proc/PID/clear_refs after loading) and the
# growth between them. The same report goes to RESULTS.
#
# VictoriaMetrics runs with -search.disableCache (no rollup result cache), so
# its later rounds compute as much as its first; requests carry no nocache.
#
# Usage: [SERIES=10000] [DURATION=2h] [INTERVAL=15s] [STEP=15s] [SEED=1] [ROUNDS=5]
#        [BUILD_DIR=build-bench] [RESULTS=bench/results/promql.md] [TIMEOUT=60]
#        bench/promql/compare.sh
# RESULTS= (empty) prints only; TIMEOUT is per request, in seconds (a server
# left without an answer three times is not asked again); KEEP_TIMES=FILE
# keeps every request's time ("server query window seconds"). Needs
# scripts/setup to have run (prometheus, victoria-metrics, curl, python3).
set -euo pipefail
cd "$(dirname "$0")/../.."

series=${SERIES:-10000} duration=${DURATION:-2h} interval=${INTERVAL:-15s} step=${STEP:-15s} seed=${SEED:-1}
rounds=${ROUNDS:-5} build=${BUILD_DIR:-build-bench} results=${RESULTS-bench/results/promql.md} timeout=${TIMEOUT:-60}
command_line="SERIES=$series DURATION=$duration INTERVAL=$interval STEP=$step SEED=$seed ROUNDS=$rounds bench/promql/compare.sh"

script=promql/compare.sh
source bench/peers.sh
require_tools prometheus victoria-metrics curl python3

use_several_servers

duration_of() {  # seconds as a short duration: 7200 -> 2h, 5400 -> 90m
  if (($1 % 3600 == 0)); then echo "$(($1 / 3600))h"; elif (($1 % 60 == 0)); then echo "$(($1 / 60))m"; else echo "$1s"; fi
}
duration_s=$(seconds_of "$duration") interval_s=$(seconds_of "$interval") step_s=$(seconds_of "$step")

log "building vigil and promql_load in $build"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DVIGIL_BUILD_BENCHMARKS=ON -DVIGIL_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target vigil promql_load >/dev/null
loader=$build/bench/promql_load

# The data ends two minutes ago, on the step grid (so that no server moves
# the range to align it), and every query ends there.
end_s=$((($(date +%s) - 120) / step_s * step_s))
load_avg=$(cut -d' ' -f1-3 /proc/loadavg)

# The queries: a short name and the expression.
queries=(
  'cpu by mode|sum by (mode) (rate(node_cpu_seconds_total[5m]))'
  'latency p90|histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))'
  'fs avg 10m|avg_over_time(node_filesystem_avail_bytes[10m])'
  'regex selector|sum(rate(node_cpu_seconds_total{mode=~"user|system", instance=~"host-1.*"}[5m]))'
  'join group_left|rate(node_network_receive_bytes_total[5m]) * on (instance) group_left (nodename) node_uname_info'
  'subquery|max_over_time(sum by (instance) (rate(node_cpu_seconds_total{mode!="idle"}[1m]))[30m:1m])'
)
windows=("$duration_s" "$((duration_s / 2 / step_s * step_s))")

servers=(vigil prom vm)
declare -A title=([vigil]=Vigil [prom]=Prometheus [vm]=VictoriaMetrics) port=() server_pid=() loaded=() idle_rss=()

start_vigil() {
  # No OTLP listeners: their fixed ports (4317, 4318) may be taken by another Vigil.
  printf 'otlp:\n  http_enabled: false\n  grpc_enabled: false\n' >"$work/vigil.yml"
  "$build/src/cli/vigil" serve --config "$work/vigil.yml" --listen "127.0.0.1:${port[vigil]}" --data "$work/vigil" \
    >"$work/vigil.log" 2>&1 &
  server_pid[vigil]=$!
}
start_prom() {
  printf 'global:\n  scrape_interval: 1h\n' >"$work/prom.yml"
  prometheus --config.file="$work/prom.yml" --storage.tsdb.path="$work/prom" --web.listen-address="127.0.0.1:${port[prom]}" \
    --web.enable-remote-write-receiver >"$work/prom.log" 2>&1 &
  server_pid[prom]=$!
}
start_vm() {
  victoria-metrics -storageDataPath="$work/vm" -httpListenAddr="127.0.0.1:${port[vm]}" -retentionPeriod=100y \
    -search.disableCache >"$work/vm.log" 2>&1 &
  server_pid[vm]=$!
}
ready_path() { case $1 in vm) echo /health ;; *) echo /-/ready ;; esac; }
ready() {  # server; false if it does not answer within 30 s
  local _
  for _ in $(seq 300); do
    curl -sf "http://127.0.0.1:${port[$1]}$(ready_path "$1")" >/dev/null && return 0
    kill -0 "${server_pid[$1]}" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

for s in "${servers[@]}"; do
  port[$s]=$(free_port)
  "start_$s"
  pids+=("${server_pid[$s]}")
done

# Loading, one server after the other; a server that fails to start or to
# take the data stays in the table with its queries marked as errors.
for s in "${servers[@]}"; do
  loaded[$s]=0
  if ! ready "$s"; then
    log "${title[$s]} did not start; see its log below"
    tail -5 "$work/$s.log" >&2 || true
    continue
  fi
  log "loading ${title[$s]}"
  if timeout 600 "$loader" --url "http://127.0.0.1:${port[$s]}/api/v1/write" --series "$series" --duration "$duration" \
    --interval "$interval" --seed "$seed" --end-ms "$((end_s * 1000))" >"$work/$s.load" 2>"$work/$s.load.err"; then
    loaded[$s]=1
  else
    log "loading ${title[$s]} failed: $(tail -1 "$work/$s.load.err")"
  fi
done
samples=$(value "$work/prom.load" samples)
[[ -n $samples ]] || samples=$(value "$work/vm.load" samples)

# Every sample stored and visible to queries? (VictoriaMetrics acknowledges
# remote write before storing, and makes rows searchable about a second later.)
# One sum per metric name (count_over_time drops the name, and the _sum and
# _count series of a histogram would then collide), added up in one query.
metric_names=(node_cpu_seconds_total http_request_duration_seconds_bucket http_request_duration_seconds_sum
  http_request_duration_seconds_count node_memory_MemAvailable_bytes node_filesystem_avail_bytes
  node_network_receive_bytes_total node_uname_info)
count_query=$(for name in "${metric_names[@]}"; do echo "sum(count_over_time($name[$((duration_s + interval_s))s]))"; done |
  paste -sd+ | sed 's/+/ + /g')
stored_samples() {  # server -> the count query's value, or "error: MESSAGE"
  curl -sG --max-time 60 "http://127.0.0.1:${port[$1]}/api/v1/query" --data-urlencode "query=$count_query" \
    --data-urlencode "time=$end_s" 2>/dev/null |
    python3 -c 'import json, sys
try:
    answer = json.load(sys.stdin)
except ValueError:
    sys.exit(print("error: not a JSON answer"))
if answer.get("status") != "success":
    sys.exit(print("error:", answer.get("error")))
r = answer["data"]["result"]
print(int(float(r[0]["value"][1])) if r else 0)'
}
declare -A verified=()
for s in "${servers[@]}"; do
  verified[$s]="not loaded"
  ((loaded[$s])) || continue
  count=""
  for _ in $(seq 120); do
    count=$(stored_samples "$s")
    [[ $count == error* || $count -ge $samples ]] && break
    sleep 1
  done
  if [[ $count == error* && $s == vigil ]]; then
    # Until Vigil answers the count query: what its remote write receiver says it stored.
    appended=$(curl -sf "http://127.0.0.1:${port[vigil]}/metrics" |
      awk '$1 == "vigil_remote_write_samples_appended_total" {printf "%d", $2}') || true
    verified[$s]="${appended:-?} of $samples by its samples-appended counter (count query failed)"
    log "${title[$s]}: count query: $count"
  elif [[ $count == error* ]]; then
    verified[$s]="count query failed"
    log "${title[$s]}: count query: $count"
  elif ((count == samples)); then
    verified[$s]="all $samples"
  else
    verified[$s]="$count of $samples"
  fi
  log "${title[$s]}: samples stored: ${verified[$s]}"
done

# Memory: idle after loading (once the servers' background work settles),
# then the peak over the query phase.
sleep "${SETTLE:-10}"
rss_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/${server_pid[$1]}/status" 2>/dev/null || true; }
hwm_reset=yes
for s in "${servers[@]}"; do
  kill -0 "${server_pid[$s]}" 2>/dev/null || continue
  idle_rss[$s]=$(rss_kb "$s" VmRSS)
  echo 5 >"/proc/${server_pid[$s]}/clear_refs" 2>/dev/null || hwm_reset=no
done
[[ $hwm_reset == yes ]] || log "could not reset VmHWM: peaks are since each server started"

# One timed request; appends "server query window seconds" or "... error" to
# $work/times, and on the first round the answer's shape to $work/shapes.
declare -A no_answers=([vigil]=0 [prom]=0 [vm]=0)
run_query() {  # server query_index window_index round
  local s=$1 qi=$2 wi=$3 round=$4 expr=${queries[$2]#*|} answer=$work/answer out code seconds shape
  # A server that has not answered three times (crashed, or hangs until the
  # timeout) is not asked again: its remaining queries are errors.
  if ((no_answers[$s] >= 3)); then
    ((round > 1)) || echo "$s $qi $wi error no answer (skipped after three requests without one)" >>"$work/shapes"
    echo "$s $qi $wi error" >>"$work/times"
    return
  fi
  out=$(curl -sG -o "$answer" -w '%{http_code} %{time_total}' --max-time "$timeout" \
    --data-urlencode "query=$expr" --data-urlencode "start=$((end_s - windows[wi]))" --data-urlencode "end=$end_s" \
    --data-urlencode "step=$step_s" "http://127.0.0.1:${port[$s]}/api/v1/query_range" 2>/dev/null) || out="${out:-000 0}"
  read -r code seconds <<<"$out"
  [[ $code != 000 ]] || no_answers[$s]=$((no_answers[$s] + 1))
  if ((round == 1)); then
    if [[ $code == 000 ]]; then shape="error no answer (curl failed or timed out)"; else shape=$(python3 bench/promql/answer_shape.py "$answer"); fi
    echo "$s $qi $wi $shape" >>"$work/shapes"
    if [[ -f $answer ]]; then mv "$answer" "$work/answer.$s"; fi
  fi
  if [[ $code == 200 ]] && ! grep -q "^$s $qi $wi error" "$work/shapes"; then
    echo "$s $qi $wi $seconds" >>"$work/times"
  else
    echo "$s $qi $wi error" >>"$work/times"
  fi
  rm -f "$answer"
}

: >"$work/times"
: >"$work/shapes"
: >"$work/diffs"
query_start=$(now)
for ((round = 1; round <= rounds; round++)); do
  log "round $round of $rounds"
  for wi in "${!windows[@]}"; do
    for qi in "${!queries[@]}"; do
      for k in 0 1 2; do
        run_query "${servers[(k + round + qi) % 3]}" "$qi" "$wi" "$round"
      done
      if ((round == 1)); then
        for s in vigil vm; do
          echo "$s $qi $wi $(python3 bench/promql/answer_shape.py --diff "$work/answer.$s" "$work/answer.prom")" >>"$work/diffs"
        done
        rm -f "$work"/answer.*
      fi
    done
  done
done
[[ -z ${KEEP_TIMES:-} ]] || cp "$work/times" "$KEEP_TIMES"  # every request's time, for a closer look
query_seconds=$(awk -v a="$query_start" -v b="$(now)" 'BEGIN {printf "%.0f", b - a}')
declare -A peak_rss=()
for s in "${servers[@]}"; do
  kill -0 "${server_pid[$s]}" 2>/dev/null || continue
  peak_rss[$s]=$(rss_kb "$s" VmHWM)
done

# Medians over the successful rounds, in milliseconds ("error" when none succeeded).
median_ms() {  # server query window
  awk -v s="$1" -v q="$2" -v w="$3" '$1 == s && $2 == q && $3 == w && $4 != "error" {print $4 * 1000}' "$work/times" |
    sort -g | awk '{r[NR] = $1} END {if (NR == 0) print "error"; else printf "%.1f\n", (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2}'
}
ratio() { if [[ $1 == error || $2 == error ]]; then echo "–"; else awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; fi; }
shape_of() { awk -v s="$1" -v q="$2" -v w="$3" '$1 == s && $2 == q && $3 == w {$1 = $2 = $3 = ""; sub(/^ +/, ""); print}' "$work/shapes"; }
mib() { if [[ -z $1 ]]; then echo "–"; else awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; fi; }
version() { "$1" --version 2>&1 | awk 'NR == 1 {print $3}'; }

# The geometric mean of the time ratios over the query and range pairs that
# both servers answered: one figure per pair of servers.
geomean_ratio() {  # server server
  local qi wi a b
  for wi in "${!windows[@]}"; do
    for qi in "${!queries[@]}"; do
      a=$(median_ms "$1" "$qi" "$wi") b=$(median_ms "$2" "$qi" "$wi")
      [[ $a == error || $b == error ]] || echo "$a $b"
    done
  done | awk '{s += log($1 / $2); n++} END {if (n) printf "%.2f over %d of %d\n", exp(s / n), n, '"$((${#queries[@]} * ${#windows[@]}))"'; else print "– (none answered by both)"}'
}
geomeans() {
  echo "Geometric means of the time ratios (over the queries both answered): Vigil / Prometheus $(geomean_ratio vigil prom);" \
    "Vigil / VictoriaMetrics $(geomean_ratio vigil vm); Prometheus / VictoriaMetrics $(geomean_ratio prom vm)."
}

# How far each answer's values are from Prometheus's (answer_shape.py --diff):
# the largest relative difference at a common series and time, and the points
# only one of the two has. VictoriaMetrics computes rate() without
# Prometheus's extrapolation, so its rates differ by design.
value_diffs() {  # query window
  local s
  for s in vigil vm; do
    awk -v s="$s" -v q="$1" -v w="$2" -v t="${title[$s]}" '$1 == s && $2 == q && $3 == w {
      if ($4 == "-") printf "%s –", t
      else printf "%s %s%s%s", t, $4, ($5 + $6 > 0 ? " (" $5 " points only there, " $6 " only in Prometheus)" : ""),
        ($7 == "names" ? " (keeps __name__)" : "")
    }' "$work/diffs"
    echo
  done | paste -sd';' | sed 's/;/; /g'
}

report() {
  echo "# PromQL range queries: Vigil vs Prometheus $(version prometheus) vs VictoriaMetrics $(dpkg-query -W -f='${Version}' victoria-metrics 2>/dev/null || echo '?')"
  echo
  echo "command: $command_line"
  echo
  echo "Data: $series series ($((series / 100)) hosts of 100: node_cpu_seconds_total with 8 modes × 8 cpus, a classic histogram" \
    "with 12 buckets × 2 handlers, filesystem, memory and network series, node_uname_info), ${samples:-?} samples" \
    "($duration at $interval, seed $seed), the same to each server over remote write 1.0, ending two minutes before" \
    "the run started. Samples each server holds, counted by a query before timing:" \
    "Vigil ${verified[vigil]}; Prometheus ${verified[prom]}; VictoriaMetrics ${verified[vm]}."
  echo
  echo "Queries: /api/v1/query_range over the whole $duration and over its last $(duration_of "${windows[1]}")," \
    "step $step, GET, uncompressed answers; $rounds rounds interleaved across the three servers (order rotating)," \
    "median client-side time (curl time_total) in ms; ratios are Vigil's time over the peer's (below 1: Vigil faster)." \
    "VictoriaMetrics runs with -search.disableCache (no rollup result cache). $(nproc) cores, load average" \
    "$load_avg at the start; the query phase took ${query_seconds} s."
  echo
  echo "| query | range | Vigil ms | Prometheus ms | VictoriaMetrics ms | Vigil / Prometheus | Vigil / VictoriaMetrics | answer: series, points | values vs Prometheus |"
  echo "|---|---|---|---|---|---|---|---|---|"
  local qi wi v p m shapes failed answer s
  for wi in "${!windows[@]}"; do
    for qi in "${!queries[@]}"; do
      v=$(median_ms vigil "$qi" "$wi") p=$(median_ms prom "$qi" "$wi") m=$(median_ms vm "$qi" "$wi")
      shapes=$(for s in "${servers[@]}"; do shape_of "$s" "$qi" "$wi"; done | awk '!/^error/' | sort -u | wc -l)
      failed=$(for s in "${servers[@]}"; do shape_of "$s" "$qi" "$wi"; done | awk '/^error/' | wc -l)
      if ((shapes == 1 && failed == 0)); then
        answer=$(shape_of prom "$qi" "$wi" | awk '{print $2 ", " $3}')
      else
        answer=$(for s in "${servers[@]}"; do
          shape_of "$s" "$qi" "$wi" | awk -v t="${title[$s]}" '{printf "%s: %s", t, ($1 == "ok" ? $2 ", " $3 : "error")}'
          echo
        done | paste -sd';' | sed 's/;/; /g')
        ((shapes > 1)) && answer="**differ** ($answer)"
      fi
      echo "| ${queries[qi]%%|*} | $(duration_of "${windows[wi]}") | $v | $p | $m | $(ratio "$v" "$p") | $(ratio "$v" "$m") | $answer | $(value_diffs "$qi" "$wi") |"
    done
  done
  echo
  geomeans
  echo
  echo "Expressions:"
  echo
  for qi in "${!queries[@]}"; do echo "- ${queries[qi]%%|*}: \`${queries[qi]#*|}\`"; done
  echo
  echo "| server | RSS idle after loading, MiB | peak RSS during the queries, MiB | peak growth, MiB |"
  echo "|---|---|---|---|"
  local growth
  for s in "${servers[@]}"; do
    growth=""
    [[ -n ${idle_rss[$s]:-} && -n ${peak_rss[$s]:-} ]] && growth=$((${peak_rss[$s]} - ${idle_rss[$s]}))
    echo "| ${title[$s]} | $(mib "${idle_rss[$s]:-}") | $(mib "${peak_rss[$s]:-}") | $(mib "$growth") |"
  done
  [[ $hwm_reset == yes ]] || { echo; echo "VmHWM could not be reset: the peaks are since each server started."; }
  local errors
  errors=$(awk '$4 == "error" {s = $1; $1 = $2 = $3 = $4 = ""; sub(/^ +/, ""); print s ": " $0}' "$work/shapes" | sort -u | head -9)
  if [[ -n $errors ]]; then
    echo
    echo "Errors (each kind once):"
    echo
    while read -r line; do
      echo "- ${title[${line%%:*}]}: ${line#*: }"
    done <<<"$errors"
  fi
}

# Warnings for answers whose shapes differ, on stderr.
for wi in "${!windows[@]}"; do
  for qi in "${!queries[@]}"; do
    if (($(for s in "${servers[@]}"; do shape_of "$s" "$qi" "$wi"; done | awk '!/^error/' | sort -u | wc -l) > 1)); then
      log "warning: '${queries[qi]%%|*}' over $(duration_of "${windows[wi]}"): answers differ:" \
        "$(for s in "${servers[@]}"; do echo -n "${title[$s]} $(shape_of "$s" "$qi" "$wi"); "; done)"
    fi
  done
done

if [[ -n $results ]]; then
  report | tee "$results"
  log "wrote $results"
else
  report
fi
