# Sourced by the comparison scripts (bench/*/compare.sh): what they share to
# run Vigil and its peers one at a time on free loopback ports and to read
# the driver's key=value output. The caller sets `script` (its name in
# messages) before sourcing.

log() { echo "$script: $*" >&2; }
require_tools() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { log "$tool not found; run scripts/setup"; exit 1; }
  done
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The scratch directory and the one server running at a time ($pid), both
# gone when the script ends however it ends.
work=$(mktemp -d)
pid=""
cleanup() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
stop_server() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

wait_ready() { for _ in $(seq 300); do curl -sf "$1" >/dev/null && return 0; sleep 0.1; done; log "$1 not ready"; exit 1; }
value() { awk -F= -v k="$2" '$1 == k {print $2}' "$1"; }
now() { date +%s.%N; }

# For scripts that run several servers at once: each adds its server's pid to
# `pids` and calls use_several_servers, so every one is stopped however the
# script ends.
pids=()
cleanup_all() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
use_several_servers() {
  trap cleanup_all EXIT
  trap 'exit 130' INT TERM
}

seconds_of() {  # a Prometheus duration (2h, 90m, 1h30m, 15s) in seconds
  local text=$1 total=0
  while [[ $text =~ ^([0-9]+)([hms])(.*)$ ]]; do
    case ${BASH_REMATCH[2]} in
      h) total=$((total + BASH_REMATCH[1] * 3600)) ;;
      m) total=$((total + BASH_REMATCH[1] * 60)) ;;
      s) total=$((total + BASH_REMATCH[1])) ;;
    esac
    text=${BASH_REMATCH[3]}
  done
  [[ -z $text && $total -gt 0 ]] || { log "bad duration: $1"; exit 2; }
  echo "$total"
}
