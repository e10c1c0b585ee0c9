#pragma once
// The values the histogram benchmarks observe: the same fixed sequence for
// every system, spread over the default buckets (.005 ... 10 s) and beyond,
// so that bucket search is not always answered by the first bound.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "bench/seeded_random.h"

namespace vigil::bench {

inline constexpr size_t kObservedValueCount = 1024;  // a power of two: the index wraps with a mask

// Log-uniform between 1 ms and 20 s, seeded.
inline const std::vector<double>& observed_values() {
  static const std::vector<double> values = [] {
    std::vector<double> v;
    uint64_t state = 7;
    for (size_t i = 0; i < kObservedValueCount; ++i) v.push_back(0.001 * std::pow(20000.0, uniform(state)));
    return v;
  }();
  return values;
}

}  // namespace vigil::bench
