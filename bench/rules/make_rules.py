#!/usr/bin/python3
"""Writes the alerting rules of the rules comparison (bench/rules/compare.sh).

RULES rules over the node fleet of bench/promql/node_fleet.h, GROUPS groups of
equal size, each group watching its own slice of hosts. Every host gets the
same ten kinds of rules, each a threshold on one of its series: CPU busy and
iowait and system rates from the counters, filesystem and memory gauges,
network and request rates, average latency and the p99 of the latency
histogram. Some rules have a `for`, all have labels and templated
annotations.

Thresholds come from the data: for each kind, the fleet-wide expression is
asked of a server already holding the data (--calibrate URL), and each rule's
threshold is the fleet's value at a quantile drawn between 1 - 2 * FIRING and
1, so that about FIRING of the rules fire (for `<` rules the quantile is
mirrored). Seeded, so both servers get the same file.

Usage: make_rules.py --calibrate http://127.0.0.1:PORT --hosts 1000 --rules 10000
                     --groups 100 --interval 30s --firing 0.03 --seed 1 --out rules.yml
"""
import argparse
import json
import random
import sys
import urllib.parse
import urllib.request

# name, operator, expression with {sel} for the host's selector, and how the
# fleet-wide calibration expression groups (one value per host or series).
KINDS = [
    ("HostCpuBusy", ">", 'sum by (instance) (rate(node_cpu_seconds_total{{{sel}mode!="idle"}}[5m])) / 8'),
    ("HostCpuIowait", ">", 'rate(node_cpu_seconds_total{{{sel}mode="iowait"}}[5m])'),
    ("HostCpuSystem", ">", 'avg by (instance) (rate(node_cpu_seconds_total{{{sel}mode="system"}}[5m]))'),
    ("HostRootFsLow", "<", 'node_filesystem_avail_bytes{{{sel}mountpoint="/"}}'),
    ("HostVarFsLow", "<", 'node_filesystem_avail_bytes{{{sel}mountpoint="/var"}}'),
    ("HostMemoryLow", "<", "node_memory_MemAvailable_bytes{{{sel}}} / 2^30"),
    ("HostNetworkBusy", ">", 'rate(node_network_receive_bytes_total{{{sel}device="eth0"}}[5m])'),
    ("ServiceRequestRate", ">", "rate(http_request_duration_seconds_count{{{sel}}}[5m])"),
    ("ServiceLatencyAvg", ">",
     "rate(http_request_duration_seconds_sum{{{sel}}}[5m]) / rate(http_request_duration_seconds_count{{{sel}}}[5m])"),
    ("ServiceLatencyP99", ">",
     'histogram_quantile(0.99, sum by (instance, le) (rate(http_request_duration_seconds_bucket{{{sel}handler="/api/v1/orders"}}[5m])))'),
]
FORS = ["0s", "0s", "0s", "1m", "5m"]
SEVERITIES = ["warning", "critical", "page"]


def fleet_values(url, expr):
    """The fleet-wide expression's values, sorted; exits when the server does not answer."""
    query = urllib.parse.urlencode({"query": expr})
    with urllib.request.urlopen(f"{url}/api/v1/query?{query}", timeout=120) as response:
        answer = json.load(response)
    if answer.get("status") != "success":
        sys.exit(f"make_rules.py: calibration query failed: {expr}: {answer.get('error')}")
    values = sorted(float(r["value"][1]) for r in answer["data"]["result"])
    if not values:
        sys.exit(f"make_rules.py: calibration query has no result: {expr}")
    return values


def at_quantile(values, q):
    return values[min(len(values) - 1, int(q * len(values)))]


def quote(text):
    return "'" + text.replace("'", "''") + "'"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--calibrate", required=True, help="base URL of a server holding the data")
    p.add_argument("--hosts", type=int, required=True)
    p.add_argument("--rules", type=int, default=10000)
    p.add_argument("--groups", type=int, default=100)
    p.add_argument("--interval", default="30s")
    p.add_argument("--firing", type=float, default=0.03)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    if a.rules % a.groups:
        sys.exit("make_rules.py: --rules must be a multiple of --groups")
    rng = random.Random(a.seed)
    fleet = [fleet_values(a.calibrate, expr.format(sel="")) for _, _, expr in KINDS]
    per_group = a.rules // a.groups
    lines = ["groups:"]
    for g in range(a.groups):
        lines += [f"  - name: fleet-{g:03d}", f"    interval: {a.interval}", "    rules:"]
        for r in range(per_group):
            i = g * per_group + r
            kind = i % len(KINDS)
            host = (i // len(KINDS)) % a.hosts
            name, op, expr = KINDS[kind]
            q = 1 - 2 * a.firing * rng.random()
            threshold = at_quantile(fleet[kind], q if op == ">" else 1 - q)
            sel = f'instance="host-{host}:9100",'
            lines += [
                f"      - alert: {name}",
                f"        expr: {quote(f'{expr.format(sel=sel)} {op} {threshold:.6g}')}",
            ]
            duration = FORS[rng.randrange(len(FORS))]
            if duration != "0s":
                lines.append(f"        for: {duration}")
            lines += [
                "        labels:",
                f"          severity: {SEVERITIES[i % len(SEVERITIES)]}",
                f"          team: team-{g % 7}",
                "        annotations:",
                f"          summary: {quote(name + ' on {{ $labels.instance }}')}",
                f"          description: {quote('{{ $labels.instance }} is at {{ $value | humanize }} (threshold ' + f'{threshold:.6g})')}",
            ]
    with open(a.out, "w") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
