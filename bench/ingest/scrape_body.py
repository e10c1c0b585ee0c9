#!/usr/bin/env python3
"""Writes a realistic scrape body (Prometheus text format 0.0.4) to stdout.

The input of bench/ingest/text_parse_compare.sh: what a busy node's scrapes
look like when put together, so that both parsers meet the shapes they meet
in production rather than one repeated line. In order:
- a node exporter's families (cpu by mode, filesystems, network devices,
  disks), with HELP and TYPE lines;
- cAdvisor-style container families, whose series carry many long labels
  (id, image, name, namespace, pod);
- an application's request counters and latency histograms by handler,
  method and code, and a summary;
- Go runtime gauges and the GC summary, a few escaped label values and
  explicit timestamps.
Values are seeded random: counters as large integers, gauges as decimals
and exponents, some NaN and +Inf. Every family is written once, HELP and
TYPE before its samples, as the format asks, so that both parsers accept it.
"""

import argparse
import random


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--containers", type=int, default=400, help="containers in the cAdvisor part (its size scales with it)")
    ap.add_argument("--handlers", type=int, default=250, help="HTTP handlers in the application part")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = []

    def family(name, kind, help_text):
        out.append(f"# HELP {name} {help_text}\n# TYPE {name} {kind}\n")

    def labels(pairs):
        return "{" + ",".join(f'{k}="{v}"' for k, v in pairs) + "}" if pairs else ""

    def sample(name, pairs, value):
        out.append(f"{name}{labels(pairs)} {value}\n")

    def counter():
        return str(rng.randrange(0, 10**rng.randrange(2, 13)))

    def gauge():
        return rng.choice([f"{rng.uniform(0, 1000):.6g}", f"{rng.uniform(0, 1e10):.17g}", f"{rng.uniform(0, 1):.3e}",
                           str(rng.randrange(0, 65536))])

    # Node exporter.
    family("node_cpu_seconds_total", "counter", "Seconds the CPUs spent in each mode.")
    for cpu in range(32):
        for mode in ("idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"):
            sample("node_cpu_seconds_total", [("cpu", cpu), ("mode", mode)], f"{rng.uniform(0, 1e6):.2f}")
    mounts = [("/dev/nvme0n1p2", "ext4", "/"), ("/dev/nvme0n1p1", "vfat", "/boot/efi"), ("tmpfs", "tmpfs", "/run"),
              ("/dev/sdb1", "xfs", "/var/lib/data"), ("tmpfs", "tmpfs", "/run/user/1000")] + [
        ("overlay", "overlay", f"/var/lib/containerd/io.containerd.runtime.v2.task/k8s.io/{rng.getrandbits(128):032x}/rootfs")
        for _ in range(40)]
    for name, help_text in (("avail_bytes", "Filesystem space available to non-root users in bytes."),
                            ("free_bytes", "Filesystem free space in bytes."), ("size_bytes", "Filesystem size in bytes."),
                            ("files", "Filesystem total file nodes."), ("files_free", "Filesystem total free file nodes."),
                            ("readonly", "Filesystem read-only status."),
                            ("device_error", "Whether an error occurred while getting statistics for the given device.")):
        family(f"node_filesystem_{name}", "gauge", help_text)
        for device, fstype, mountpoint in mounts:
            sample(f"node_filesystem_{name}", [("device", device), ("fstype", fstype), ("mountpoint", mountpoint)],
                   gauge() if "bytes" in name or "files" in name else rng.choice("01"))
    devices = ["lo", "eth0", "eth1", "docker0"] + [f"veth{rng.getrandbits(28):07x}" for _ in range(40)]
    for name in ("receive_bytes_total", "receive_packets_total", "receive_errs_total", "receive_drop_total",
                 "transmit_bytes_total", "transmit_packets_total", "transmit_errs_total", "transmit_drop_total"):
        family(f"node_network_{name}", "counter", f"Network device statistic {name}.")
        for device in devices:
            sample(f"node_network_{name}", [("device", device)], counter())
    disks = ["nvme0n1", "nvme1n1", "sda", "sdb", "dm-0", "dm-1"]
    for name in ("reads_completed_total", "read_bytes_total", "writes_completed_total", "written_bytes_total",
                 "io_time_seconds_total", "io_now"):
        family(f"node_disk_{name}", "gauge" if name == "io_now" else "counter", f"The number of {name.replace('_', ' ')}.")
        for disk in disks:
            sample(f"node_disk_{name}", [("device", disk)], counter())
    family("node_uname_info", "gauge", "Labeled system information as provided by the uname system call.")
    sample("node_uname_info", [("domainname", "(none)"), ("machine", "x86_64"), ("nodename", "worker-17"),
                               ("release", "6.1.0-13-amd64"), ("sysname", "Linux"),
                               ("version", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1 (2023-09-29)")], 1)

    # cAdvisor: long label sets, most of the bytes.
    namespaces = ["default", "kube-system", "monitoring", "payments", "checkout", "search", "ingest"]
    containers = []
    for i in range(args.containers):
        ns = rng.choice(namespaces)
        app = rng.choice(["api", "worker", "frontend", "redis", "envoy", "fluent-bit", "postgres"])
        pod = f"{app}-{rng.getrandbits(40):010x}-{rng.getrandbits(20):05x}"
        cid = f"{rng.getrandbits(256):064x}"
        containers.append([
            ("container", app), ("id", f"/kubepods/burstable/pod{rng.getrandbits(128):032x}/{cid}"),
            ("image", f"registry.example.com/{ns}/{app}:v{rng.randrange(1, 4)}.{rng.randrange(0, 30)}.{rng.randrange(0, 9)}"),
            ("name", f"k8s_{app}_{pod}_{ns}_{rng.getrandbits(128):032x}_0"), ("namespace", ns), ("pod", pod)])
    for name, kind in (("cpu_usage_seconds_total", "counter"), ("cpu_user_seconds_total", "counter"),
                       ("cpu_system_seconds_total", "counter"), ("memory_usage_bytes", "gauge"),
                       ("memory_working_set_bytes", "gauge"), ("memory_rss", "gauge"), ("memory_cache", "gauge"),
                       ("fs_reads_bytes_total", "counter"), ("fs_writes_bytes_total", "counter"),
                       ("network_receive_bytes_total", "counter"), ("network_transmit_bytes_total", "counter"),
                       ("spec_memory_limit_bytes", "gauge"), ("last_seen", "gauge")):
        family(f"container_{name}", kind, f"Container {name.replace('_', ' ')}.")
        for pairs in containers:
            value = f"{rng.uniform(0, 1e5):.6f}" if "seconds" in name else gauge() if kind == "gauge" else counter()
            extra = [("interface", "eth0")] if "network" in name else [("device", "/dev/nvme0n1")] if "fs_" in name else []
            sample(f"container_{name}", pairs + extra, value)

    # An application: counters and histograms by handler, method and code.
    handlers = [f"/api/v{rng.randrange(1, 3)}/{rng.choice(['items', 'orders', 'users', 'carts', 'search'])}/{i}"
                for i in range(args.handlers)]
    family("http_requests_total", "counter", "Requests handled, by handler, method and code.")
    for handler in handlers:
        for method in ("GET", "POST"):
            for code in ("200", "400", "404", "500"):
                sample("http_requests_total", [("handler", handler), ("method", method), ("code", code)], counter())
    family("http_request_duration_seconds", "histogram", "Request latency.")
    bounds = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"]
    for handler in handlers:
        for method in ("GET", "POST"):
            pairs = [("handler", handler), ("method", method)]
            cumulative = 0
            for le in bounds:
                cumulative += rng.randrange(0, 5000)
                sample("http_request_duration_seconds_bucket", pairs + [("le", le)], cumulative)
            sample("http_request_duration_seconds_sum", pairs, f"{rng.uniform(0, 1e5):.9g}")
            sample("http_request_duration_seconds_count", pairs, cumulative)
    family("rpc_durations_seconds", "summary", "RPC latency distributions.")
    for service in ("exponential", "normal", "uniform"):
        for q in ("0.5", "0.9", "0.99"):
            sample("rpc_durations_seconds", [("service", service), ("quantile", q)], f"{rng.uniform(0, 1):.6e}")
        sample("rpc_durations_seconds_sum", [("service", service)], f"{rng.uniform(0, 1e4):.6f}")
        sample("rpc_durations_seconds_count", [("service", service)], counter())

    # Go runtime, escapes, special values, timestamps.
    family("go_gc_duration_seconds", "summary", "A summary of the pause duration of garbage collection cycles.")
    for q in ("0", "0.25", "0.5", "0.75", "1"):
        sample("go_gc_duration_seconds", [("quantile", q)], f"{rng.uniform(0, 1e-3):.6e}")
    sample("go_gc_duration_seconds_sum", [], "0.129843572")
    sample("go_gc_duration_seconds_count", [], "4212")
    for name in ("go_goroutines", "go_threads", "go_memstats_alloc_bytes", "go_memstats_heap_inuse_bytes",
                 "process_resident_memory_bytes", "process_open_fds"):
        family(name, "gauge", f"Runtime statistic {name}.")
        sample(name, [], gauge())
    family("app_build_info", "gauge", "Build information, with escaped label values.")
    sample("app_build_info", [("path", "C:\\\\srv\\\\app"), ("note", 'said \\"hi\\"'), ("lines", "a\\nb")], 1)
    family("app_last_value", "untyped", "Special values and explicit timestamps.")
    for i, value in enumerate(("NaN", "+Inf", "-Inf", "-0.5", "1e-07")):
        out.append(f'app_last_value{{kind="{i}"}} {value} {1700000000000 + i * 15000}\n')

    print("".join(out), end="")


if __name__ == "__main__":
    main()
