// histogram_quantile over classic `le` buckets: Prometheus's bucketQuantile.

#include <algorithm>
#include <cmath>
#include <limits>

#include "promql/kernels/value_kernels.h"

namespace vigil::promql::kernels {
namespace {

// Relative differences between neighbouring cumulative counts below this are
// floating point noise (e.g. from sharded sums), not decreases.
constexpr double kSmallDeltaTolerance = 1e-12;
constexpr double kMinNormal = 2.2250738585072014e-308;  // 2^-1022

// Prometheus's util/almost.Equal.
bool almost_equal(double a, double b, double epsilon) {
  if (std::isnan(a) && std::isnan(b)) return true;
  if (a == b) return true;
  const double abs_sum = std::fabs(a) + std::fabs(b);
  const double diff = std::fabs(a - b);
  if (a == 0 || b == 0 || abs_sum < kMinNormal) return diff < epsilon * kMinNormal;
  return diff / std::min(abs_sum, std::numeric_limits<double>::max()) < epsilon;
}

// Merges buckets of equal bound (sorted input), e.g. `le="1"` and `le="1.0"`.
void coalesce(std::vector<Bucket>& buckets) {
  size_t out = 0;
  for (size_t i = 1; i < buckets.size(); ++i) {
    if (buckets[i].upper_bound == buckets[out].upper_bound) {
      buckets[out].count += buckets[i].count;
    } else {
      buckets[++out] = buckets[i];
    }
  }
  buckets.resize(out + 1);
}

// Cumulative counts must not decrease; a decrease is flattened to the
// previous count so the binary search below stays meaningful. Returns
// whether a real (not noise) decrease was flattened.
bool ensure_monotonic(std::vector<Bucket>& buckets) {
  bool forced = false;
  double prev = buckets[0].count;
  for (size_t i = 1; i < buckets.size(); ++i) {
    const double curr = buckets[i].count;
    if (curr == prev) continue;
    if (almost_equal(prev, curr, kSmallDeltaTolerance)) {
      buckets[i].count = prev;
      continue;
    }
    if (curr < prev) {
      buckets[i].count = prev;
      forced = true;
      continue;
    }
    prev = curr;
  }
  return forced;
}

}  // namespace

double bucket_quantile(double q, std::vector<Bucket>& buckets, bool* forced_monotonic) {
  if (forced_monotonic) *forced_monotonic = false;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (std::isnan(q)) return nan;
  if (q < 0) return -std::numeric_limits<double>::infinity();
  if (q > 1) return std::numeric_limits<double>::infinity();
  if (buckets.empty()) return nan;
  std::stable_sort(buckets.begin(), buckets.end(),
                   [](const Bucket& a, const Bucket& b) { return a.upper_bound < b.upper_bound; });
  // Without the +Inf bucket the total count is unknown.
  if (!(std::isinf(buckets.back().upper_bound) && buckets.back().upper_bound > 0)) return nan;

  coalesce(buckets);
  const bool forced = ensure_monotonic(buckets);
  if (buckets.size() < 2) return nan;
  const double observations = buckets.back().count;
  if (observations == 0) return nan;
  if (forced_monotonic) *forced_monotonic = forced;

  double rank = q * observations;
  // The first bucket (excluding +Inf) whose cumulative count reaches the rank.
  const auto search_end = buckets.end() - 1;
  const size_t b = static_cast<size_t>(
      std::partition_point(buckets.begin(), search_end, [rank](const Bucket& x) { return x.count < rank; }) -
      buckets.begin());
  if (b == buckets.size() - 1) return buckets[buckets.size() - 2].upper_bound;
  // Observations are assumed non-negative unless the first bound says not.
  if (b == 0 && buckets[0].upper_bound <= 0) return buckets[0].upper_bound;
  double bucket_start = 0;
  const double bucket_end = buckets[b].upper_bound;
  double count = buckets[b].count;
  if (b > 0) {
    bucket_start = buckets[b - 1].upper_bound;
    count -= buckets[b - 1].count;
    rank -= buckets[b - 1].count;
  }
  return bucket_start + (bucket_end - bucket_start) * (rank / count);
}

}  // namespace vigil::promql::kernels
