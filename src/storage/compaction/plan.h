#pragma once
// Which blocks to merge and which to drop: pure decisions over block
// metadata, so that they are tested without files. The database applies one
// decision at a time and asks again, since each changes the set of blocks.

#include <cstdint>
#include <string>
#include <vector>

namespace vigil::storage::compaction {

struct BlockSpan {
  std::string ulid;
  int64_t min_time = 0;  // inclusive, ms
  int64_t max_time = 0;  // exclusive, ms
  uint64_t size_bytes = 0;
};

struct PlanOptions {
  int64_t block_duration_ms = 2 * 3600 * 1000;
  // The largest block compaction builds; 0 derives it as Prometheus does:
  // a tenth of the retention time, at most 31 days.
  int64_t max_block_duration_ms = 0;
  int64_t retention_time_ms = 0;  // 0: no limit by time
};

// The multiple of `step` at or below `t` (also for negative t): the start of
// the aligned range holding t.
int64_t align_down(int64_t t, int64_t step);

// The spans merged blocks may cover: block_duration × 3^k up to the maximum.
std::vector<int64_t> compaction_ranges(const PlanOptions& options);

// The ulids of the blocks to merge into one next, oldest first, or empty.
// Overlapping blocks (a crash during compaction, a late snapshot restore) are
// merged first. Otherwise the oldest window of a larger range that holds more
// than one block and has been left behind by the newest data is merged.
// `blocks` is sorted by min_time.
std::vector<std::string> plan_compaction(const std::vector<BlockSpan>& blocks, const PlanOptions& options);

// The ulids of blocks past retention: those whose data is all older than the
// newest time minus retention_time_ms, then the oldest ones while the total
// size (blocks plus `other_bytes`, the WAL) exceeds `retention_bytes`.
// `blocks` is sorted by min_time; 0 disables either limit.
std::vector<std::string> plan_retention(const std::vector<BlockSpan>& blocks, int64_t newest_time,
                                        int64_t retention_time_ms, uint64_t retention_bytes, uint64_t other_bytes);

}  // namespace vigil::storage::compaction
