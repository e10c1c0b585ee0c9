#include "storage/sample_runs.h"

#include <gtest/gtest.h>

#include <bit>

namespace vigil::storage {
namespace {

std::vector<int64_t> times(const std::vector<Sample>& samples) {
  std::vector<int64_t> out;
  for (const auto& s : samples) out.push_back(s.t);
  return out;
}

TEST(MergeSampleRuns, InterleavesAndDeduplicates) {
  auto merged = merge_sample_runs({{{1, 1}, {3, 3}, {5, 5}}, {{2, 20}, {3, 30}, {6, 60}}, {}, {{0, 0}}});
  EXPECT_EQ(times(merged), (std::vector<int64_t>{0, 1, 2, 3, 5, 6}));
  EXPECT_EQ(merged[3].v, 3);  // the first run wins a shared timestamp
}

TEST(MergeSampleRuns, EmptyAndSingle) {
  EXPECT_TRUE(merge_sample_runs({}).empty());
  EXPECT_TRUE(merge_sample_runs({{}, {}}).empty());
  EXPECT_EQ(times(merge_sample_runs({{{7, 1}}})), (std::vector<int64_t>{7}));
}

TEST(MergeSampleRuns, KeepsValueBits) {
  auto merged = merge_sample_runs({{{1, stale_nan()}}, {{1, 2.0}, {2, -0.0}}});
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_TRUE(is_stale_nan(merged[0].v));
  EXPECT_EQ(std::bit_cast<uint64_t>(merged[1].v), std::bit_cast<uint64_t>(-0.0));
}

}  // namespace
}  // namespace vigil::storage
