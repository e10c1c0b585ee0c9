#!/usr/bin/env python3
"""Turns sdk_bench's JSON output (--benchmark_format=json, medians of
repetitions) into bench/results/sdk.md: one table per case, Vigil beside
prometheus-cpp, with the issue's target.

Usage: results_table.py RESULTS.json HEADER.md > sdk.md
HEADER.md is copied first (command line, machine)."""

import json
import sys

SYSTEMS = ("vigil", "prometheus-cpp", "thread_local")

# case -> (title, what one operation is, unit, target text, check(vigil, ratio, threads) or None)
CASES = {
    "counter_inc": (
        "Counter increment on one child (handle kept)",
        "ns per increment per thread",
        "ns",
        {1: "≤ 2 ns", 2: "≤ 2 ns (no slower than 1 thread) and ≥ 10x prometheus-cpp", 8: "≤ 2 ns (no slower than 1 thread)"},
        lambda v, ratio, threads: v <= 2 and (threads != 2 or ratio >= 10),
    ),
    "histogram_observe": (
        "Histogram observe on one child (default buckets)",
        "ns per observation per thread",
        "ns",
        {t: "≤ 10 ns" for t in (1, 2, 8)},
        lambda v, ratio, threads: v <= 10,
    ),
    "label_lookup_inc": (
        'Label lookup + increment, existing child with 2 labels: `with({"a","b"}).inc()` vs `Add({{"k1","a"},{"k2","b"}}).Increment()`',
        "ns per lookup and increment per thread",
        "ns",
        {t: "≤ 50 ns" for t in (1, 2)},
        lambda v, ratio, threads: v <= 50,
    ),
    "collection_10k": (
        "Collection of 10,000 counter children into the text format",
        "µs per collection (collect + write the text)",
        "µs",
        {},
        None,
    ),
    "exporter_running": (
        "Counter increment while an exporter runs every 10 ms (Vigil: its OTLP exporter; prometheus-cpp: collect + text)",
        "ns per increment per thread",
        "ns",
        {},
        None,
    ),
}

TO_NS = {"ns": 1.0, "us": 1e3, "µs": 1e3, "ms": 1e6, "s": 1e9}


def medians(path):
    """(case, system, threads) -> {cpu, wall, counters} in nanoseconds."""
    with open(path) as f:
        report = json.load(f)
    # One repetition has no aggregates: its single run is the median.
    wanted = "median" if any(b.get("aggregate_name") == "median" for b in report["benchmarks"]) else None
    out = {}
    for b in report["benchmarks"]:
        if b.get("aggregate_name") != wanted:
            continue
        case, system = b["run_name"].split("/")[:2]
        scale = TO_NS[b["time_unit"]]
        out[(case, system, b["threads"])] = {
            "cpu": b["cpu_time"] * scale,
            # real_time is wall time over the operations of all threads; times
            # the threads, it is the wall time a thread spends per operation.
            "wall": b["real_time"] * scale * b["threads"],
            "bytes": b.get("bytes"),
        }
    return out


def number(v):
    if v is None:
        return "—"
    return f"{v:.3g}" if v < 100 else f"{v:.0f}"


def cores_busy(r, threads):
    """CPU time over wall time: how many threads ran at once on average."""
    return f"{r['cpu'] * threads / r['wall']:.2f}" if r else "—"


def table(case, results):
    title, operation, unit, targets, check = CASES[case]
    scale = TO_NS[unit]
    thread_counts = sorted({t for (c, _, t) in results if c == case})
    if not thread_counts:
        return []
    baseline = any((case, "thread_local", t) in results for t in thread_counts)
    lines = [f"### {title}", "", f"{operation}: CPU time, medians.", ""]
    head = ["threads", f"Vigil {unit}", f"prometheus-cpp {unit}", "ratio (prometheus-cpp / Vigil)"]
    if baseline:
        head.append(f"thread_local {unit}")
    head += [f"wall {unit} per thread: Vigil / prometheus-cpp", "cores busy: Vigil / prometheus-cpp", "target (issue 7)", "Vigil meets it"]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for t in thread_counts:
        v = results.get((case, "vigil", t))
        p = results.get((case, "prometheus-cpp", t))
        vc = v["cpu"] / scale if v else None
        pc = p["cpu"] / scale if p else None
        ratio = pc / vc if vc and pc else None
        row = [str(t), number(vc), number(pc), f"{ratio:.2f}" if ratio else "—"]
        if baseline:
            b = results.get((case, "thread_local", t))
            row.append(number(b["cpu"] / scale if b else None))
        vw = v["wall"] / scale if v else None
        pw = p["wall"] / scale if p else None
        row.append(f"{number(vw)} / {number(pw)}")
        row.append(f"{cores_busy(v, t)} / {cores_busy(p, t)}")
        target = targets.get(t)
        if target and check and vc is not None and ratio is not None:
            row += [target, "yes" if check(vc, ratio, t) else "no"]
        else:
            row += [target or "none in the issue", "—"]
        lines.append("| " + " | ".join(row) + " |")
    extras = []
    for system in ("vigil", "prometheus-cpp"):
        r = results.get((case, system, thread_counts[0]))
        if r and r["bytes"]:
            extras.append(f"{system}: {r['bytes']:.0f} bytes of text")
    if extras:
        lines += ["", "Output size: " + "; ".join(extras) + "."]
    return lines + [""]


def main():
    results = medians(sys.argv[1])
    with open(sys.argv[2]) as f:
        print(f.read().rstrip("\n"))
    print()
    for case in CASES:
        lines = table(case, results)
        if lines:
            print("\n".join(lines))


if __name__ == "__main__":
    main()
