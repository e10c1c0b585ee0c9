#pragma once
// Naming and listing the segment files of a WAL directory: `%08u` sequence
// numbers, so lexical and numeric order agree.

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"

namespace vigil::storage::wal {

struct SegmentFile {
  uint32_t index = 0;
  std::string path;
  uint64_t size = 0;
};

std::string segment_path(const std::string& dir, uint32_t index);

// The segment files in `dir`, by index. Other entries (later: checkpoint
// directories) are ignored.
Result<std::vector<SegmentFile>> list_segments(const std::string& dir);

// Makes file creations, renames and deletions in `dir` durable; fdatasync on
// a file covers only its contents.
Result<void> sync_dir(const std::string& dir);

}  // namespace vigil::storage::wal
