#include "vigil/metrics/histogram.h"

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

namespace {

std::vector<double> checked_bounds(std::vector<double> bounds) {
  if (bounds.size() > Histogram::kMaxBounds) {
    throw std::invalid_argument("a histogram has at most " + std::to_string(Histogram::kMaxBounds) +
                                " bucket bounds, not " + std::to_string(bounds.size()));
  }
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i])) {
      throw std::invalid_argument("histogram bucket bound " + std::to_string(i) + " is not finite");
    }
    if (i > 0 && !(bounds[i - 1] < bounds[i])) {
      throw std::invalid_argument("histogram bucket bounds must be strictly ascending (at index " + std::to_string(i) +
                                  ")");
    }
  }
  return bounds;
}

}  // namespace

Histogram::Histogram(std::vector<double> upper_bounds)
    : bounds_(checked_bounds(std::move(upper_bounds))), first_(detail::allocate_cells(bounds_.size() + 2)) {}

Histogram::~Histogram() { detail::release_cells(first_, bounds_.size() + 2); }

HistogramValue Histogram::snapshot() const {
  const std::size_t n = bounds_.size();
  HistogramValue v;
  v.upper_bounds = bounds_;
  v.cumulative_counts.resize(n + 1);
  detail::sum_cells_as_uint(first_, n + 1, v.cumulative_counts.data());
  for (std::size_t i = 1; i <= n; ++i) v.cumulative_counts[i] += v.cumulative_counts[i - 1];
  v.count = v.cumulative_counts.back();
  detail::sum_cells_as_double(first_ + static_cast<uint32_t>(n) + 1, 1, &v.sum);
  return v;
}

}  // namespace vigil::metrics
