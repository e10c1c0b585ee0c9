// deriv, predict_linear and holt_winters: fits of a trend to the samples.

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <utility>

#include "promql/kernels/kahan_sum.h"
#include "promql/kernels/range_kernels.h"

namespace vigil::promql::kernels {
namespace {

struct Line {
  double slope;
  double intercept;  // the value at the intercept time
};

// Least squares over (seconds since intercept_time_ms, value), with
// compensated sums. Times are taken relative to a time near the samples so
// that their squares keep their precision.
Line linear_regression(std::span<const storage::Sample> samples, int64_t intercept_time_ms) {
  KahanSum sum_x, sum_y, sum_xy, sum_x2;
  const double first_y = samples.front().v;
  bool constant_y = true;
  double n = 0;
  for (const auto& s : samples) {
    if (s.v != first_y) constant_y = false;
    n += 1;
    const double x = static_cast<double>(s.t - intercept_time_ms) / 1e3;
    sum_x.add(x);
    sum_y.add(s.v);
    sum_xy.add(x * s.v);
    sum_x2.add(x * x);
  }
  // A flat line is exact; the general formula would turn rounding noise
  // into a slope (and Inf - Inf into NaN for an infinite constant).
  if (constant_y) {
    if (std::isinf(first_y)) {
      const double nan = std::numeric_limits<double>::quiet_NaN();
      return {nan, nan};
    }
    return {0, first_y};
  }
  const double sx = sum_x.total(), sy = sum_y.total(), sxy = sum_xy.total(), sx2 = sum_x2.total();
  const double cov_xy = sxy - sx * sy / n;
  const double var_x = sx2 - sx * sx / n;
  const double slope = cov_xy / var_x;
  return {slope, sy / n - slope * sx / n};
}

// Go's %f: six decimals, and +Inf/-Inf/NaN spelled as Go spells them.
std::string go_fixed(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[512];
  std::snprintf(buf, sizeof buf, "%f", v);
  return buf;
}

}  // namespace

std::optional<double> deriv(const Window& w) {
  if (w.samples.size() < 2) return std::nullopt;
  return linear_regression(w.samples, w.samples.front().t).slope;
}

std::optional<double> predict_linear(const Window& w, double duration_s, int64_t eval_time_ms) {
  if (w.samples.size() < 2) return std::nullopt;
  const Line line = linear_regression(w.samples, eval_time_ms);
  return line.slope * duration_s + line.intercept;
}

std::optional<Error> holt_winters_error(double smoothing, double trend) {
  if (smoothing <= 0 || smoothing >= 1) {
    return make_error(ErrorKind::invalid_argument,
                      "invalid smoothing factor. Expected: 0 < sf < 1, got: " + go_fixed(smoothing));
  }
  if (trend <= 0 || trend >= 1) {
    return make_error(ErrorKind::invalid_argument,
                      "invalid trend factor. Expected: 0 < tf < 1, got: " + go_fixed(trend));
  }
  return std::nullopt;
}

std::optional<double> holt_winters(const Window& w, double smoothing, double trend) {
  if (holt_winters_error(smoothing, trend)) return std::nullopt;
  const auto& s = w.samples;
  if (s.size() < 2) return std::nullopt;
  // Double exponential smoothing; the first trend is the first difference
  // and is used as it is, later trends are smoothed.
  double previous_level = 0;
  double level = s[0].v;
  double slope = s[1].v - s[0].v;
  for (size_t i = 1; i < s.size(); ++i) {
    if (i > 1) slope = trend * (level - previous_level) + (1 - trend) * slope;
    const double next = smoothing * s[i].v + (1 - smoothing) * (level + slope);
    previous_level = std::exchange(level, next);
  }
  return level;
}

}  // namespace vigil::promql::kernels
