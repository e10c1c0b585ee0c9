#pragma once
// A synthetic but realistic scrape workload for the storage benchmark: many
// targets of one service, each exposing what a Go service on Kubernetes does
// (process and runtime gauges, request counters by handler/method/code,
// latency histograms, info and limit constants). Counters reset when a target
// restarts; a few percent of targets are replaced mid-range by a new pod,
// their series ending with a staleness marker. Generated in time order, one
// scrape (every target once) at a time, deterministically from a seed, so
// that every system under test receives exactly the same samples.

#include <cstdint>
#include <vector>

#include "storage/labels/label_set.h"

namespace vigil::bench {

struct WorkloadOptions {
  uint64_t seed = 1;
  uint32_t series = 100'000;  // active at every scrape
  int64_t duration_ms = 2 * 3600 * 1000;
  int64_t interval_ms = 15'000;
  int64_t end_ms = 0;              // the last scrape's time; 0: a minute before now, on the interval grid
  double churn_fraction = 0.03;    // of targets, replaced by a new pod mid-range
  double restart_fraction = 0.05;  // of targets, restarted once (counters reset) mid-range
  double jittered_fraction = 0.2;  // of targets, whose timestamps are off the 15 s grid by some ms
};

struct WorkloadPoint {
  uint32_t series;  // id; labels(series) names it
  int64_t t;
  double v;
};

class Workload {
 public:
  explicit Workload(WorkloadOptions options);
  ~Workload();
  Workload(const Workload&) = delete;
  Workload& operator=(const Workload&) = delete;

  const WorkloadOptions& options() const noexcept { return options_; }
  size_t scrapes() const noexcept { return scrapes_; }
  int64_t first_time_ms() const noexcept { return first_ms_; }
  int64_t last_time_ms() const noexcept { return options_.end_ms; }

  // Appends the samples of the next scrape (the first call gives scrape 0),
  // ordered by series id within the scrape. False once all scrapes are out.
  bool next_scrape(std::vector<WorkloadPoint>& out);

  // Every id below this one has been handed out by next_scrape().
  uint32_t series_created() const noexcept { return next_id_; }
  // The labels of a series handed out by next_scrape().
  storage::LabelSet labels(uint32_t series) const;

 private:
  struct SeriesSpec;
  struct Target;

  void build_specs();
  void add_target(uint32_t active_slot, uint32_t series_count, size_t start_scrape);
  void init_state(Target& target);
  void restart(Target& target);
  void scrape_target(Target& target, int64_t t, std::vector<WorkloadPoint>& out);

  WorkloadOptions options_;
  size_t scrapes_ = 0;
  int64_t first_ms_ = 0;
  size_t next_scrape_ = 0;
  uint32_t next_id_ = 0;
  uint32_t next_pod_ = 0;
  uint64_t rng_state_;
  std::vector<SeriesSpec> specs_;
  std::vector<Target> targets_;   // by first series id
  std::vector<uint32_t> active_;  // indices into targets_, one per target slot
  std::vector<double> scratch_;   // one histogram family's cumulative bucket increments
};

}  // namespace vigil::bench
