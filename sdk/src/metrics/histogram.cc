#include "vigil/metrics/histogram.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace vigil::metrics {

std::vector<double> default_buckets() { return {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}; }

std::vector<double> exponential_buckets(double start, double factor, int count) {
  if (!(start > 0) || !(factor > 1) || count < 1) {
    throw std::invalid_argument("exponential_buckets needs start > 0, factor > 1 and count >= 1");
  }
  std::vector<double> bounds;
  bounds.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i, start *= factor) bounds.push_back(start);
  return bounds;
}

std::vector<double> linear_buckets(double start, double width, int count) {
  if (!(width > 0) || count < 1) throw std::invalid_argument("linear_buckets needs width > 0 and count >= 1");
  std::vector<double> bounds;
  bounds.reserve(static_cast<std::size_t>(count));
  // start + i*width rather than repeated addition: no accumulated rounding.
  for (int i = 0; i < count; ++i) bounds.push_back(start + i * width);
  return bounds;
}

Histogram::Histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)), counts_(new std::atomic<uint64_t>[bounds_.size() + 1]()) {
  for (std::size_t i = 0; i < bounds_.size(); ++i) {
    if (!std::isfinite(bounds_[i])) {
      throw std::invalid_argument("histogram bucket bound " + std::to_string(i) + " is not finite");
    }
    if (i > 0 && !(bounds_[i - 1] < bounds_[i])) {
      throw std::invalid_argument("histogram bucket bounds must be strictly ascending (at index " + std::to_string(i) +
                                  ")");
    }
  }
}

void Histogram::observe(double value) noexcept {
  // lower_bound finds the first bound >= value: "le" semantics. NaN
  // compares false with everything, so it is sent to +Inf explicitly.
  const std::size_t bucket =
      std::isnan(value)
          ? bounds_.size()
          : static_cast<std::size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

HistogramValue Histogram::snapshot() const {
  HistogramValue v;
  v.upper_bounds = bounds_;
  v.cumulative_counts.reserve(bounds_.size() + 1);
  uint64_t total = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    total += counts_[i].load(std::memory_order_relaxed);
    v.cumulative_counts.push_back(total);
  }
  v.count = total;
  v.sum = sum_.load(std::memory_order_relaxed);
  return v;
}

}  // namespace vigil::metrics
