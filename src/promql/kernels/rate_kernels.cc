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

namespace {

// What a window's extrapolation depends on besides its values. With a
// regular scrape interval every step of a range query sees the same shape,
// so its divisions are done once and reused: same inputs, same operations,
// same bits.
struct WindowShape {
  int64_t to_start_ms = -1;
  int64_t to_end_ms = -1;
  int64_t sampled_ms = -1;
  size_t samples = 0;
  int64_t range_ms = -1;
  bool is_rate = false;

  bool operator==(const WindowShape&) const = default;
};

struct Extrapolation {
  double duration_to_start = 0;  // after the 1.1 x average interval rule
  double duration_to_end = 0;
  double sampled_interval = 0;
  double factor = 0;  // for the durations above, divided by the range for rate
};

double factor_for(const WindowShape& shape, double sampled_interval, double duration_to_start,
                  double duration_to_end) {
  double factor = (sampled_interval + duration_to_start + duration_to_end) / sampled_interval;
  if (shape.is_rate) factor /= duration_seconds(shape.range_ms);
  return factor;
}

Extrapolation extrapolation_for(const WindowShape& shape) {
  Extrapolation e;
  e.duration_to_start = static_cast<double>(shape.to_start_ms) / 1000;
  e.duration_to_end = static_cast<double>(shape.to_end_ms) / 1000;
  e.sampled_interval = static_cast<double>(shape.sampled_ms) / 1000;
  const double average_interval = e.sampled_interval / static_cast<double>(shape.samples - 1);
  // A gap of 1.1 average intervals or more to an edge means the series
  // starts or ends inside the window: extrapolate only half an interval.
  const double threshold = average_interval * 1.1;
  if (e.duration_to_start >= threshold) e.duration_to_start = average_interval / 2;
  if (e.duration_to_end >= threshold) e.duration_to_end = average_interval / 2;
  e.factor = factor_for(shape, e.sampled_interval, e.duration_to_start, e.duration_to_end);
  return e;
}

}  // namespace

std::optional<double> extrapolated_rate(const Window& w, bool is_counter, bool is_rate) {
  const auto& s = w.samples;
  if (s.size() < 2) return std::nullopt;
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

  const WindowShape shape{s.front().t - w.range_start, w.range_end - s.back().t, s.back().t - s.front().t, s.size(),
                          w.range_end - w.range_start, is_rate};
  thread_local WindowShape last_shape;
  thread_local Extrapolation last;
  if (!(shape == last_shape)) {
    last = extrapolation_for(shape);
    last_shape = shape;
  }
  // A counter cannot have been negative: extrapolating backwards stops at
  // the time the counter would have been zero.
  if (is_counter && result > 0 && s.front().v >= 0) {
    const double duration_to_zero = last.sampled_interval * (s.front().v / result);
    if (duration_to_zero < last.duration_to_start)
      return result * factor_for(shape, last.sampled_interval, duration_to_zero, last.duration_to_end);
  }
  return result * last.factor;
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
