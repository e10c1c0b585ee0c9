#include "vigil/metrics/thread_cells.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>
#include <vector>

namespace vigil::metrics::detail {
namespace {

double sum_of(uint32_t cell) {
  double v = 0;
  sum_cells_as_double(cell, 1, &v);
  return v;
}

TEST(ThreadCellsTest, ValuesOfExitedThreadsStayCounted) {
  const uint32_t cell = allocate_cells(1);
  for (int round = 0; round < 3; ++round) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([cell] {
        for (int i = 0; i < 1000; ++i) add_to_cell(own_cell(cell), 1.0);
      });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(sum_of(cell), 4000.0 * (round + 1));
  }
  release_cells(cell, 1);
}

TEST(ThreadCellsTest, ReleasedCellsComeBackZeroed) {
  const uint32_t cell = allocate_cells(3);
  add_to_cell(own_cell(cell + 1), uint64_t{5});
  std::thread([cell] { add_to_cell(own_cell(cell + 2), uint64_t{7}); }).join();
  release_cells(cell, 3);
  const uint32_t again = allocate_cells(3);
  EXPECT_EQ(again, cell);  // the range of the same length is reused
  uint64_t sums[3];
  sum_cells_as_uint(again, 3, sums);
  EXPECT_EQ(sums[0] + sums[1] + sums[2], 0u);
  release_cells(again, 3);
}

TEST(ThreadCellsTest, ARangeNeverCrossesABlock) {
  std::vector<std::pair<uint32_t, std::size_t>> ranges;
  for (int i = 0; i < 40; ++i) {
    const std::size_t count = 97 + static_cast<std::size_t>(i) % 5;
    const uint32_t first = allocate_cells(count);
    EXPECT_EQ(first / kCellsPerBlock, (first + count - 1) / kCellsPerBlock) << first << " " << count;
    ranges.emplace_back(first, count);
  }
  for (auto [first, count] : ranges) release_cells(first, count);
}

TEST(ThreadCellsTest, RangesLongerThanABlockAreRefused) {
  EXPECT_THROW(allocate_cells(kCellsPerBlock + 1), std::length_error);
  EXPECT_THROW(allocate_cells(0), std::length_error);
}

}  // namespace
}  // namespace vigil::metrics::detail
