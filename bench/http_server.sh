#!/usr/bin/env bash
# HTTP server throughput and memory, Vigil beside Prometheus, in one run.
#
# Starts a Release `vigil serve` and Debian's `prometheus` on free loopback
# ports, then drives each with wrk (same threads, connections and duration)
# on the liveness endpoint and on the self-metrics endpoint, several rounds,
# alternating servers so machine noise hits both alike. Prints medians and the
# Vigil/Prometheus ratios, and the resident memory of each afterwards.
#
# Usage: bench/http_server.sh [ROUNDS=5] [SECONDS=5] [CONNECTIONS=32]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5} seconds=${2:-5} connections=${3:-32}

scripts/setup
scripts/build build-release Release -DVIGIL_BUILD_TESTS=OFF >/dev/null

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
work=$(mktemp -d)
vport=$(free_port) pport=$(free_port)
cleanup() { kill "$vpid" "$ppid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

build-release/src/cli/vigil serve --listen "127.0.0.1:$vport" --data "$work/vigil" 2>"$work/vigil.log" &
vpid=$!
mkdir -p "$work/prom"
printf 'global:\n  scrape_interval: 1h\n' >"$work/prom.yml"
prometheus --config.file="$work/prom.yml" --storage.tsdb.path="$work/prom" \
  --web.listen-address="127.0.0.1:$pport" 2>"$work/prom.log" &
ppid=$!
for url in "http://127.0.0.1:$vport/-/ready" "http://127.0.0.1:$pport/-/ready"; do
  for _ in $(seq 100); do curl -sf "$url" >/dev/null && break; sleep 0.1; done
done

rps() { wrk -t2 -c"$connections" -d"${seconds}s" "$1" | awk '/Requests\/sec/ {print $2}'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
rss_mib() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }

echo "# HTTP server: Vigil vs Prometheus $(prometheus --version 2>&1 | head -1 | awk '{print $3}')"
echo
echo "command: bench/http_server.sh $rounds $seconds $connections  (wrk -t2 -c$connections -d${seconds}s, $rounds rounds, $(nproc) cores)"
echo
echo "| endpoint | Vigil req/s (median) | Prometheus req/s (median) | Vigil / Prometheus |"
echo "|---|---|---|---|"
for path in /-/healthy /metrics; do
  v=() p=()
  for _ in $(seq "$rounds"); do
    v+=("$(rps "http://127.0.0.1:$vport$path")")
    p+=("$(rps "http://127.0.0.1:$pport$path")")
  done
  vm=$(printf '%s\n' "${v[@]}" | median) pm=$(printf '%s\n' "${p[@]}" | median)
  printf '| `%s` | %.0f | %.0f | %.2f |\n' "$path" "$vm" "$pm" "$(awk -v a="$vm" -v b="$pm" 'BEGIN {print a / b}')"
done
echo
echo "\`/metrics\` bodies differ: Vigil $(curl -s "http://127.0.0.1:$vport/metrics" | wc -c) bytes, Prometheus $(curl -s "http://127.0.0.1:$pport/metrics" | wc -c) bytes;"
echo "that row compares each server's own self-monitoring cost, not equal work. \`/-/healthy\` is equal work."
echo
echo "| resident memory after the runs | Vigil | Prometheus |"
echo "|---|---|---|"
echo "| MiB | $(rss_mib "$vpid") | $(rss_mib "$ppid") |"
