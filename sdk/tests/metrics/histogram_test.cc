#include "vigil/metrics/histogram.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <thread>

namespace vigil::metrics {
namespace {

TEST(HistogramTest, ValueOnABoundGoesIntoThatBucket) {
  Histogram h({1, 2, 5});
  for (double v : {0.5, 1.0, 1.0000001, 2.0, 4.9, 5.0, 5.1, 100.0, -3.0}) h.observe(v);
  const HistogramValue s = h.snapshot();
  EXPECT_EQ(s.upper_bounds, (std::vector<double>{1, 2, 5}));
  // le=1: 0.5, 1, -3; le=2: +1.0000001, 2; le=5: +4.9, 5; +Inf: +5.1, 100
  EXPECT_EQ(s.cumulative_counts, (std::vector<uint64_t>{3, 5, 7, 9}));
  EXPECT_EQ(s.count, 9u);
  EXPECT_DOUBLE_EQ(s.sum, 0.5 + 1.0 + 1.0000001 + 2.0 + 4.9 + 5.0 + 5.1 + 100.0 - 3.0);
}

TEST(HistogramTest, EmptySnapshotHasZeroCounts) {
  const HistogramValue s = Histogram(default_buckets()).snapshot();
  EXPECT_EQ(s.cumulative_counts, std::vector<uint64_t>(12, 0));
  EXPECT_EQ(s.count, 0u);
  EXPECT_EQ(s.sum, 0.0);
}

TEST(HistogramTest, NaNAndInfinityCountInTheInfBucket) {
  Histogram h({1});
  h.observe(std::numeric_limits<double>::infinity());
  h.observe(-std::numeric_limits<double>::infinity());
  h.observe(std::nan(""));
  const HistogramValue s = h.snapshot();
  EXPECT_EQ(s.cumulative_counts, (std::vector<uint64_t>{1, 3}));
  EXPECT_EQ(s.count, 3u);
  EXPECT_TRUE(std::isnan(s.sum));
}

TEST(HistogramTest, NoBoundsMeansOnlyTheInfBucket) {
  Histogram h({});
  h.observe(7);
  EXPECT_EQ(h.snapshot().cumulative_counts, (std::vector<uint64_t>{1}));
}

TEST(HistogramTest, RejectsUnorderedOrNonFiniteBounds) {
  EXPECT_THROW(Histogram({1, 1}), std::invalid_argument);
  EXPECT_THROW(Histogram({2, 1}), std::invalid_argument);
  EXPECT_THROW(Histogram({1, std::numeric_limits<double>::infinity()}), std::invalid_argument);
  EXPECT_THROW(Histogram({std::nan("")}), std::invalid_argument);
}

TEST(HistogramTest, ManyBoundsSearchTheSameWayAsFew) {
  // 40 bounds take the binary search; the expected buckets follow "le".
  Histogram h(linear_buckets(1, 1, 40));
  for (double v : {0.0, 1.0, 1.5, 20.0, 40.0, 40.5, std::nan("")}) h.observe(v);
  const HistogramValue s = h.snapshot();
  EXPECT_EQ(s.cumulative_counts[0], 2u);   // 0, 1
  EXPECT_EQ(s.cumulative_counts[1], 3u);   // 1.5
  EXPECT_EQ(s.cumulative_counts[19], 4u);  // 20
  EXPECT_EQ(s.cumulative_counts[39], 5u);  // 40
  EXPECT_EQ(s.cumulative_counts[40], 7u);  // 40.5, NaN
}

TEST(HistogramTest, RefusesMoreBoundsThanFitItsCells) {
  EXPECT_NO_THROW(Histogram(linear_buckets(1, 1, static_cast<int>(Histogram::kMaxBounds))));
  EXPECT_THROW(Histogram(linear_buckets(1, 1, static_cast<int>(Histogram::kMaxBounds) + 1)), std::invalid_argument);
}

TEST(HistogramTest, ConcurrentObservationsAreAllCounted) {
  Histogram h({1, 10});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&h] {
      for (int i = 0; i < 30'000; ++i) h.observe(i % 3 == 0 ? 0.5 : i % 3 == 1 ? 5 : 50);
    });
  }
  for (auto& th : threads) th.join();
  const HistogramValue s = h.snapshot();
  EXPECT_EQ(s.cumulative_counts, (std::vector<uint64_t>{40'000, 80'000, 120'000}));
  EXPECT_DOUBLE_EQ(s.sum, 40'000 * (0.5 + 5 + 50));
}

TEST(BucketsTest, Generators) {
  EXPECT_EQ(default_buckets(), (std::vector<double>{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}));
  EXPECT_EQ(exponential_buckets(1, 2, 4), (std::vector<double>{1, 2, 4, 8}));
  EXPECT_EQ(linear_buckets(0.5, 0.5, 3), (std::vector<double>{0.5, 1.0, 1.5}));
  EXPECT_THROW(exponential_buckets(0, 2, 3), std::invalid_argument);
  EXPECT_THROW(exponential_buckets(1, 1, 3), std::invalid_argument);
  EXPECT_THROW(linear_buckets(0, 0, 3), std::invalid_argument);
  EXPECT_THROW(linear_buckets(0, 1, 0), std::invalid_argument);
}

}  // namespace
}  // namespace vigil::metrics
