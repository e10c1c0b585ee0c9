#include "storage/compaction/plan.h"

#include <gtest/gtest.h>

namespace vigil::storage::compaction {
namespace {

constexpr int64_t kHour = 3600 * 1000;

BlockSpan span(std::string ulid, int64_t min_h, int64_t max_h, uint64_t size = 100) {
  return {std::move(ulid), min_h * kHour, max_h * kHour, size};
}

TEST(CompactionRanges, TripleUpToATenthOfRetention) {
  PlanOptions options{.block_duration_ms = 2 * kHour, .retention_time_ms = 15 * 24 * kHour};
  EXPECT_EQ(compaction_ranges(options), (std::vector<int64_t>{2 * kHour, 6 * kHour, 18 * kHour}));
  options.retention_time_ms = 0;
  auto unlimited = compaction_ranges(options);
  EXPECT_EQ(unlimited.back(), 486 * kHour);  // 2h·3^5; the next step would pass 31 days
}

TEST(PlanCompaction, MergesACompletedWindow) {
  PlanOptions options;
  std::vector<BlockSpan> blocks = {span("a", 0, 2), span("b", 2, 4), span("c", 4, 6), span("d", 6, 8)};
  EXPECT_EQ(plan_compaction(blocks, options), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(PlanCompaction, WaitsForAWindowStillFilling) {
  PlanOptions options;
  std::vector<BlockSpan> blocks = {span("a", 6, 8), span("b", 8, 10)};
  EXPECT_TRUE(plan_compaction(blocks, options).empty());
}

TEST(PlanCompaction, MergesWindowWithGapsOnceLeftBehind) {
  PlanOptions options;
  std::vector<BlockSpan> blocks = {span("a", 0, 2), span("c", 4, 6), span("d", 8, 10)};
  EXPECT_EQ(plan_compaction(blocks, options), (std::vector<std::string>{"a", "c"}));
}

TEST(PlanCompaction, OverlapsComeFirst) {
  PlanOptions options;
  std::vector<BlockSpan> blocks = {span("a", 0, 2), span("b", 2, 4), span("x", 20, 22), span("y", 21, 23)};
  EXPECT_EQ(plan_compaction(blocks, options), (std::vector<std::string>{"x", "y"}));
}

TEST(PlanCompaction, NothingToDoForOneBlockPerWindow) {
  PlanOptions options;
  std::vector<BlockSpan> blocks = {span("a", 0, 6), span("b", 6, 12), span("c", 12, 14)};
  EXPECT_EQ(plan_compaction(blocks, options), (std::vector<std::string>{}));
  blocks = {span("a", 0, 18), span("b", 18, 36)};
  EXPECT_TRUE(plan_compaction(blocks, options).empty());
}

TEST(PlanCompaction, NeverBuildsPastTheLargestRange) {
  PlanOptions options{.block_duration_ms = 2 * kHour, .max_block_duration_ms = 6 * kHour};
  std::vector<BlockSpan> blocks = {span("a", 0, 6), span("b", 6, 12), span("c", 12, 18), span("d", 18, 24)};
  EXPECT_TRUE(plan_compaction(blocks, options).empty());
}

TEST(PlanRetention, DropsBlocksOlderThanRetention) {
  std::vector<BlockSpan> blocks = {span("a", 0, 2), span("b", 2, 4), span("c", 4, 6)};
  EXPECT_EQ(plan_retention(blocks, 7 * kHour, 4 * kHour, 0, 0), (std::vector<std::string>{"a"}));
  EXPECT_EQ(plan_retention(blocks, 7 * kHour, 0, 0, 0), (std::vector<std::string>{}));
}

TEST(PlanRetention, DropsOldestWhileOverSize) {
  std::vector<BlockSpan> blocks = {span("a", 0, 2, 100), span("b", 2, 4, 100), span("c", 4, 6, 100)};
  EXPECT_EQ(plan_retention(blocks, 6 * kHour, 0, 240, 50), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(plan_retention(blocks, 6 * kHour, 0, 350, 50), (std::vector<std::string>{}));
}

TEST(PlanRetention, TimeAndSizeTogether) {
  std::vector<BlockSpan> blocks = {span("a", 0, 2, 100), span("b", 2, 4, 100), span("c", 4, 6, 100)};
  EXPECT_EQ(plan_retention(blocks, 6 * kHour, 3 * kHour, 150, 0), (std::vector<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace vigil::storage::compaction
