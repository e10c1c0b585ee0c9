#pragma once
// The values the evaluator passes between nodes. A query is evaluated at
// every step of a grid at once: an instant vector is a list of series, each
// with one slot per step, so labels are handled once per series while the
// arithmetic runs over dense arrays.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "storage/labels/label_set.h"
#include "storage/sample.h"

namespace vigil::promql::engine {

// The evaluation times: start, start + interval, ..., up to end inclusive.
struct StepGrid {
  int64_t start = 0;
  int64_t end = 0;
  int64_t interval = 1;

  size_t size() const noexcept { return static_cast<size_t>((end - start) / interval) + 1; }
  int64_t at(size_t step) const noexcept { return start + static_cast<int64_t>(step) * interval; }
};

// "No value at this step": a signalling NaN. Arithmetic never produces a
// signalling NaN and stored NaNs are made quiet on the way in, so this bit
// pattern cannot be a real value.
inline constexpr uint64_t kAbsentBits = 0x7ff00000000a0b5eULL;
inline double absent() noexcept { return std::bit_cast<double>(kAbsentBits); }
inline bool is_absent(double v) noexcept { return std::bit_cast<uint64_t>(v) == kAbsentBits; }
// A value read from storage, with a NaN that happens to have the absent
// pattern turned into an ordinary one (no one can tell NaNs apart in output).
inline double stored_value(double v) noexcept {
  return is_absent(v) ? std::bit_cast<double>(0x7ff8000000000001ULL) : v;
}

struct StepSeries {
  storage::LabelSet labels;
  std::vector<double> values;  // one per grid step; absent() where none

  bool empty() const noexcept {
    for (double v : values)
      if (!is_absent(v)) return false;
    return true;
  }
};

using StepVector = std::vector<StepSeries>;

// The samples of one series with their own timestamps: a range vector's
// series, or a subquery's result.
struct SampleSeries {
  storage::LabelSet labels;
  std::vector<storage::Sample> samples;  // in time order, no stale markers
};

}  // namespace vigil::promql::engine
