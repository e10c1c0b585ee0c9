#pragma once
// The unit of storage in block files: a chunk page or an index section,
// compressed (compression.h) and checksummed.
//
//   [u32 LE raw size][u32 LE stored size][stored bytes][u32 LE CRC-32C]
//
// The CRC covers the two sizes and the stored bytes, so a flipped size is
// caught like a flipped payload byte.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"

namespace vigil::storage::block {

inline constexpr size_t kFrameHeaderBytes = 8;
inline constexpr size_t kFrameOverheadBytes = 12;

// Compresses `raw` and appends the frame. `raw` must be below 4 GiB.
void append_frame(std::span<const uint8_t> raw, std::vector<uint8_t>& out);

struct FrameHeader {
  uint32_t raw_size;
  uint32_t stored_size;
  uint64_t frame_bytes() const { return uint64_t{stored_size} + kFrameOverheadBytes; }
};

FrameHeader parse_frame_header(std::span<const uint8_t, kFrameHeaderBytes> header);

// Whether the CRC at the end of `frame` (exactly frame_bytes() long) matches.
bool frame_checksum_ok(std::span<const uint8_t> frame);

// Verifies and decompresses a whole frame. `max_raw_size` bounds the
// allocation a damaged size could ask for. Errors are ErrorKind::corruption
// and say what is wrong, for the caller to prefix with the file and offset.
Result<std::vector<uint8_t>> unpack_frame(std::span<const uint8_t> frame, size_t max_raw_size);

}  // namespace vigil::storage::block
