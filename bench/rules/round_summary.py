#!/usr/bin/python3
"""One evaluation round of the rules comparison, from a server's /api/v1/rules answer (stdin).

Prints "groups N sum_s S max_s M evaluated_within_s W firing F pending P errors E":
over the groups whose name starts with PREFIX, the number of groups, the sum
and the largest of their last evaluationTime, how long ago the oldest
lastEvaluation was (relative to --now, Unix seconds), the firing and pending
alerts, and the rules with health "err".

Usage: curl -s URL/api/v1/rules | round_summary.py --prefix fleet- --now $(date +%s.%N)
"""
import argparse
import datetime
import json
import sys


def unix(text):
    # RFC 3339 with up to nanoseconds; Python takes microseconds.
    text = text.replace("Z", "+00:00")
    if "." in text:
        head, rest = text.split(".", 1)
        digits = "".join(c for c in rest if c.isdigit())
        zone = rest[len(digits):]
        text = f"{head}.{digits[:6].ljust(6, '0')}{zone}"
    return datetime.datetime.fromisoformat(text).timestamp()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--prefix", default="fleet-")
    p.add_argument("--now", type=float, required=True)
    a = p.parse_args()
    try:
        answer = json.load(sys.stdin)
        groups = [g for g in answer["data"]["groups"] if g["name"].startswith(a.prefix)]
    except (ValueError, KeyError) as e:
        sys.exit(f"round_summary.py: not a rules answer: {e}")
    times = [float(g.get("evaluationTime", 0)) for g in groups]
    last = [unix(g["lastEvaluation"]) for g in groups if not g["lastEvaluation"].startswith("0001")]
    states = [a_["state"] for g in groups for r in g["rules"] for a_ in r.get("alerts", [])]
    errors = sum(r.get("health") == "err" for g in groups for r in g["rules"])
    within = a.now - min(last) if len(last) == len(groups) and last else -1
    print(f"groups {len(groups)} sum_s {sum(times):.6f} max_s {max(times, default=0):.6f} evaluated_within_s {within:.1f}"
          f" firing {states.count('firing')} pending {states.count('pending')} errors {errors}")


if __name__ == "__main__":
    main()
