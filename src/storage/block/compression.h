#pragma once
// The general-purpose compressor behind block pages: zstd.

#include <cstdint>
#include <span>
#include <vector>

#include "core/error.h"

namespace vigil::storage::block {

inline constexpr int kDefaultCompressionLevel = 3;

// One zstd frame that records its content size. Levels outside zstd's range
// are clamped to it. Only running out of memory fails (an exception).
std::vector<uint8_t> compress(std::span<const uint8_t> input, int level = kDefaultCompressionLevel);

// Decompresses one frame whose decompressed size must be exactly
// `expected_size` (stored next to it by the writer); anything else, and any
// zstd error, is an ErrorKind::corruption error.
Result<std::vector<uint8_t>> decompress(std::span<const uint8_t> input, size_t expected_size);

}  // namespace vigil::storage::block
