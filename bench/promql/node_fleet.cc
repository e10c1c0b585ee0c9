#include "bench/promql/node_fleet.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "bench/seeded_random.h"

namespace vigil::bench {
namespace {

constexpr uint32_t kCpus = 8;
constexpr std::array<const char*, 8> kModes = {"idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"};
// Of the busy time, each mode's share (idle takes the rest).
constexpr std::array<double, 8> kBusyShare = {0, 0.05, 0.02, 0.02, 0.04, 0.02, 0.25, 0.60};
constexpr std::array<const char*, 2> kHandlers = {"/api/v1/orders", "/metrics"};
constexpr std::array<const char*, 12> kLe = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25",
                                             "0.5",   "1",    "2.5",   "5",    "10",  "+Inf"};
constexpr std::array<double, 12> kLeValue = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, INFINITY};
constexpr std::array<const char*, 4> kMounts = {"/", "/boot", "/var", "/home"};
constexpr std::array<const char*, 4> kDevices = {"/dev/sda1", "/dev/sda2", "/dev/sdb1", "/dev/sdc1"};
constexpr std::array<const char*, 2> kNics = {"eth0", "eth1"};
constexpr double kMemTotal = 16.0 * (1ULL << 30);

// Where each kind of series starts within a host's 100.
constexpr uint32_t kCpuAt = 0;                           // 64: cpu * 8 + mode
constexpr uint32_t kBucketAt = kCpuAt + kCpus * 8;       // 24: handler * 12 + le
constexpr uint32_t kSumAt = kBucketAt + 2 * kLe.size();  // 2
constexpr uint32_t kCountAt = kSumAt + 2;                // 2
constexpr uint32_t kMemAt = kCountAt + 2;                // 1
constexpr uint32_t kFsAt = kMemAt + 1;                   // 4
constexpr uint32_t kNetAt = kFsAt + kMounts.size();      // 2
constexpr uint32_t kInfoAt = kNetAt + kNics.size();      // 1
static_assert(kInfoAt + 1 == kSeriesPerHost);

double noise(uint64_t& state) { return 2 * uniform(state) - 1; }  // in [-1, 1)

// The lognormal latency distribution's CDF.
double lognormal_cdf(double x, double median, double sigma) {
  if (std::isinf(x)) return 1;
  return 0.5 * std::erfc(-std::log(x / median) / (sigma * std::sqrt(2.0)));
}

}  // namespace

struct NodeFleet::Host {
  uint64_t rng = 0;
  int64_t offset_ms = 0;  // scrape time before the grid
  size_t reboot_scrape = SIZE_MAX;
  double load = 0;  // busy fraction of each cpu, on average
  double requests_per_s = 0;
  double latency_median = 0;
  double net_bytes_per_s[2] = {};
  double cpu[kCpus * 8] = {};
  double buckets[2][kLe.size()] = {};
  double sum[2] = {};
  double mem = 0;
  double fs[kMounts.size()] = {};
  double net[2] = {};
};

NodeFleet::NodeFleet(NodeFleetOptions options) : options_(options) {
  scrapes_ = static_cast<size_t>(options_.duration_ms / options_.interval_ms);
  hosts_.resize(options_.hosts);
  for (uint32_t h = 0; h < options_.hosts; ++h) init_host(hosts_[h], h);
}

NodeFleet::~NodeFleet() = default;

void NodeFleet::init_host(Host& host, uint32_t index) {
  host.rng = options_.seed * 0x2545f4914f6cdd1dULL + index;
  uint64_t& r = host.rng;
  host.offset_ms = static_cast<int64_t>(next_u64(r) % static_cast<uint64_t>(options_.interval_ms));
  if (uniform(r) < options_.reboot_fraction && scrapes_ > 2) host.reboot_scrape = 1 + next_u64(r) % (scrapes_ - 1);
  host.load = 0.05 + 0.6 * uniform(r);
  host.requests_per_s = 20 + 180 * uniform(r);
  host.latency_median = 0.02 + 0.08 * uniform(r);
  for (double& rate : host.net_bytes_per_s) rate = 1e5 * std::pow(100.0, uniform(r));
  // Up for some days already: counters start large.
  const double uptime_s = 86400 * (1 + 30 * uniform(r));
  for (uint32_t c = 0; c < kCpus; ++c) {
    for (uint32_t m = 0; m < kModes.size(); ++m) {
      const double share = m == 0 ? 1 - host.load : host.load * kBusyShare[m];
      host.cpu[c * 8 + m] = std::round(uptime_s * share * 100) / 100;
    }
  }
  for (int k = 0; k < 2; ++k) {
    const double rps = k == 0 ? host.requests_per_s : 1.0 / 15;
    const double median = k == 0 ? host.latency_median : 0.004;
    const double requests = std::round(uptime_s * rps);
    for (size_t b = 0; b < kLe.size(); ++b)
      host.buckets[k][b] = std::round(requests * lognormal_cdf(kLeValue[b], median, 0.8));
    host.sum[k] = requests * median * std::exp(0.32);
  }
  host.mem = kMemTotal * (0.2 + 0.6 * uniform(r));
  for (double& avail : host.fs) avail = std::round(1e9 + 2e11 * uniform(r));
  for (int n = 0; n < 2; ++n) host.net[n] = std::round(uptime_s * host.net_bytes_per_s[n]);
}

storage::LabelSet NodeFleet::labels(uint32_t series) const {
  const uint32_t host = series / kSeriesPerHost, i = series % kSeriesPerHost;
  std::vector<storage::Label> labels = {{"instance", "host-" + std::to_string(host) + ":9100"}, {"job", "node"}};
  const auto name = [&](std::string n) { labels.push_back({std::string(storage::kMetricNameLabel), std::move(n)}); };
  if (i < kBucketAt) {
    name("node_cpu_seconds_total");
    labels.push_back({"cpu", std::to_string((i - kCpuAt) / 8)});
    labels.push_back({"mode", kModes[(i - kCpuAt) % 8]});
  } else if (i < kSumAt) {
    name("http_request_duration_seconds_bucket");
    labels.push_back({"handler", kHandlers[(i - kBucketAt) / kLe.size()]});
    labels.push_back({"le", kLe[(i - kBucketAt) % kLe.size()]});
  } else if (i < kCountAt) {
    name("http_request_duration_seconds_sum");
    labels.push_back({"handler", kHandlers[i - kSumAt]});
  } else if (i < kMemAt) {
    name("http_request_duration_seconds_count");
    labels.push_back({"handler", kHandlers[i - kCountAt]});
  } else if (i < kFsAt) {
    name("node_memory_MemAvailable_bytes");
  } else if (i < kNetAt) {
    name("node_filesystem_avail_bytes");
    labels.push_back({"device", kDevices[i - kFsAt]});
    labels.push_back({"mountpoint", kMounts[i - kFsAt]});
  } else if (i < kInfoAt) {
    name("node_network_receive_bytes_total");
    labels.push_back({"device", kNics[i - kNetAt]});
  } else {
    name("node_uname_info");
    labels.push_back({"nodename", "node-" + std::to_string(host) + ".example.org"});
    labels.push_back({"release", "6.1.0-" + std::to_string(10 + host % 5) + "-amd64"});
    labels.push_back({"machine", "x86_64"});
    labels.push_back({"sysname", "Linux"});
  }
  return *storage::LabelSet::from(std::move(labels));
}

bool NodeFleet::next_scrape(std::vector<storage::Sample>& out) {
  if (next_scrape_ >= scrapes_) return false;
  const int64_t grid_t = options_.end_ms - static_cast<int64_t>(scrapes_ - 1 - next_scrape_) * options_.interval_ms;
  out.resize(series());
  for (uint32_t h = 0; h < options_.hosts; ++h) {
    scrape_host(hosts_[h], grid_t - hosts_[h].offset_ms, out.data() + h * kSeriesPerHost);
  }
  ++next_scrape_;
  return true;
}

void NodeFleet::scrape_host(Host& host, int64_t t, storage::Sample* out) {
  uint64_t& r = host.rng;
  const double dt = static_cast<double>(options_.interval_ms) / 1000;
  if (next_scrape_ == host.reboot_scrape) {
    // Counters restart from zero; the first scrape after the reboot adds one interval to them below.
    std::fill(std::begin(host.cpu), std::end(host.cpu), 0.0);
    for (auto& b : host.buckets) std::fill(std::begin(b), std::end(b), 0.0);
    std::fill(std::begin(host.sum), std::end(host.sum), 0.0);
    std::fill(std::begin(host.net), std::end(host.net), 0.0);
    host.mem = kMemTotal * 0.9;
  }
  if (next_scrape_ > 0) {
    for (uint32_t c = 0; c < kCpus; ++c) {
      const double busy = std::clamp(host.load * (1 + 0.4 * noise(r)), 0.0, 0.98);
      for (uint32_t m = 0; m < kModes.size(); ++m) {
        const double share = m == 0 ? 1 - busy : busy * kBusyShare[m] * (1 + 0.2 * noise(r));
        host.cpu[c * 8 + m] = std::round((host.cpu[c * 8 + m] + dt * share) * 100) / 100;
      }
    }
    for (int k = 0; k < 2; ++k) {
      const double rps = k == 0 ? host.requests_per_s * (1 + 0.3 * noise(r)) : 1.0 / 15;
      const double median = (k == 0 ? host.latency_median : 0.004) * (1 + 0.2 * noise(r));
      const double requests = std::round(rps * dt);
      for (size_t b = 0; b < kLe.size(); ++b) {
        host.buckets[k][b] += std::round(requests * lognormal_cdf(kLeValue[b], median, 0.8));
      }
      host.sum[k] += requests * median * std::exp(0.32) * (1 + 0.05 * noise(r));
    }
    host.mem = std::clamp(host.mem + 64e6 * noise(r), 0.05 * kMemTotal, 0.95 * kMemTotal);
    for (double& avail : host.fs) {
      avail = uniform(r) < 0.002 ? avail + 5e9 : std::max(0.0, avail - std::round(1e6 * uniform(r)));
    }
    for (int n = 0; n < 2; ++n) host.net[n] += std::round(host.net_bytes_per_s[n] * dt * (1 + 0.5 * noise(r)));
  }
  for (uint32_t i = 0; i < kCpus * 8; ++i) out[kCpuAt + i] = {t, host.cpu[i]};
  for (int k = 0; k < 2; ++k) {
    for (size_t b = 0; b < kLe.size(); ++b) out[kBucketAt + k * kLe.size() + b] = {t, host.buckets[k][b]};
    out[kSumAt + k] = {t, host.sum[k]};
    out[kCountAt + k] = {t, host.buckets[k][kLe.size() - 1]};
  }
  out[kMemAt] = {t, std::round(host.mem / 4096) * 4096};
  for (size_t f = 0; f < kMounts.size(); ++f) out[kFsAt + f] = {t, host.fs[f]};
  for (int n = 0; n < 2; ++n) out[kNetAt + n] = {t, host.net[n]};
  out[kInfoAt] = {t, 1};
}

}  // namespace vigil::bench
