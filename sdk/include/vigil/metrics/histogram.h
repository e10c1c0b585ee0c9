#pragma once
// Explicit-bucket histogram. observe() is lock-free: one atomic increment of
// the bucket and one atomic add to the sum. The count is the sum of the
// buckets, so a snapshot's count always equals its +Inf bucket.

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "vigil/metrics/metric_family.h"

namespace vigil::metrics {

// Prometheus's defaults: .005 .01 .025 .05 .1 .25 .5 1 2.5 5 10 (seconds).
std::vector<double> default_buckets();
// start, start*factor, ... (count bounds). Requires start > 0, factor > 1, count >= 1.
std::vector<double> exponential_buckets(double start, double factor, int count);
// start, start+width, ... (count bounds). Requires width > 0, count >= 1.
std::vector<double> linear_buckets(double start, double width, int count);

class Histogram {
 public:
  // `upper_bounds` must be strictly ascending and finite; throws std::invalid_argument otherwise.
  explicit Histogram(std::vector<double> upper_bounds);

  // A value equal to a bound counts in that bound's bucket (Prometheus "le").
  // NaN counts in the +Inf bucket and makes the sum NaN, as in Prometheus.
  void observe(double value) noexcept;
  HistogramValue snapshot() const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // per bucket (not cumulative), last is +Inf
  std::atomic<double> sum_{0};
};

}  // namespace vigil::metrics
