#pragma once
// The block encoding of one chunk of one series' samples. Blocks are written
// once, so they can afford to look at a whole chunk before choosing how to
// encode it: regular timestamps, constant values and integer- or
// decimal-valued floats (the common case in monitoring data) get compact
// forms, anything else falls back to Gorilla XOR. The bytes are compressed
// again, page by page, by the block writer (see compression.h).
// Layout: docs/storage-format.md, "Block sample encoding".

#include <cstdint>
#include <span>
#include <vector>

#include "core/error.h"
#include "storage/sample.h"

namespace vigil::storage::block {

// The most samples one encoding holds: far more than a block chunk takes.
// Decoders refuse larger counts, so that a corrupt count cannot make them
// allocate more than 1 MiB.
inline constexpr size_t kMaxSamples = size_t{1} << 16;

// Appends the encoding of `samples` to `out`. Timestamps must strictly
// increase; values are kept bit for bit (NaN payloads, -0, infinities).
// More than kMaxSamples samples is a caller bug: std::length_error.
void encode_samples(std::span<const Sample> samples, std::vector<uint8_t>& out);

// Decodes one encoding that starts at `bytes[0]`, appending its samples to
// `out`, and returns the number of bytes it occupied. Malformed input is an
// ErrorKind::corruption error; `out` is then left with what it held before.
Result<size_t> decode_samples(std::span<const uint8_t> bytes, std::vector<Sample>& out);

}  // namespace vigil::storage::block
