#pragma once
// Integer sequences inside the block sample encoding: frame of reference
// with a common factor and a fixed bit width per sequence, plus escapes for
// the values outside the frame. A counter's increments of 880..920 then take
// 6 bits each, memory sizes that move in whole 4096-byte pages lose the
// factor, and a missed scrape or a counter reset costs one escape instead of
// widening every value. Layout: docs/storage-format.md, "Block sample
// encoding".

#include <cstdint>
#include <span>
#include <vector>

#include "core/error.h"
#include "storage/block/byte_cursor.h"

namespace vigil::storage::block {

// Appends the encoding of `values`. Arithmetic wraps modulo 2^64, so any
// int64 values encode, however far apart.
void encode_packed_ints(std::span<const int64_t> values, std::vector<uint8_t>& out);

// Reads a sequence of `count` values written by encode_packed_ints into
// `values`, replacing what it held.
Result<void> decode_packed_ints(ByteCursor& in, size_t count, std::vector<int64_t>& values);

}  // namespace vigil::storage::block
