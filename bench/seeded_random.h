#pragma once
// The pseudo-random numbers of the benchmark data generators: splitmix64,
// fast and the same sequence on every platform, so every system under test
// is sent exactly the same data for a seed.

#include <cstdint>

namespace vigil::bench {

inline uint64_t next_u64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Uniform in [0, 1).
inline double uniform(uint64_t& state) { return static_cast<double>(next_u64(state) >> 11) * 0x1.0p-53; }

}  // namespace vigil::bench
