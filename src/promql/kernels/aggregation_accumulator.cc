// sum, avg, count, min, max, group, stddev and stdvar over one group, in the
// order the samples arrive, as Prometheus 2.53's aggregation() computes them.

#include <cmath>
#include <limits>

#include "promql/kernels/value_kernels.h"

namespace vigil::promql::kernels {

void Accumulator::add(double v) {
  if (count_ == 0) {
    // The first sample starts the group as it is, without passing through
    // the update rules (so stddev of one NaN is 0, and min of NaN first is
    // NaN until a number arrives).
    count_ = 1;
    value_ = v;
    mean_ = v;
    if (op_ == Op::stddev || op_ == Op::stdvar) value_ = 0;
    return;
  }
  count_ += 1;
  switch (op_) {
    case Op::sum:
      // Plain addition: Prometheus compensates sum() only from 2.54 on.
      value_ += v;
      break;
    case Op::avg:
      // Inf - Inf would turn a correct infinite mean into NaN; only the
      // opposite infinity or a NaN changes an infinite mean.
      if (std::isinf(mean_)) {
        if (std::isinf(v) && (mean_ > 0) == (v > 0)) break;
        if (!std::isinf(v) && !std::isnan(v)) break;
      }
      // Each term divided by the count, so large values do not overflow.
      mean_ += v / count_ - mean_ / count_;
      break;
    case Op::min:
      if (value_ > v || std::isnan(value_)) value_ = v;
      break;
    case Op::max:
      if (value_ < v || std::isnan(value_)) value_ = v;
      break;
    case Op::stddev:
    case Op::stdvar: {
      // Welford: value_ holds the sum of squared deviations from the mean.
      const double delta = v - mean_;
      mean_ += delta / count_;
      value_ += delta * (v - mean_);
      break;
    }
    case Op::count:
    case Op::group:
      break;
  }
}

double Accumulator::result() const {
  if (count_ == 0) return std::numeric_limits<double>::quiet_NaN();
  switch (op_) {
    case Op::avg: return mean_;
    case Op::count: return count_;
    case Op::group: return 1;
    case Op::sum:
    case Op::min:
    case Op::max: return value_;
    case Op::stdvar: return value_ / count_;
    case Op::stddev: return std::sqrt(value_ / count_);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace vigil::promql::kernels
