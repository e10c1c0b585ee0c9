#pragma once
// The data of the PromQL comparison (bench/promql/compare.sh): a fleet of
// hosts, each exposing what a node exporter and one web service on it would,
// 100 series per host:
//
//   node_cpu_seconds_total{cpu="0".."7", mode=<8 modes>}     64 counters
//   http_request_duration_seconds_bucket{handler, le}        2 handlers x 12 buckets
//   http_request_duration_seconds_sum / _count{handler}      2 + 2
//   node_memory_MemAvailable_bytes                           1 gauge
//   node_filesystem_avail_bytes{device, mountpoint}          4 gauges
//   node_network_receive_bytes_total{device}                 2 counters
//   node_uname_info{nodename, release, machine, sysname}     1 info metric (value 1)
//
// all with instance="host-N:9100" and job="node". Counters grow by realistic
// increments; about 3 % of the hosts (one of 100 with seed 1) reboot once
// mid-range and their counters restart from zero. Each host scrapes at its
// own fixed offset from the 15 s grid, as real targets do. Deterministic from
// the seed.

#include <cstdint>
#include <vector>

#include "storage/labels/label_set.h"
#include "storage/sample.h"

namespace vigil::bench {

struct NodeFleetOptions {
  uint64_t seed = 1;
  uint32_t hosts = 100;
  int64_t duration_ms = 2 * 3600 * 1000;
  int64_t interval_ms = 15'000;
  int64_t end_ms = 0;             // the grid time of the last scrape (hosts scrape up to an interval earlier)
  double reboot_fraction = 0.03;  // of hosts, rebooted once mid-range (counters reset)
};

inline constexpr uint32_t kSeriesPerHost = 100;

class NodeFleet {
 public:
  explicit NodeFleet(NodeFleetOptions options);
  ~NodeFleet();
  NodeFleet(const NodeFleet&) = delete;
  NodeFleet& operator=(const NodeFleet&) = delete;

  uint32_t series() const noexcept { return options_.hosts * kSeriesPerHost; }
  size_t scrapes() const noexcept { return scrapes_; }
  // Series id: host * kSeriesPerHost + the series' place in the host (the table above).
  storage::LabelSet labels(uint32_t series) const;

  // The samples of the next scrape of every host, out[id] for series id;
  // false once all scrapes are out.
  bool next_scrape(std::vector<storage::Sample>& out);

 private:
  struct Host;
  void init_host(Host& host, uint32_t index);
  void scrape_host(Host& host, int64_t t, storage::Sample* out);

  NodeFleetOptions options_;
  size_t scrapes_ = 0;
  size_t next_scrape_ = 0;
  std::vector<Host> hosts_;
};

}  // namespace vigil::bench
