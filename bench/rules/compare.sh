#!/usr/bin/env bash
# Rule evaluation and alert delivery: Vigil beside Prometheus + Alertmanager.
#
# Vigil (its own rules and alert delivery), Prometheus 2.42 and
# Alertmanager 0.25 run side by side on free loopback ports with fresh data
# directories. Vigil and Prometheus get the same node-exporter-like data over
# remote write (bench/promql/promql_load: SERIES series, 100 per host,
# DURATION at INTERVAL, seeded). The data runs AHEAD into the future, so that
# rules evaluated at "now" see fresh samples for the whole run (neither server
# refuses future samples).
#
# 1. Evaluation: RULES alerting rules in RULE_GROUPS groups (make_rules.py:
#    ten kinds of per-host threshold rules, thresholds taken from the data so
#    that about FIRING of them fire, some with `for`, labels and templated
#    annotations), every group at EVAL_INTERVAL. Each server in turn, the
#    other idle: the rules are written into its rule directory (which held
#    only the trigger group below), POST /-/reload, one interval to warm up,
#    then ROUNDS snapshots of /api/v1/rules an interval apart: per round the
#    sum over the groups of their last evaluationTime, and the slowest group;
#    the process's CPU time over those rounds (/proc/PID/stat) per round; RSS
#    before the reload, after the rounds and the peak in between (VmHWM,
#    reset before the reload). Then the rules are removed again (reload).
# 2. Notification latency: a group `vigil_bench_trigger` (interval 1s) with
#    the alert `vigil_bench_trigger > 0`, on both servers from the start.
#    notify_latency.py remote-writes a sample vigil_bench_trigger{trial=...}
#    (a new series each time) and times until the webhook carrying the new
#    alert arrives at its sink: Vigil delivers itself, Prometheus posts to
#    Alertmanager, both routes group_by [trial], group_wait 0s. TRIALS per
#    server, alternating.
#
# Prints one markdown table of medians and Vigil's ratios to the peer and
# writes it to RESULTS.
#
# Usage: [SERIES=100000] [RULES=10000] [RULE_GROUPS=100] [EVAL_INTERVAL=30s] [ROUNDS=5]
#        [FIRING=0.03] [TRIALS=10] [DURATION=30m] [INTERVAL=15s] [AHEAD=25m] [SEED=1]
#        [BUILD_DIR=build-bench] [RESULTS=bench/results/rules.md] bench/rules/compare.sh
# RESULTS= (empty) prints only. Needs scripts/setup to have run (prometheus,
# prometheus-alertmanager, curl, python3).
set -euo pipefail
cd "$(dirname "$0")/../.."

series=${SERIES:-100000} rules=${RULES:-10000} rule_groups=${RULE_GROUPS:-100} eval_interval=${EVAL_INTERVAL:-30s}
rounds=${ROUNDS:-5} firing=${FIRING:-0.03} trials=${TRIALS:-10} duration=${DURATION:-30m} interval=${INTERVAL:-15s}
ahead=${AHEAD:-25m} seed=${SEED:-1} build=${BUILD_DIR:-build-bench} results=${RESULTS-bench/results/rules.md}
command_line="SERIES=$series RULES=$rules RULE_GROUPS=$rule_groups EVAL_INTERVAL=$eval_interval ROUNDS=$rounds"
command_line+=" FIRING=$firing TRIALS=$trials DURATION=$duration INTERVAL=$interval AHEAD=$ahead SEED=$seed bench/rules/compare.sh"

script=rules/compare.sh
source bench/peers.sh
require_tools prometheus prometheus-alertmanager curl python3

use_several_servers

interval_s=$(seconds_of "$interval") eval_s=$(seconds_of "$eval_interval") ahead_s=$(seconds_of "$ahead")
seconds_of "$duration" >/dev/null

log "building vigil and promql_load in $build"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DVIGIL_BUILD_BENCHMARKS=ON -DVIGIL_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target vigil promql_load >/dev/null
loader=$build/bench/promql_load
load_avg_start=$(cut -d' ' -f1-3 /proc/loadavg)

servers=(vigil prom)
declare -A title=([vigil]=Vigil [prom]="Prometheus + Alertmanager") port=() server_pid=()
for s in vigil prom am sink; do port[$s]=$(free_port); done

# The alert routes, the same for both: trigger alerts to the sink at once,
# one group per trial; the fleet's alerts to a receiver without notifiers.
routes() {  # sink path
  cat <<YAML
route:
  receiver: discard
  routes:
    - receiver: sink
      matchers: ['trial=~".+"']
      group_by: [trial]
      group_wait: 0s
      group_interval: 1m
      repeat_interval: 1h
receivers:
  - name: discard
  - name: sink
    webhook_configs:
      - url: http://127.0.0.1:${port[sink]}/$1
YAML
}
trigger_group='groups:
  - name: vigil_bench_trigger
    interval: 1s
    rules:
      - alert: VigilBenchTrigger
        expr: vigil_bench_trigger > 0
'
for s in "${servers[@]}"; do
  mkdir -p "$work/$s-rules"
  echo "$trigger_group" >"$work/$s-rules/trigger.yml"
done

{
  printf 'otlp:\n  http_enabled: false\n  grpc_enabled: false\n'
  printf 'rule_files: [%s/*.yml]\nrules:\n  evaluation_interval: %s\n' "$work/vigil-rules" "$eval_interval"
  echo 'alerting:'
  routes vigil | sed 's/^/  /'
} >"$work/vigil.yml"
"$build/src/cli/vigil" serve --config "$work/vigil.yml" --listen "127.0.0.1:${port[vigil]}" --data "$work/vigil" \
  >"$work/vigil.log" 2>&1 &
server_pid[vigil]=$!
pids+=($!)

routes prom >"$work/am.yml"
prometheus-alertmanager --config.file="$work/am.yml" --storage.path="$work/am" --cluster.listen-address= \
  --web.listen-address="127.0.0.1:${port[am]}" >"$work/am.log" 2>&1 &
server_pid[am]=$!
pids+=($!)

cat >"$work/prom.yml" <<YAML
global:
  scrape_interval: 1h
  evaluation_interval: $eval_interval
rule_files: ['$work/prom-rules/*.yml']
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['127.0.0.1:${port[am]}']
YAML
prometheus --config.file="$work/prom.yml" --storage.tsdb.path="$work/prom" --web.listen-address="127.0.0.1:${port[prom]}" \
  --web.enable-remote-write-receiver --web.enable-lifecycle >"$work/prom.log" 2>&1 &
server_pid[prom]=$!
pids+=($!)

for s in vigil prom am; do
  wait_ready "http://127.0.0.1:${port[$s]}/-/ready"
done

# The data: from DURATION - AHEAD ago to AHEAD from now.
end_s=$((($(date +%s) + ahead_s) / interval_s * interval_s))
samples=""
for s in "${servers[@]}"; do
  log "loading ${title[$s]}"
  load_start=$(now)
  "$loader" --url "http://127.0.0.1:${port[$s]}/api/v1/write" --series "$series" --duration "$duration" \
    --interval "$interval" --seed "$seed" --end-ms "$((end_s * 1000))" >"$work/$s.load" 2>"$work/$s.load.err" ||
    { log "loading ${title[$s]} failed: $(tail -1 "$work/$s.load.err")"; exit 1; }
  log "${title[$s]}: $(value "$work/$s.load" samples) samples in $(awk -v a="$load_start" -v b="$(now)" 'BEGIN {printf "%.0f", b - a}') s"
  samples=$(value "$work/$s.load" samples)
done
hosts=$((series / 100))

# Both see every host now?
for s in "${servers[@]}"; do
  n=$(curl -sG "http://127.0.0.1:${port[$s]}/api/v1/query" --data-urlencode 'query=count(node_uname_info)' |
    python3 -c 'import json, sys; r = json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else 0)')
  [[ $n == "$hosts" ]] || { log "${title[$s]} sees $n of $hosts hosts at now"; exit 1; }
done

log "writing $rules rules in $rule_groups groups (thresholds from Prometheus's view of the data)"
python3 bench/rules/make_rules.py --calibrate "http://127.0.0.1:${port[prom]}" --hosts "$hosts" --rules "$rules" \
  --groups "$rule_groups" --interval "$eval_interval" --firing "$firing" --seed "$seed" --out "$work/fleet.yml"

rss_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/${server_pid[$1]}/status"; }
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/${server_pid[$1]}/stat"; }
reload() {  # server
  local code
  code=$(curl -s -o "$work/reload.out" -w '%{http_code}' -X POST "http://127.0.0.1:${port[$1]}/-/reload")
  [[ $code == 200 ]] || { log "${title[$1]}: reload failed ($code): $(head -c 500 "$work/reload.out")"; exit 1; }
}
snapshot() {  # server -> round_summary.py's line
  curl -sf --max-time 60 "http://127.0.0.1:${port[$1]}/api/v1/rules" |
    python3 bench/rules/round_summary.py --now "$(now)"
}

declare -A rss_before=() rss_after=() rss_peak=() cpu_round=() reload_s=() last_round=()
: >"$work/rounds"
sleep 10
for s in "${servers[@]}"; do
  log "${title[$s]}: evaluating $rules rules, $rounds rounds of $eval_interval"
  rss_before[$s]=$(rss_kb "$s" VmRSS)
  echo 5 >"/proc/${server_pid[$s]}/clear_refs"
  cp "$work/fleet.yml" "$work/$s-rules/fleet.yml"
  t0=$(now)
  reload "$s"
  reload_s[$s]=$(awk -v a="$t0" -v b="$(now)" 'BEGIN {printf "%.2f", b - a}')
  # Warm-up: every group evaluated once, then one more interval.
  for _ in $(seq 120); do
    sleep 2
    line=$(snapshot "$s") || line=""
    [[ -n $line && $(awk '{print $8}' <<<"$line") != "-1.0" ]] && break
  done
  sleep "$eval_s"
  c0=$(cpu_s "$s")
  for ((r = 1; r <= rounds; r++)); do
    sleep "$eval_s"
    line=$(snapshot "$s") || { log "${title[$s]} round $r: no /api/v1/rules answer"; continue; }
    echo "$s $line" >>"$work/rounds"
    log "${title[$s]} round $r: $line"
  done
  c1=$(cpu_s "$s")
  cpu_round[$s]=$(awk -v a="$c0" -v b="$c1" -v n="$rounds" 'BEGIN {printf "%.2f", (b - a) / n}')
  rss_after[$s]=$(rss_kb "$s" VmRSS)
  rss_peak[$s]=$(rss_kb "$s" VmHWM)
  last_round[$s]=$line
  rm "$work/$s-rules/fleet.yml"
  reload "$s"
done
load_avg_rules=$(cut -d' ' -f1-3 /proc/loadavg)

log "notification latency: $trials trials per server"
sleep 15  # Prometheus drops alerts until its notifier has the Alertmanager again after a reload (its discovery updates every 5 s)
python3 bench/rules/notify_latency.py --sink-port "${port[sink]}" --server "vigil=http://127.0.0.1:${port[vigil]}" \
  --server "prom=http://127.0.0.1:${port[prom]}" --trials "$trials" --out "$work/latency"
load_avg_end=$(cut -d' ' -f1-3 /proc/loadavg)

median() {  # column of $work/rounds (server in $1) or of $work/latency
  sort -g | awk '{r[NR] = $1} END {if (NR == 0) print "–"; else printf "%.6g\n", (NR % 2) ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2}'
}
round_median() { awk -v s="$1" -v k="$2" '$1 == s {for (i = 2; i < NF; i += 2) if ($i == k) print $(i + 1)}' "$work/rounds" | median; }
latency_median() { awk -v s="$1" -v c="${2:-3}" '$1 == s && $3 != "timeout" && $c != "?" {print $c * 1000}' "$work/latency" | median; }
latency_range() { awk -v s="$1" '$1 == s && $3 != "timeout" {print $3 * 1000}' "$work/latency" | sort -g | awk 'NR == 1 {a = $1} {b = $1} END {printf "%.0f–%.0f", a, b}'; }
timeouts() { awk -v s="$1" '$1 == s && $3 == "timeout"' "$work/latency" | wc -l; }
ratio() { if [[ $1 == – || $2 == – ]]; then echo "–"; else awk -v a="$1" -v b="$2" 'BEGIN {if (b == 0) print "–"; else printf "%.2f", a / b}'; fi; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
field_of() { awk -v k="$2" '{for (i = 1; i < NF; i += 2) if ($i == k) print $(i + 1)}' <<<"${last_round[$1]}"; }

report() {
  local v p
  echo "# Rules: Vigil vs Prometheus $(prometheus --version 2>&1 | awk 'NR == 1 {print $3}') + Alertmanager" \
    "$(prometheus-alertmanager --version 2>&1 | awk 'NR == 1 {print $3}')"
  echo
  echo "command: $command_line"
  echo
  echo "Data: $series series ($hosts hosts of 100, bench/promql/node_fleet.h), $samples samples ($duration at $interval," \
    "seed $seed, the last $ahead of it in the future so that rules at now see fresh samples), the same to each server" \
    "over remote write. Rules: $rules alerting rules in $rule_groups groups at $eval_interval (bench/rules/make_rules.py:" \
    "ten kinds of per-host thresholds on rates, gauges, ratios and a histogram quantile, thresholds from the data for" \
    "about $firing firing, some with \`for\`, templated annotations). Each server evaluates them alone while the" \
    "other is idle; $rounds rounds after one interval of warm-up. $(nproc) cores, shared with other work:" \
    "load average $load_avg_start at the start, $load_avg_rules after the evaluation phase, $load_avg_end at the end."
  echo
  echo "| measure | Vigil | Prometheus + Alertmanager | Vigil / peer |"
  echo "|---|---|---|---|"
  for k in sum_s max_s; do
    v=$(round_median vigil "$k") p=$(round_median prom "$k")
    v=$(awk -v x="$v" 'BEGIN {printf "%.1f", x * 1000}') p=$(awk -v x="$p" 'BEGIN {printf "%.1f", x * 1000}')
    case $k in
      sum_s) echo "| evaluation round: sum of the groups' evaluationTime, ms (median) | $v | $p | $(ratio "$v" "$p") |" ;;
      max_s) echo "| slowest group's evaluationTime, ms (median) | $v | $p | $(ratio "$v" "$p") |" ;;
    esac
  done
  echo "| CPU time per round (user + system), s | ${cpu_round[vigil]} | ${cpu_round[prom]} | $(ratio "${cpu_round[vigil]}" "${cpu_round[prom]}") |"
  echo "| reload with the rules (POST /-/reload), s | ${reload_s[vigil]} | ${reload_s[prom]} | $(ratio "${reload_s[vigil]}" "${reload_s[prom]}") |"
  for k in before after peak; do
    local -n table="rss_$k"
    v=$(mib "${table[vigil]}") p=$(mib "${table[prom]}")
    echo "| RSS $k, MiB | $v | $p | $(ratio "$v" "$p") |"
  done
  v=$(mib $((rss_after[vigil] - rss_before[vigil]))) p=$(mib $((rss_after[prom] - rss_before[prom])))
  echo "| RSS growth from the rules (after − before), MiB | $v | $p | $(ratio "$v" "$p") |"
  v=$(mib $((rss_peak[vigil] - rss_before[vigil]))) p=$(mib $((rss_peak[prom] - rss_before[prom])))
  echo "| RSS peak growth (peak − before), MiB | $v | $p | $(ratio "$v" "$p") |"
  echo "| alerts firing / pending at the last round | $(field_of vigil firing) / $(field_of vigil pending) |" \
    "$(field_of prom firing) / $(field_of prom pending) | |"
  echo "| rules with health err | $(field_of vigil errors) | $(field_of prom errors) | |"
  v=$(latency_median vigil) p=$(latency_median prom)
  v=$(awk -v x="$v" 'BEGIN {printf "%.0f", x}') p=$(awk -v x="$p" 'BEGIN {printf "%.0f", x}')
  echo "| notification latency, sample written → webhook received, ms (median of $trials) | $v | $p | $(ratio "$v" "$p") |"
  v=$(latency_median vigil 4) p=$(latency_median prom 4)
  v=$(awk -v x="$v" 'BEGIN {printf "%.1f", x}') p=$(awk -v x="$p" 'BEGIN {printf "%.1f", x}')
  echo "| notification latency from the firing evaluation (startsAt → webhook received), ms (median) | $v | $p | $(ratio "$v" "$p") |"
  echo "| notification latency, min–max ms (timeouts) | $(latency_range vigil) ($(timeouts vigil)) | $(latency_range prom) ($(timeouts prom)) | |"
  echo
  echo "Each round is one snapshot of /api/v1/rules an interval after the last: the groups' last evaluationTime" \
    "added up (wall time of each group's evaluation; the groups spread over the interval), and the slowest." \
    "CPU time is the server process's over the $rounds rounds, divided by $rounds; it includes answering the" \
    "snapshots and, for Prometheus, sending its alerts to Alertmanager (whose own CPU is not counted)." \
    "RSS before is after loading the data, before the reload; peak is VmHWM since then."
  echo
  echo "Notification latency: from just before the remote write of a new trigger sample to the webhook's arrival." \
    "It includes the write, the wait for the trigger group's next evaluation (interval 1s: 0–1 s, about 0.5 s" \
    "on average), the evaluation, handing the new alert over (Vigil: in process; Prometheus: its notifier queue" \
    "and an HTTP POST to Alertmanager's /api/v2/alerts), Alertmanager's or Vigil's dispatch (a new group," \
    "group_wait 0s: flushed at once) and the webhook POST. The resend delay plays no part: a new firing alert is" \
    "sent at the evaluation that fires it. During this phase only the trigger group is loaded. The second latency" \
    "row starts at the alert's startsAt in the webhook body (the time of the evaluation that fired it, on the" \
    "same clock), so it leaves out the wait for the evaluation, which dominates the first row's spread."
}

if [[ -n $results ]]; then
  report | tee "$results"
  log "wrote $results"
else
  report
fi
