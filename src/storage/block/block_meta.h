#pragma once
// A block's `meta.json`: its id, the time range it covers, counts, and where
// it came from. JSON so that an operator can read it; the field names are
// Prometheus's. Layout: docs/storage-format.md, "Blocks".

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"

namespace vigil::storage::block {

inline constexpr uint32_t kMetaVersion = 1;

struct BlockMeta {
  std::string ulid;
  // Samples have min_time <= t < max_time (Prometheus's convention: adjacent
  // blocks share the boundary value as one's max and the next one's min).
  int64_t min_time = 0;
  int64_t max_time = 0;
  uint64_t num_series = 0;
  uint64_t num_samples = 0;
  uint64_t num_chunks = 0;
  // 1 for a block cut from the head; a compaction's output is one more than
  // its highest input.
  uint32_t level = 1;
  // The ULIDs of the blocks this one was compacted from; empty at level 1.
  std::vector<std::string> sources;

  friend bool operator==(const BlockMeta&, const BlockMeta&) = default;
};

std::string encode_meta(const BlockMeta& meta);
// Parses and validates (ULIDs, min_time < max_time, known version). Errors are
// ErrorKind::corruption and name `path` and the byte offset.
Result<BlockMeta> decode_meta(std::span<const uint8_t> text, const std::string& path);

// Reads `<block_dir>/meta.json`.
Result<BlockMeta> read_meta(const std::string& block_dir);

}  // namespace vigil::storage::block
