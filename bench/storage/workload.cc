#include "bench/storage/workload.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "bench/seeded_random.h"
#include "storage/sample.h"

namespace vigil::bench {

namespace {

constexpr size_t kNever = std::numeric_limits<size_t>::max();

const char* const kJobs[] = {"checkout", "payments", "identity", "search"};
const char* const kNamespaces[] = {"shop", "billing", "auth", "catalog"};
const char* const kHandlers[] = {"/api/v1/orders", "/api/v1/users", "/api/v1/items",
                                 "/api/v1/cart",   "/healthz",      "/login"};
// Requests per scrape interval for GET; POST sees a third of that.
constexpr double kHandlerRates[] = {400, 150, 900, 60, 2, 12};
const char* const kMethods[] = {"GET", "POST"};
const char* const kCodes[] = {"200", "201", "400", "404", "500"};
// Prometheus's default histogram buckets.
constexpr double kBuckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                               0.5,   1,    2.5,   5,    10,  std::numeric_limits<double>::infinity()};
const char* const kBucketLabels[] = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25",
                                     "0.5",   "1",    "2.5",   "5",    "10",  "+Inf"};
constexpr uint32_t kBucketCount = std::size(kBuckets);

// Rounds as an exporter's text output would: `quantum` 0 keeps full
// precision, 0.01 keeps two decimals, 4096 rounds to whole pages.
double quantize(double v, double quantum) {
  if (quantum == 0) return v;
  if (quantum >= 1) return std::round(v / quantum) * quantum;
  const double scale = std::round(1 / quantum);
  return std::round(v * scale) / scale;
}

}  // namespace

struct Workload::SeriesSpec {
  enum class Kind { constant, counter, gauge_walk, gauge_noise, sawtooth, start_time, histogram };
  Kind kind;
  std::string name;
  std::vector<storage::Label> extra;
  double base = 0;         // constant value, walk start, counter or histogram rate per scrape, noise mean
  double noise = 0;        // walk step size, relative noise
  double drift = 0;        // walk drift per scrape
  double quantum = 0;      // see quantize()
  double probability = 1;  // a walk moves at a scrape with this probability
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  uint32_t bucket = 0;  // histogram: index of this series in its family (buckets, then _sum, then _count)
};

struct Workload::Target {
  uint32_t first_id;
  uint32_t count;  // series emitted, a prefix of specs_
  uint32_t slot;
  uint32_t pod;
  int64_t offset_ms;  // 0 for targets scraped on the grid
  size_t restart_scrape;
  size_t end_scrape;          // replaced by a new pod at this scrape
  std::vector<double> value;  // per spec
  std::vector<double> param;  // per spec: counter rate, histogram bucket CDF / mean / rate
};

namespace {

// Irwin–Hall with four terms, scaled to unit variance: cheap and close enough to normal.
double normal(uint64_t& state) {
  return (uniform(state) + uniform(state) + uniform(state) + uniform(state) - 2) * 1.7320508075688772;
}
double poisson(uint64_t& state, double mean) {
  if (mean <= 0) return 0;
  if (mean > 30) return std::max(0.0, std::round(mean + std::sqrt(mean) * normal(state)));
  const double limit = std::exp(-mean);
  double k = 0;
  for (double p = uniform(state); p > limit; p *= uniform(state)) ++k;
  return k;
}
// Picks `fraction` of the items evenly: item i is picked when the rounded
// running count steps, so even a short list gets one once fraction × n ≥ 0.5.
bool evenly_picked(uint32_t i, double fraction) {
  return std::floor((i + 1) * fraction + 0.5) > std::floor(i * fraction + 0.5);
}

}  // namespace

Workload::Workload(WorkloadOptions options) : options_(options), rng_state_(options.seed) {
  if (options_.interval_ms <= 0) options_.interval_ms = 15'000;
  scrapes_ = static_cast<size_t>(std::max<int64_t>(1, options_.duration_ms / options_.interval_ms));
  if (options_.end_ms == 0) {
    const int64_t now =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    options_.end_ms = (now - 60'000) / options_.interval_ms * options_.interval_ms;
  }
  first_ms_ = options_.end_ms - static_cast<int64_t>(scrapes_ - 1) * options_.interval_ms;
  build_specs();
  const auto per_target = static_cast<uint32_t>(specs_.size());
  const uint32_t target_count = (options_.series + per_target - 1) / per_target;
  for (uint32_t slot = 0; slot < target_count; ++slot) {
    add_target(slot, std::min(per_target, options_.series - slot * per_target), 0);
    active_.push_back(slot);
  }
}

Workload::~Workload() = default;

void Workload::build_specs() {
  using Kind = SeriesSpec::Kind;
  auto add = [&](SeriesSpec spec) { specs_.push_back(std::move(spec)); };
  // What Prometheus records for every target.
  add({.kind = Kind::constant, .name = "up", .base = 1});
  add({.kind = Kind::gauge_noise, .name = "scrape_duration_seconds", .base = 0.004, .noise = 0.3});
  add({.kind = Kind::constant, .name = "scrape_samples_scraped", .base = 256});
  // Info metrics and limits: constant.
  add({.kind = Kind::constant,
       .name = "app_build_info",
       .extra = {{"revision", "4f2a9c1"}, {"version", "1.14.2"}},
       .base = 1});
  add({.kind = Kind::constant,
       .name = "kube_pod_container_resource_limits",
       .extra = {{"resource", "cpu"}},
       .base = 2});
  add({.kind = Kind::constant,
       .name = "kube_pod_container_resource_limits",
       .extra = {{"resource", "memory"}},
       .base = 536870912});
  add({.kind = Kind::constant, .name = "process_max_fds", .base = 1048576});
  // The process: changes only on restart, counters with two decimals, memory in pages.
  add({.kind = Kind::start_time, .name = "process_start_time_seconds", .quantum = 0.01});
  add({.kind = Kind::counter, .name = "process_cpu_seconds_total", .base = 1.5, .quantum = 0.01});
  add({.kind = Kind::gauge_walk,
       .name = "process_resident_memory_bytes",
       .base = 80e6,
       .noise = 300e3,
       .drift = 2e3,
       .quantum = 4096,
       .min = 20e6});
  add({.kind = Kind::gauge_walk,
       .name = "process_virtual_memory_bytes",
       .base = 1.6e9,
       .noise = 4e6,
       .quantum = 4096,
       .probability = 0.05,
       .min = 1e9});
  add({.kind = Kind::gauge_walk,
       .name = "process_open_fds",
       .base = 40,
       .noise = 2,
       .quantum = 1,
       .probability = 0.3,
       .min = 10});
  add({.kind = Kind::gauge_walk,
       .name = "go_goroutines",
       .base = 60,
       .noise = 4,
       .quantum = 1,
       .probability = 0.7,
       .min = 10});
  add({.kind = Kind::sawtooth,
       .name = "go_memstats_heap_alloc_bytes",
       .base = 12e6,
       .noise = 0.2,
       .quantum = 1,
       .min = 4e6,
       .max = 40e6});
  for (const char* q : {"0", "0.25", "0.5", "0.75", "1"}) {
    const double base = 2e-5 * (1 + 20 * std::atof(q));
    add({.kind = Kind::gauge_noise,
         .name = "go_gc_duration_seconds",
         .extra = {{"quantile", q}},
         .base = base,
         .noise = 0.2});
  }
  add({.kind = Kind::counter, .name = "go_gc_duration_seconds_sum", .base = 3e-4});
  add({.kind = Kind::counter, .name = "go_gc_duration_seconds_count", .base = 3, .quantum = 1});
  // Requests: counters by handler, method and code; most codes are rare, some never happen.
  const double code_share[2][std::size(kCodes)] = {{0.97, 0, 0.02, 0.008, 0.002}, {0.15, 0.8, 0.04, 0.005, 0.005}};
  for (size_t h = 0; h < std::size(kHandlers); ++h) {
    for (size_t m = 0; m < std::size(kMethods); ++m) {
      const double rate = kHandlerRates[h] * (m == 0 ? 1 : 1.0 / 3);
      for (size_t c = 0; c < std::size(kCodes); ++c) {
        add({.kind = Kind::counter,
             .name = "http_requests_total",
             .extra = {{"code", kCodes[c]}, {"handler", kHandlers[h]}, {"method", kMethods[m]}},
             .base = rate * code_share[m][c],
             .quantum = 1});
      }
    }
  }
  // Latency histograms by handler and method.
  for (size_t h = 0; h < std::size(kHandlers); ++h) {
    for (size_t m = 0; m < std::size(kMethods); ++m) {
      const double rate = kHandlerRates[h] * (m == 0 ? 1 : 1.0 / 3);
      const std::vector<storage::Label> where = {{"handler", kHandlers[h]}, {"method", kMethods[m]}};
      for (uint32_t b = 0; b < kBucketCount; ++b) {
        auto extra = where;
        extra.push_back({"le", kBucketLabels[b]});
        add({.kind = Kind::histogram,
             .name = "http_request_duration_seconds_bucket",
             .extra = extra,
             .base = rate,
             .bucket = b});
      }
      add({.kind = Kind::histogram,
           .name = "http_request_duration_seconds_sum",
           .extra = where,
           .base = rate,
           .bucket = kBucketCount});
      add({.kind = Kind::histogram,
           .name = "http_request_duration_seconds_count",
           .extra = where,
           .base = rate,
           .bucket = kBucketCount + 1});
    }
  }
  // Application gauges with one to three decimals, and one at full precision.
  for (const char* queue : {"email", "invoices", "webhooks"}) {
    add({.kind = Kind::gauge_walk,
         .name = "queue_depth",
         .extra = {{"queue", queue}},
         .base = 5,
         .noise = 3,
         .quantum = 1,
         .probability = 0.5,
         .min = 0});
  }
  add({.kind = Kind::gauge_walk,
       .name = "cache_hit_ratio",
       .base = 0.9,
       .noise = 0.004,
       .quantum = 0.001,
       .min = 0,
       .max = 1});
  add({.kind = Kind::gauge_walk,
       .name = "node_temperature_celsius",
       .base = 55,
       .noise = 0.3,
       .drift = 0.002,
       .quantum = 0.1,
       .min = 30,
       .max = 90});
  add({.kind = Kind::gauge_walk, .name = "node_load1", .base = 1.2, .noise = 0.08, .quantum = 0.01, .min = 0});
  add({.kind = Kind::gauge_walk,
       .name = "memory_utilization_ratio",
       .base = 0.5,
       .noise = 0.004,
       .drift = 1e-5,
       .min = 0,
       .max = 1});
  specs_[2].base = static_cast<double>(specs_.size());  // scrape_samples_scraped
}

void Workload::add_target(uint32_t slot, uint32_t series_count, size_t start_scrape) {
  Target target;
  target.first_id = next_id_;
  target.count = series_count;
  target.slot = slot;
  target.pod = next_pod_++;
  next_id_ += series_count;
  target.offset_ms =
      uniform(rng_state_) < options_.jittered_fraction ? 1 + static_cast<int64_t>(uniform(rng_state_) * 800) : 0;
  target.restart_scrape = kNever;
  target.end_scrape = kNever;
  // Only the first generation of targets restarts or churns, each at most once.
  if (start_scrape == 0) {
    if (scrapes_ > 4 && evenly_picked(slot, options_.churn_fraction)) {
      target.end_scrape = scrapes_ / 4 + static_cast<size_t>(uniform(rng_state_) * static_cast<double>(scrapes_ / 2));
    } else if (scrapes_ > 2 && evenly_picked(slot + 7, options_.restart_fraction)) {
      target.restart_scrape = 1 + static_cast<size_t>(uniform(rng_state_) * static_cast<double>(scrapes_ - 1));
    }
  }
  init_state(target);
  if (start_scrape > 0) restart(target);  // a new pod starts from zero
  targets_.push_back(std::move(target));
}

void Workload::init_state(Target& target) {
  using Kind = SeriesSpec::Kind;
  target.value.assign(specs_.size(), 0);
  target.param.assign(specs_.size(), 0);
  // How long the process has been running before the range: counters are large already.
  const double age_scrapes = 100 + uniform(rng_state_) * 40'000;
  const double median_latency = 0.01 * std::exp(1.5 * uniform(rng_state_));
  constexpr double kSigma = 1.0;
  for (size_t i = 0; i < specs_.size(); ++i) {
    const SeriesSpec& spec = specs_[i];
    const double scale = std::exp(0.4 * normal(rng_state_));  // targets differ in load and size
    switch (spec.kind) {
      case Kind::constant:
        target.value[i] = spec.base;
        break;
      case Kind::counter:
        target.param[i] = spec.base * scale;
        target.value[i] = quantize(target.param[i] * age_scrapes, spec.quantum);
        break;
      case Kind::gauge_walk:
      case Kind::sawtooth:
        target.value[i] = std::clamp(spec.base * scale, spec.min, spec.max);
        target.param[i] = spec.base * scale;
        break;
      case Kind::gauge_noise:
        target.param[i] = spec.base * scale;
        break;
      case Kind::start_time:
        target.value[i] = quantize(
            static_cast<double>(first_ms_) / 1000 - age_scrapes * options_.interval_ms / 1000.0 + uniform(rng_state_),
            spec.quantum);
        break;
      case Kind::histogram: {
        // The family shares one rate and latency distribution: taken from its first bucket's draw.
        const size_t first = i - spec.bucket;
        if (spec.bucket == 0) target.param[first + kBucketCount + 1] = spec.base * scale;
        const double rate = target.param[first + kBucketCount + 1];
        const double observed = std::round(rate * age_scrapes);
        if (spec.bucket < kBucketCount) {
          const double cdf =
              std::isinf(kBuckets[spec.bucket])
                  ? 1.0
                  : 0.5 * std::erfc(-(std::log(kBuckets[spec.bucket] / median_latency)) / (kSigma * std::sqrt(2.0)));
          target.param[i] = cdf;
          target.value[i] = std::round(observed * cdf);
        } else if (spec.bucket == kBucketCount) {
          target.param[i] = median_latency * std::exp(kSigma * kSigma / 2);  // the mean
          target.value[i] = observed * target.param[i];
        } else {
          target.value[i] = observed;
        }
        break;
      }
    }
  }
}

void Workload::restart(Target& target) {
  using Kind = SeriesSpec::Kind;
  for (size_t i = 0; i < specs_.size(); ++i) {
    const SeriesSpec& spec = specs_[i];
    switch (spec.kind) {
      case Kind::counter:
      case Kind::histogram:
        target.value[i] = 0;
        break;
      case Kind::start_time:
        target.value[i] =
            quantize(static_cast<double>(first_ms_ + static_cast<int64_t>(next_scrape_) * options_.interval_ms) / 1000 -
                         uniform(rng_state_) * 10,
                     spec.quantum);
        break;
      case Kind::gauge_walk:
      case Kind::sawtooth:
        target.value[i] = std::clamp(target.param[i], spec.min, spec.max);
        break;
      case Kind::constant:
      case Kind::gauge_noise:
        break;
    }
  }
}

void Workload::scrape_target(Target& target, int64_t t, std::vector<WorkloadPoint>& out) {
  using Kind = SeriesSpec::Kind;
  if (target.offset_ms != 0) t += target.offset_ms + static_cast<int64_t>(uniform(rng_state_) * 7) - 3;
  scratch_.resize(kBucketCount + 2);
  for (uint32_t i = 0; i < target.count; ++i) {
    const SeriesSpec& spec = specs_[i];
    double& value = target.value[i];
    double v = value;
    switch (spec.kind) {
      case Kind::constant:
      case Kind::start_time:
        break;
      case Kind::counter: {
        const double rate = target.param[i];
        const double increment =
            spec.quantum == 1 ? poisson(rng_state_, rate) : rate * std::max(0.0, 1 + 0.3 * normal(rng_state_));
        v = value = quantize(value + increment, spec.quantum);
        break;
      }
      case Kind::gauge_walk:
        if (uniform(rng_state_) < spec.probability) {
          value = std::clamp(value + spec.drift + spec.noise * normal(rng_state_), spec.min, spec.max);
        }
        v = quantize(value, spec.quantum);
        break;
      case Kind::gauge_noise:
        v = target.param[i] * std::exp(spec.noise * normal(rng_state_));
        break;
      case Kind::sawtooth:
        value += target.param[i] * 0.1 * (1 + spec.noise * normal(rng_state_));
        if (value > spec.max) value = spec.min;
        v = quantize(value, spec.quantum);
        break;
      case Kind::histogram:
        if (spec.bucket == 0) {
          // One scrape's observations, spread over the cumulative buckets.
          const double n = poisson(rng_state_, target.param[i + kBucketCount + 1]);
          double below = 0;
          for (uint32_t b = 0; b < kBucketCount; ++b) {
            const double cdf = target.param[i + b];
            const double expected = n * cdf + std::sqrt(n * cdf * (1 - cdf)) * normal(rng_state_);
            below = b + 1 == kBucketCount ? n : std::clamp(std::round(expected), below, n);
            scratch_[b] = below;
          }
          scratch_[kBucketCount] = n * target.param[i + kBucketCount] * std::exp(0.1 * normal(rng_state_));
          scratch_[kBucketCount + 1] = n;
        }
        v = value += scratch_[spec.bucket];
        break;
    }
    out.push_back({target.first_id + i, t, v});
  }
}

bool Workload::next_scrape(std::vector<WorkloadPoint>& out) {
  if (next_scrape_ >= scrapes_) return false;
  const int64_t t = first_ms_ + static_cast<int64_t>(next_scrape_) * options_.interval_ms;
  for (uint32_t& index : active_) {
    if (targets_[index].end_scrape == next_scrape_) {
      // The pod is gone: Prometheus marks each of its series stale at the next scrape.
      const Target& gone = targets_[index];
      for (uint32_t i = 0; i < gone.count; ++i)
        out.push_back({gone.first_id + i, t + gone.offset_ms, storage::stale_nan()});
      const uint32_t count = gone.count, slot = gone.slot;
      add_target(slot, count, next_scrape_);
      index = static_cast<uint32_t>(targets_.size() - 1);
    }
    Target& target = targets_[index];
    if (target.restart_scrape == next_scrape_) restart(target);
    scrape_target(target, t, out);
  }
  ++next_scrape_;
  return true;
}

storage::LabelSet Workload::labels(uint32_t series) const {
  auto it = std::upper_bound(targets_.begin(), targets_.end(), series,
                             [](uint32_t id, const Target& target) { return id < target.first_id; });
  const Target& target = *(it - 1);
  const SeriesSpec& spec = specs_[series - target.first_id];
  const size_t job = target.slot % std::size(kJobs);
  // A pod name as a Deployment makes it: <deployment>-<replicaset hash>-<5 chars>.
  static constexpr char kPodChars[] = "bcdfghjklmnpqrstvwxz2456789";
  std::string suffix;
  for (uint64_t x = target.pod * 2654435761ULL + 12345; suffix.size() < 5; x /= 27) suffix += kPodChars[x % 27];
  const uint32_t ip = target.pod + 1;
  std::vector<storage::Label> labels = {
      {"__name__", spec.name},
      {"instance", "10." + std::to_string(16 + job) + "." + std::to_string((ip >> 8) & 255) + "." +
                       std::to_string(ip & 255) + ":8080"},
      {"job", kJobs[job]},
      {"namespace", kNamespaces[job]},
      {"pod", std::string(kJobs[job]) + "-7d9f8b6c5d-" + suffix},
  };
  labels.insert(labels.end(), spec.extra.begin(), spec.extra.end());
  return storage::LabelSet::from(std::move(labels)).value();
}

}  // namespace vigil::bench
