#pragma once
// Explicit-bucket histogram. observe() updates the calling thread's own
// cells (see thread_cells.h): its bucket count and its sum, no lock and no
// locked instruction. The count is the sum of the buckets, so a snapshot's
// count always equals its +Inf bucket.

#include <cstdint>
#include <vector>

#include "vigil/metrics/metric_family.h"
#include "vigil/metrics/thread_cells.h"

namespace vigil::metrics {

// Prometheus's defaults: .005 .01 .025 .05 .1 .25 .5 1 2.5 5 10 (seconds).
std::vector<double> default_buckets();
// start, start*factor, ... (count bounds). Requires start > 0, factor > 1, count >= 1.
std::vector<double> exponential_buckets(double start, double factor, int count);
// start, start+width, ... (count bounds). Requires width > 0, count >= 1.
std::vector<double> linear_buckets(double start, double width, int count);

class Histogram {
 public:
  // One cell per bucket, one for +Inf and one for the sum, within one block.
  static constexpr std::size_t kMaxBounds = detail::kCellsPerBlock - 2;

  // `upper_bounds` must be strictly ascending and finite, at most kMaxBounds
  // of them; throws std::invalid_argument otherwise (std::length_error when
  // the process's metric storage is full, as Counter).
  explicit Histogram(std::vector<double> upper_bounds);
  ~Histogram();
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;

  // A value equal to a bound counts in that bound's bucket (Prometheus "le").
  // NaN counts in the +Inf bucket and makes the sum NaN, as in Prometheus.
  void observe(double value) noexcept {
    const std::size_t n = bounds_.size();
    const std::size_t bucket = value != value ? n : bucket_of(value);  // NaN: no bound holds it
    detail::CellBlock& block = detail::cell_block(first_);
    const std::size_t base = first_ % detail::kCellsPerBlock;
    detail::add_to_cell(block.cells[base + bucket], uint64_t{1});
    detail::add_to_cell(block.cells[base + n + 1], value);
  }
  HistogramValue snapshot() const;

 private:
  // The number of bounds below `value`: the index of its "le" bucket. A
  // binary search whose steps are conditional moves, not branches, so that
  // values spread over the buckets cost no mispredictions.
  std::size_t bucket_of(double value) const noexcept {
    const double* first = bounds_.data();
    std::size_t n = bounds_.size();
    if (n == 0) return 0;
    while (n > 1) {
      const std::size_t half = n / 2;
      first = first[half - 1] < value ? first + half : first;
      n -= half;
    }
    return static_cast<std::size_t>(first - bounds_.data()) + (*first < value ? 1 : 0);
  }

  std::vector<double> bounds_;
  // Cells first_ .. first_+bounds: per-bucket counts (not cumulative), the
  // last for +Inf; then the sum.
  uint32_t first_;
};

}  // namespace vigil::metrics
