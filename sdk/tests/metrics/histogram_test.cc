#include "vigil/metrics/histogram.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>

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
