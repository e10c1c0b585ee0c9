// The φ-quantile of a set of values, interpolating between the two nearest
// ranks, as the quantile aggregation and quantile_over_time compute it.

#include <algorithm>
#include <cmath>
#include <limits>

#include "promql/kernels/value_kernels.h"

namespace vigil::promql::kernels {

double quantile(double q, std::span<double> values) {
  if (values.empty() || std::isnan(q)) return std::numeric_limits<double>::quiet_NaN();
  if (q < 0) return -std::numeric_limits<double>::infinity();
  if (q > 1) return std::numeric_limits<double>::infinity();
  // NaNs sort below every number, as in Prometheus's value heap.
  std::sort(values.begin(), values.end(), [](double a, double b) {
    if (std::isnan(a)) return !std::isnan(b);
    return a < b;
  });
  const double n = static_cast<double>(values.size());
  const double rank = q * (n - 1);
  const double lower = std::max(0.0, std::floor(rank));
  const double upper = std::min(n - 1, lower + 1);
  const double weight = rank - std::floor(rank);
  return values[static_cast<size_t>(lower)] * (1 - weight) + values[static_cast<size_t>(upper)] * weight;
}

}  // namespace vigil::promql::kernels
