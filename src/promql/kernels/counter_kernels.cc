// changes and resets: counts of value transitions within a window.

#include <cmath>

#include "promql/kernels/range_kernels.h"

namespace vigil::promql::kernels {

std::optional<double> changes(const Window& w) {
  const auto& s = w.samples;
  if (s.empty()) return std::nullopt;
  int count = 0;
  double prev = s.front().v;
  for (const auto& sample : s.subspan(1)) {
    // NaN to NaN is no change, though NaN != NaN.
    if (sample.v != prev && !(std::isnan(sample.v) && std::isnan(prev))) ++count;
    prev = sample.v;
  }
  return count;
}

std::optional<double> resets(const Window& w) {
  const auto& s = w.samples;
  if (s.empty()) return std::nullopt;
  int count = 0;
  double prev = s.front().v;
  for (const auto& sample : s.subspan(1)) {
    if (sample.v < prev) ++count;
    prev = sample.v;
  }
  return count;
}

}  // namespace vigil::promql::kernels
