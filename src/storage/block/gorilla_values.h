#pragma once
// Float values alone, XOR-compressed as in the head's chunks (Gorilla): the
// block encoding's fallback for values that are not decimals. A uvarint byte
// length comes first, so that a reader knows where the bit stream ends.

#include <cstdint>
#include <span>
#include <vector>

#include "core/error.h"
#include "storage/block/byte_cursor.h"

namespace vigil::storage::block {

// Appends the encoding of `bits` (the values' IEEE 754 bit patterns); at least one.
void encode_gorilla_values(std::span<const uint64_t> bits, std::vector<uint8_t>& out);

// Reads `bits.size()` values (at least one) into `bits`.
Result<void> decode_gorilla_values(ByteCursor& in, std::span<uint64_t> bits);

}  // namespace vigil::storage::block
