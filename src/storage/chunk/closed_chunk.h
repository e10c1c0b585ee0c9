#pragma once
// A closed head chunk: it never grows again, and keeps exactly its bytes and
// its bounds (32 bytes of bookkeeping). It starts as a copy of the Gorilla
// chunk it was cut from (cheap, on the append path) and is later packed into
// the block sample encoding (storage/block/sample_codec.h), which looks at
// the whole chunk before choosing a form: about 1 byte per sample on
// monitoring data against Gorilla's 2.4, for the chunks that hold most of a
// head's samples. Packing is too slow for the append path (a few million
// samples/s), so the head does it in the background (see chunk_packer.h).
// Packed bytes go to the head's chunk files when it has them
// (chunk_file_arena.h), out of the process's resident memory.

#include <cstdint>
#include <span>
#include <vector>

#include "storage/chunk/chunk_file_arena.h"
#include "storage/chunk/xor_chunk.h"
#include "storage/sample.h"

namespace vigil::storage::chunk {

class ClosedChunk {
 public:
  ClosedChunk(ClosedChunk&& other) noexcept;
  ClosedChunk& operator=(ClosedChunk&& other) noexcept;
  ~ClosedChunk() { free_bytes(); }
  // A copy of `open`'s bytes, in `files` when given and it has room;
  // `min_t`/`max_t` are its first and last timestamps. The copy goes
  // straight to the files rather than through the heap: a short-lived heap
  // copy per cut (freed once packed) leaves holes that malloc cannot give back.
  static ClosedChunk copy_of(const XorChunk& open, int64_t min_t, int64_t max_t, ChunkFileArena* files = nullptr);
  // The block encoding of `samples`: non-empty, timestamps strictly
  // increasing, at most block::kMaxSamples (a caller bug otherwise: std::length_error).
  static ClosedChunk pack(std::span<const Sample> samples);
  // Appends to `out` the packed encoding of `samples` (as pack() takes them).
  static void encode_packed(std::span<const Sample> samples, std::vector<uint8_t>& out);
  // Replaces a Gorilla chunk's bytes by `encoded`, encode_packed() of its
  // own samples: in `files` when given and it has room. Otherwise on the
  // heap, shrinking the allocation in place where it can: the freed tail
  // then serves the allocations that follow (open chunks growing) instead of
  // leaving a chunk-sized hole in the heap.
  void take_packed(std::span<const uint8_t> encoded, ChunkFileArena* files = nullptr);
  bool in_file() const noexcept { return in_file_; }

  bool packed() const noexcept { return packed_; }
  // Appends every sample to `out`.
  void decode(std::vector<Sample>& out) const;
  // Appends the samples with mint <= t <= maxt to `out`.
  void decode_range(int64_t mint, int64_t maxt, std::vector<Sample>& out) const;

  int64_t min_time() const noexcept { return min_t_; }
  int64_t max_time() const noexcept { return max_t_; }
  uint32_t num_samples() const noexcept { return count_; }
  size_t size_bytes() const noexcept { return size_; }

 private:
  ClosedChunk() = default;
  static ClosedChunk holding(std::span<const uint8_t> bytes, ChunkFileArena* files = nullptr);
  std::span<const uint8_t> bytes() const noexcept { return {bytes_, size_}; }
  void free_bytes() noexcept;

  uint8_t* bytes_ = nullptr;  // malloc'd (for realloc's in-place shrink), or in a chunk file
  int64_t min_t_ = 0;
  int64_t max_t_ = 0;
  uint32_t size_ = 0;
  uint32_t count_ : 30 = 0;
  uint32_t packed_ : 1 = 0;
  uint32_t in_file_ : 1 = 0;
};

}  // namespace vigil::storage::chunk
