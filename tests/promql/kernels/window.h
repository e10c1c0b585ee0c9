#pragma once
// Builds kernel windows from sample lists written as a promqltest `load`
// would lay them out: one value per step from time zero.

#include <cstdint>
#include <vector>

#include "promql/kernels/range_kernels.h"

namespace vigil::promql::kernels::testing {

// Owns the samples a Window views.
struct OwnedWindow {
  std::vector<storage::Sample> samples;
  int64_t range_start = 0;
  int64_t range_end = 0;

  Window view() const { return Window{samples, range_start, range_end}; }
};

// `values` at 0, step, 2*step, ... ms; only those in [start, end] are kept,
// as a range selector would select them.
inline OwnedWindow loaded(std::vector<double> values, int64_t step_ms, int64_t start_ms, int64_t end_ms) {
  OwnedWindow w{{}, start_ms, end_ms};
  for (size_t i = 0; i < values.size(); ++i) {
    const int64_t t = static_cast<int64_t>(i) * step_ms;
    if (t >= start_ms && t <= end_ms) w.samples.push_back({t, values[i]});
  }
  return w;
}

// promqltest's `a+bxn`: a, a+b, ..., a+n*b.
inline std::vector<double> series(double start, double increment, int times) {
  std::vector<double> out;
  for (int i = 0; i <= times; ++i) out.push_back(start + increment * i);
  return out;
}

inline std::vector<double> concat(std::vector<double> a, const std::vector<double>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

constexpr int64_t kMinute = 60'000;

}  // namespace vigil::promql::kernels::testing
