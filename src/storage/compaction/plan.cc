#include "storage/compaction/plan.h"

#include <algorithm>

namespace vigil::storage::compaction {
namespace {

constexpr int64_t kMaxBlockDurationMs = 31LL * 24 * 3600 * 1000;

}  // namespace

int64_t align_down(int64_t t, int64_t step) { return (t / step - ((t % step != 0) && (t < 0))) * step; }

std::vector<int64_t> compaction_ranges(const PlanOptions& options) {
  int64_t limit = options.max_block_duration_ms;
  if (limit <= 0) {
    limit = kMaxBlockDurationMs;
    if (options.retention_time_ms > 0) limit = std::min(limit, options.retention_time_ms / 10);
  }
  std::vector<int64_t> ranges{options.block_duration_ms};
  while (ranges.back() <= limit / 3) ranges.push_back(ranges.back() * 3);
  return ranges;
}

std::vector<std::string> plan_compaction(const std::vector<BlockSpan>& blocks, const PlanOptions& options) {
  if (blocks.size() < 2) return {};
  // Overlaps first: sorted by min_time, a block overlaps the run before it
  // when it starts before the run's end.
  for (size_t i = 0; i + 1 < blocks.size();) {
    int64_t run_end = blocks[i].max_time;
    size_t j = i + 1;
    while (j < blocks.size() && blocks[j].min_time < run_end) {
      run_end = std::max(run_end, blocks[j].max_time);
      ++j;
    }
    if (j - i > 1) {
      std::vector<std::string> group;
      for (size_t k = i; k < j; ++k) group.push_back(blocks[k].ulid);
      return group;
    }
    i = j;
  }
  int64_t newest = 0;
  for (const auto& b : blocks) newest = std::max(newest, b.max_time);
  auto ranges = compaction_ranges(options);
  for (size_t r = 1; r < ranges.size(); ++r) {
    const int64_t range = ranges[r];
    for (size_t i = 0; i < blocks.size();) {
      const int64_t window = align_down(blocks[i].min_time, range);
      const int64_t window_end = window + range;
      std::vector<std::string> group;
      size_t j = i;
      for (; j < blocks.size() && blocks[j].min_time < window_end; ++j) {
        if (blocks[j].max_time <= window_end) group.push_back(blocks[j].ulid);
      }
      // A window still being filled by the newest blocks waits until they
      // have moved past it, so that recent blocks are not rewritten each cut.
      if (group.size() > 1 && window_end <= newest) return group;
      i = std::max(j, i + 1);
    }
  }
  return {};
}

std::vector<std::string> plan_retention(const std::vector<BlockSpan>& blocks, int64_t newest_time,
                                        int64_t retention_time_ms, uint64_t retention_bytes, uint64_t other_bytes) {
  std::vector<std::string> drop;
  std::vector<bool> dropped(blocks.size(), false);
  if (retention_time_ms > 0) {
    for (size_t i = 0; i < blocks.size(); ++i) {
      if (blocks[i].max_time <= newest_time - retention_time_ms) {
        drop.push_back(blocks[i].ulid);
        dropped[i] = true;
      }
    }
  }
  if (retention_bytes > 0) {
    uint64_t total = other_bytes;
    for (size_t i = 0; i < blocks.size(); ++i) {
      if (!dropped[i]) total += blocks[i].size_bytes;
    }
    for (size_t i = 0; i < blocks.size() && total > retention_bytes; ++i) {
      if (dropped[i]) continue;
      drop.push_back(blocks[i].ulid);
      total -= blocks[i].size_bytes;
    }
  }
  return drop;
}

}  // namespace vigil::storage::compaction
