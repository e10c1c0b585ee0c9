// The *_over_time functions: one statistic of the sample values in a window.

#include <cmath>
#include <vector>

#include "promql/kernels/kahan_sum.h"
#include "promql/kernels/range_kernels.h"
#include "promql/kernels/value_kernels.h"

namespace vigil::promql::kernels {
namespace {

std::vector<double> values_of(const Window& w) {
  std::vector<double> values;
  values.reserve(w.samples.size());
  for (const auto& s : w.samples) values.push_back(s.v);
  return values;
}

// Welford's running variance with compensated sums; returns the population
// variance.
double variance(const Window& w) {
  double count = 0;
  KahanSum mean, aux;
  for (const auto& s : w.samples) {
    count += 1;
    const double delta = s.v - mean.total();
    mean.add(delta / count);
    aux.add(delta * (s.v - mean.total()));
  }
  return aux.total() / count;
}

}  // namespace

std::optional<double> avg_over_time(const Window& w) {
  if (w.samples.empty()) return std::nullopt;
  // A compensated sum divided once, as Prometheus 3 computes it: a division
  // per sample (2.53's incremental mean) costs four times as much, and both
  // agree to within rounding.
  KahanSum sum;
  for (const auto& s : w.samples) sum.add(s.v);
  const double count = static_cast<double>(w.samples.size());
  if (std::isfinite(sum.sum)) return sum.total() / count;
  // The sum overflowed, or met an infinity or NaN: the incremental mean, which
  // stays finite where the sum would not and follows 2.53's infinity rules.
  double seen = 0;
  KahanSum mean;
  for (const auto& s : w.samples) {
    seen += 1;
    if (std::isinf(mean.sum)) {
      // Inf - Inf would make the mean NaN although it is still right: an
      // infinite mean only changes with the opposite infinity or a NaN.
      if (std::isinf(s.v) && (mean.sum > 0) == (s.v > 0)) continue;
      if (!std::isinf(s.v) && !std::isnan(s.v)) continue;
    }
    mean.add(s.v / seen - mean.sum / seen);
  }
  // An infinite mean's compensation is NaN; the mean itself is the answer.
  return std::isinf(mean.sum) ? mean.sum : mean.total();
}

std::optional<double> sum_over_time(const Window& w) {
  if (w.samples.empty()) return std::nullopt;
  KahanSum sum;
  for (const auto& s : w.samples) sum.add(s.v);
  return std::isinf(sum.sum) ? sum.sum : sum.total();
}

std::optional<double> count_over_time(const Window& w) {
  if (w.samples.empty()) return std::nullopt;
  return static_cast<double>(w.samples.size());
}

std::optional<double> min_over_time(const Window& w) {
  if (w.samples.empty()) return std::nullopt;
  // A NaN is replaced by any later value, so NaN results only from all-NaN.
  double min = w.samples.front().v;
  for (const auto& s : w.samples) {
    if (s.v < min || std::isnan(min)) min = s.v;
  }
  return min;
}

std::optional<double> max_over_time(const Window& w) {
  if (w.samples.empty()) return std::nullopt;
  double max = w.samples.front().v;
  for (const auto& s : w.samples) {
    if (s.v > max || std::isnan(max)) max = s.v;
  }
  return max;
}

std::optional<double> stddev_over_time(const Window& w) {
  if (w.samples.empty()) return std::nullopt;
  return std::sqrt(variance(w));
}

std::optional<double> stdvar_over_time(const Window& w) {
  if (w.samples.empty()) return std::nullopt;
  return variance(w);
}

std::optional<double> last_over_time(const Window& w) {
  if (w.samples.empty()) return std::nullopt;
  return w.samples.back().v;
}

std::optional<double> present_over_time(const Window& w) {
  if (w.samples.empty()) return std::nullopt;
  return 1;
}

std::optional<double> quantile_over_time(const Window& w, double q) {
  if (w.samples.empty()) return std::nullopt;
  std::vector<double> values = values_of(w);
  return quantile(q, values);
}

std::optional<double> mad_over_time(const Window& w) {
  if (w.samples.empty()) return std::nullopt;
  std::vector<double> values = values_of(w);
  const double median = quantile(0.5, values);
  std::vector<double> deviations;
  deviations.reserve(w.samples.size());
  for (const auto& s : w.samples) deviations.push_back(std::fabs(s.v - median));
  return quantile(0.5, deviations);
}

}  // namespace vigil::promql::kernels
