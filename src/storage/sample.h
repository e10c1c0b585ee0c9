#pragma once
// A sample and the staleness marker, as every writer and reader sees them.

#include <bit>
#include <cstdint>

namespace vigil::storage {

struct Sample {
  int64_t t;  // milliseconds since the Unix epoch
  double v;
};

// Prometheus's staleness marker: a NaN with this exact bit pattern says "this
// series ended here", unlike an ordinary NaN value.
inline constexpr uint64_t kStaleNaNBits = 0x7ff0000000000002ULL;

inline double stale_nan() noexcept { return std::bit_cast<double>(kStaleNaNBits); }
inline bool is_stale_nan(double v) noexcept { return std::bit_cast<uint64_t>(v) == kStaleNaNBits; }

}  // namespace vigil::storage
