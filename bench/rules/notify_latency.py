#!/usr/bin/python3
"""Notification latency of the rules comparison (bench/rules/compare.sh).

Runs the webhook sink both alerting paths deliver to (one HTTP server on
127.0.0.1, the path naming the path: /vigil or /prom) and the trials. A trial
remote-writes one sample vigil_bench_trigger{trial="NAME"} 1, stamped with
the time of the write, to a server whose rule `vigil_bench_trigger > 0`
(group interval 1s) turns it into a new alert; the latency is from just
before the write to the arrival of the webhook notification carrying that
trial's firing alert. Each trial is a new series, so a new alert and a new
Alertmanager group (group_by: [trial], group_wait: 0s). Trials alternate
between the servers, a random pause apart so that they fall at every phase
of the evaluation interval.

Remote write 1.0 by hand, with the integration tests' encoder
(tests/integration/fixtures/promql/remote_write.py: snappy with literals only).

Usage: notify_latency.py --sink-port P --server vigil=URL --server prom=URL --trials 10 --out FILE
Prints (and writes to FILE) one line per trial: "server trial seconds after_evaluation_seconds"
or "server trial timeout". after_evaluation is from the alert's startsAt (the
evaluation that fired it) to the arrival: the latency without the wait for
the evaluation.
"""
import argparse
import datetime
import http.server
import json
import pathlib
import random
import sys
import threading
import time
import urllib.request

# The remote write encoder of the integration tests' fixtures.
sys.dont_write_bytecode = True  # no __pycache__ left in the fixtures
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tests/integration/fixtures/promql"))
from remote_write import snappy_literals, write_request  # noqa: E402


def remote_write(url, body):
    request = urllib.request.Request(url, data=snappy_literals(body), method="POST", headers={
        "Content-Type": "application/x-protobuf", "Content-Encoding": "snappy",
        "X-Prometheus-Remote-Write-Version": "0.1.0"})
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()


arrivals = {}  # (path, trial) -> (arrival time, startsAt) of its first firing notification
arrived = threading.Condition()


def unix(text):
    """RFC 3339 (nanoseconds allowed) in Unix seconds; None when it does not parse."""
    text = text.replace("Z", "+00:00")
    if "." in text:
        head, rest = text.split(".", 1)
        digits = "".join(c for c in rest if c.isdigit())
        text = f"{head}.{digits[:6].ljust(6, '0')}{rest[len(digits):]}"
    try:
        return datetime.datetime.fromisoformat(text).timestamp()
    except ValueError:
        return None


class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        now = time.time()
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.end_headers()
        try:
            payload = json.loads(body)
        except ValueError:
            return
        with arrived:
            for alert in payload.get("alerts", []):
                trial = alert.get("labels", {}).get("trial")
                if trial and alert.get("status") == "firing":
                    arrivals.setdefault((self.path.strip("/"), trial), (now, unix(alert.get("startsAt", ""))))
            arrived.notify_all()

    def log_message(self, *args):
        pass


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sink-port", type=int, required=True)
    p.add_argument("--server", action="append", required=True, help="NAME=BASE_URL; the sink path is /NAME")
    p.add_argument("--trials", type=int, default=10)
    p.add_argument("--timeout", type=float, default=30)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    servers = [s.split("=", 1) for s in a.server]
    sink = http.server.ThreadingHTTPServer(("127.0.0.1", a.sink_port), Sink)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    rng = random.Random(1)
    with open(a.out, "w") as out:
        for t in range(a.trials):
            for name, url in servers if t % 2 == 0 else reversed(servers):
                time.sleep(1 + rng.random() * 2)
                trial = f"{name}-{t}"
                start = time.time()
                remote_write(f"{url}/api/v1/write",
                             write_request([{"labels": {"__name__": "vigil_bench_trigger", "trial": trial},
                                             "samples": [(int(start * 1000), 1)]}]))
                with arrived:
                    arrived.wait_for(lambda: (name, trial) in arrivals, timeout=a.timeout)
                    got = arrivals.get((name, trial))
                if got:
                    arrival, fired = got
                    after_evaluation = f"{arrival - fired:.4f}" if fired else "?"
                    line = f"{name} {trial} {arrival - start:.4f} {after_evaluation}"
                else:
                    line = f"{name} {trial} timeout"
                print(line, file=sys.stderr)
                out.write(line + "\n")
    sink.shutdown()


if __name__ == "__main__":
    main()
