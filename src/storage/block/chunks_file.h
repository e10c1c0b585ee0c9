#pragma once
// Constants of a block's `chunks` file: an 8-byte header (magic, version)
// then pages, each a checksummed frame (checksummed_frame.h) holding the
// encoded chunks (sample_codec.h) of consecutive series back to back.
// Layout: docs/storage-format.md, "Blocks".

#include <cstddef>
#include <cstdint>

namespace vigil::storage::block {

inline constexpr uint32_t kChunksMagic = 0x43424756;  // "VGBC" little-endian
inline constexpr uint32_t kChunksVersion = 1;
inline constexpr size_t kChunksHeaderBytes = 8;

// A page is closed when the next chunk would take it past this many
// (uncompressed) bytes. Packing many series into one compressed page lets
// the compressor exploit their similarity; much larger pages would make a
// read of one series decompress more of its neighbours for nothing.
inline constexpr size_t kPageBytes = 64 * 1024;

// A series' samples are cut into chunks of at most this many, of equal size.
// 1024 samples is a 2-hour block at one sample per 7 s in a single chunk,
// giving the encoder long runs to find regularity in; the unit a read
// decompresses is the page anyway.
inline constexpr size_t kMaxChunkSamples = 1024;

// A page holds at least one chunk, so it can exceed kPageBytes by one
// chunk's encoding; no valid page comes near this. It bounds the memory a
// damaged size field can claim.
inline constexpr size_t kMaxPageBytes = 64 * 1024 * 1024;

}  // namespace vigil::storage::block
