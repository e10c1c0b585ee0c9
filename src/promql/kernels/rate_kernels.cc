// rate, increase, delta, irate and idelta: the differences between samples,
// extrapolated to the window's edges or taken from the last two samples.

#include <cstdint>

#include "promql/kernels/range_kernels.h"

namespace vigil::promql::kernels {
namespace {

// Go's time.Duration.Seconds() of a whole number of milliseconds: the
// seconds and the nanosecond remainder are converted separately, which can
// round differently from ms / 1000.0.
double duration_seconds(int64_t ms) {
  const int64_t seconds = ms / 1000;
  const int64_t nanos = (ms % 1000) * 1'000'000;
  return static_cast<double>(seconds) + static_cast<double>(nanos) / 1e9;
}

}  // namespace

std::optional<double> extrapolated_rate(const Window& w, bool is_counter, bool is_rate) {
  const auto& s = w.samples;
  if (s.size() < 2) return std::nullopt;
  const int64_t first_t = s.front().t;
  const int64_t last_t = s.back().t;
  double result = s.back().v - s.front().v;
  if (is_counter && !w.no_drops) {
    // A drop is a counter reset: the counter went on from zero, so what it
    // had counted before the drop is added back.
    double prev = s.front().v;
    for (const auto& sample : s.subspan(1)) {
      if (sample.v < prev) result += prev;
      prev = sample.v;
    }
  }

  double duration_to_start = static_cast<double>(first_t - w.range_start) / 1000;
  double duration_to_end = static_cast<double>(w.range_end - last_t) / 1000;
  const double sampled_interval = static_cast<double>(last_t - first_t) / 1000;
  const double average_interval = sampled_interval / static_cast<double>(s.size() - 1);

  // A gap of 1.1 average intervals or more to an edge means the series
  // starts or ends inside the window: extrapolate only half an interval.
  const double threshold = average_interval * 1.1;
  if (duration_to_start >= threshold) duration_to_start = average_interval / 2;
  if (duration_to_end >= threshold) duration_to_end = average_interval / 2;
  // A counter cannot have been negative: extrapolating backwards stops at
  // the time the counter would have been zero.
  if (is_counter && result > 0 && s.front().v >= 0) {
    const double duration_to_zero = sampled_interval * (s.front().v / result);
    if (duration_to_zero < duration_to_start) duration_to_start = duration_to_zero;
  }

  double factor = (sampled_interval + duration_to_start + duration_to_end) / sampled_interval;
  if (is_rate) factor /= duration_seconds(w.range_end - w.range_start);
  return result * factor;
}

std::optional<double> instant_rate(const Window& w, bool is_rate) {
  const auto& s = w.samples;
  if (s.size() < 2) return std::nullopt;
  const auto& last = s[s.size() - 1];
  const auto& previous = s[s.size() - 2];
  const double result = is_rate && last.v < previous.v ? last.v : last.v - previous.v;
  const int64_t interval_ms = last.t - previous.t;
  if (interval_ms == 0) return std::nullopt;
  if (!is_rate) return result;
  return result / (static_cast<double>(interval_ms) / 1000);
}

}  // namespace vigil::promql::kernels
