#pragma once
// The data the crash child appends and the crash-loop test verifies: batch k
// holds one sample per series at t = k * 1000 with a value that says which
// series and batch it belongs to, so any lost, misplaced or altered sample
// is detectable.

#include <cstdint>
#include <string>

#include "storage/labels/label_set.h"

namespace vigil::storage::crash {

inline constexpr uint32_t kSeries = 200;
inline constexpr int64_t kBlockDurationMs = 10'000;

inline LabelSet series_labels(uint32_t i) {
  return LabelSet::from({{"__name__", "crash_test"}, {"series", std::to_string(i)}}).value();
}
inline int64_t batch_time(int64_t k) { return k * 1000; }
// Exact in a double for any k the test reaches.
inline double sample_value(uint32_t i, int64_t k) {
  return static_cast<double>(i) * 1e9 + static_cast<double>(k) + 0.25;
}

}  // namespace vigil::storage::crash
