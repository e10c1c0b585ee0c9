"""The shape of a /api/v1/query_range answer, for bench/promql/compare.sh.

Usage: answer_shape.py FILE
Prints "ok SERIES POINTS" for a successful matrix answer, else
"error MESSAGE" (one line, the server's error or what was wrong with it).
"""
import json
import sys


def shape(path):
    try:
        with open(path, "rb") as f:
            answer = json.load(f)
    except (OSError, ValueError) as e:
        return "error unreadable answer: " + str(e).splitlines()[0][:120]
    if not isinstance(answer, dict) or answer.get("status") != "success":
        error = answer.get("error", "no error message") if isinstance(answer, dict) else "not a JSON object"
        return "error " + " ".join(str(error).split())[:160]
    data = answer.get("data") or {}
    if data.get("resultType") != "matrix":
        return "error resultType %s, not matrix" % data.get("resultType")
    result = data.get("result") or []
    points = sum(len(s.get("values") or []) + len(s.get("histograms") or []) for s in result)
    return "ok %d %d" % (len(result), points)


if __name__ == "__main__":
    print(shape(sys.argv[1]))
