"""The shape of a /api/v1/query_range answer, for bench/promql/compare.sh.

Usage: answer_shape.py FILE
         prints "ok SERIES POINTS" for a successful matrix answer, else
         "error MESSAGE" (one line: the server's error, or what is wrong).
       answer_shape.py --diff FILE REFERENCE
         prints the largest relative difference |a - b| / max(|a|, |b|)
         between the values of the two answers at the same series (labels)
         and timestamp, as %.1e ("0" when equal; NaN equals NaN), then the
         points of FILE that REFERENCE does not have and the other way
         round: "DIFF ONLY_IN_FILE ONLY_IN_REFERENCE", and "names" after them
         when the series matched only once __name__ was left out of both;
         "-" when either answer is not a successful matrix.
"""
import json
import math
import sys


def load(path):
    """The answer's matrix as {labels: {time: value}}, or an error message."""
    try:
        with open(path, "rb") as f:
            answer = json.load(f)
    except (OSError, ValueError) as e:
        return "unreadable answer: " + str(e).splitlines()[0][:120]
    if not isinstance(answer, dict) or answer.get("status") != "success":
        error = answer.get("error", "no error message") if isinstance(answer, dict) else "not a JSON object"
        return " ".join(str(error).split())[:160]
    data = answer.get("data") or {}
    if data.get("resultType") != "matrix":
        return "resultType %s, not matrix" % data.get("resultType")
    matrix = {}
    for s in data.get("result") or []:
        key = tuple(sorted((s.get("metric") or {}).items()))
        matrix[key] = {float(t): float(v) for t, v in s.get("values") or []}
        for t, h in s.get("histograms") or []:
            matrix[key][float(t)] = h
    return matrix


def shape(path):
    matrix = load(path)
    if isinstance(matrix, str):
        return "error " + matrix
    return "ok %d %d" % (len(matrix), sum(len(points) for points in matrix.values()))


def relative(a, b):
    if not isinstance(a, float) or not isinstance(b, float):
        return 0.0 if a == b else 1.0
    if a == b or (math.isnan(a) and math.isnan(b)):
        return 0.0
    if math.isnan(a) or math.isnan(b) or math.isinf(a) or math.isinf(b):
        return 1.0
    return abs(a - b) / max(abs(a), abs(b))


def diff(path, reference_path):
    mine, reference = load(path), load(reference_path)
    if isinstance(mine, str) or isinstance(reference, str):
        return "-"
    note = ""
    if mine.keys() != reference.keys():
        # VictoriaMetrics keeps the metric name where Prometheus drops it (avg_over_time):
        # compared without it, and said so.
        unnamed = lambda m: {tuple(l for l in k if l[0] != "__name__"): v for k, v in m.items()}
        if len(unnamed(mine)) == len(mine) and unnamed(mine).keys() == unnamed(reference).keys():
            mine, reference, note = unnamed(mine), unnamed(reference), " names"
    largest, only_mine, only_reference = 0.0, 0, 0
    for key in mine.keys() | reference.keys():
        a, b = mine.get(key, {}), reference.get(key, {})
        only_mine += len(a.keys() - b.keys())
        only_reference += len(b.keys() - a.keys())
        for t in a.keys() & b.keys():
            largest = max(largest, relative(a[t], b[t]))
    return "%s %d %d%s" % ("0" if largest == 0 else "%.1e" % largest, only_mine, only_reference, note)


if __name__ == "__main__":
    if sys.argv[1] == "--diff":
        print(diff(sys.argv[2], sys.argv[3]))
    else:
        print(shape(sys.argv[1]))
