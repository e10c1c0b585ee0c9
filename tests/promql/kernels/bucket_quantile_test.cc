#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "promql/kernels/value_kernels.h"

namespace vigil::promql::kernels {
namespace {

const double kInf = std::numeric_limits<double>::infinity();
const double kNaN = std::numeric_limits<double>::quiet_NaN();

double bq(double q, std::vector<Bucket> buckets, bool* forced = nullptr) {
  return bucket_quantile(q, buckets, forced);
}

// testhistogram_bucket at 50m in histograms.test, in scrambled order.
const std::vector<Bucket> kPositive = {{1, 110}, {0.1, 50}, {kInf, 120}, {0.2, 70}};
const std::vector<Bucket> kNegative = {{-0.2, 10}, {-0.1, 20}, {0.3, 20}, {kInf, 30}};

TEST(BucketQuantile, InterpolatesWithinTheBucket) {
  EXPECT_DOUBLE_EQ(bq(0.2, kPositive), 0.048);
  EXPECT_DOUBLE_EQ(bq(0.5, kPositive), 0.15);
  EXPECT_DOUBLE_EQ(bq(0.8, kPositive), 0.72);
  EXPECT_DOUBLE_EQ(bq(0.5, kNegative), -0.15);
  EXPECT_EQ(bq(1.0 / 6, {{0, 0}, {2, 1}, {4, 2}, {6, 3}, {kInf, 3}}), 1);
  EXPECT_EQ(bq(0.5, {{0, 0}, {2, 1}, {4, 2}, {6, 3}, {kInf, 3}}), 3);
  EXPECT_DOUBLE_EQ(bq(5.0 / 6, {{0, 0}, {2, 1}, {4, 2}, {6, 3}, {kInf, 3}}), 5);
}

TEST(BucketQuantile, LowestBucketStartsAtZeroUnlessItsBoundIsNotPositive) {
  EXPECT_EQ(bq(0, kPositive), 0);
  EXPECT_EQ(bq(0, kNegative), -0.2);
  EXPECT_EQ(bq(0.2, kNegative), -0.2);
}

TEST(BucketQuantile, HighestBucketGivesTheLastFiniteBound) {
  EXPECT_EQ(bq(1, kPositive), 1);
  EXPECT_EQ(bq(1, kNegative), 0.3);
  EXPECT_EQ(bq(0.8, kNegative), 0.3);
}

TEST(BucketQuantile, QuantileOutOfRange) {
  EXPECT_EQ(bq(-0.1, kPositive), -kInf);
  EXPECT_EQ(bq(1.01, kPositive), kInf);
  EXPECT_TRUE(std::isnan(bq(kNaN, kPositive)));
  // The quantile is checked before the buckets.
  EXPECT_EQ(bq(2, {{1, 1}}), kInf);
}

TEST(BucketQuantile, NaNWithoutUsableBuckets) {
  EXPECT_TRUE(std::isnan(bq(0.5, {{0.1, 1}, {0.2, 2}})));                // no +Inf bucket
  EXPECT_TRUE(std::isnan(bq(0.5, {{kInf, 5}})));                         // fewer than two buckets
  EXPECT_TRUE(std::isnan(bq(0.5, {{kInf, 0}, {kInf, 0}})));              // two that coalesce into one
  EXPECT_TRUE(std::isnan(bq(0.2, {{0.1, 0}, {0.2, 0}, {kInf, 0}})));     // no observations
  EXPECT_TRUE(std::isnan(bq(0.5, {})));
  EXPECT_TRUE(std::isnan(bq(0.5, {{-kInf, 1}, {0.2, 2}})));
}

TEST(BucketQuantile, EqualBoundsAreMerged) {
  // le="0.2", "2e-1" and "2.0e-1" of one histogram.
  const std::vector<Bucket> mixed = {{0.1, 1}, {0.2, 1}, {0.2, 1}, {0.2, 1}, {kInf, 4}};
  EXPECT_DOUBLE_EQ(bq(0.5, mixed), 0.15);
  EXPECT_DOUBLE_EQ(bq(0.75, mixed), 0.2);
  EXPECT_DOUBLE_EQ(bq(1, mixed), 0.2);
}

TEST(BucketQuantile, DecreasingCountsAreFlattenedAndReported) {
  const std::vector<Bucket> nonmonotonic = {{0.1, 20}, {1, 10}, {10, 50}, {100, 40}, {1000, 90}, {kInf, 80}};
  bool forced = false;
  EXPECT_DOUBLE_EQ(bq(0.01, nonmonotonic, &forced), 0.0045);
  EXPECT_TRUE(forced);
  EXPECT_DOUBLE_EQ(bq(0.5, nonmonotonic), 8.5);
  EXPECT_DOUBLE_EQ(bq(0.99, nonmonotonic), 979.75);
  EXPECT_DOUBLE_EQ(bq(0.5, kPositive, &forced), 0.15);
  EXPECT_FALSE(forced);
}

TEST(BucketQuantile, FloatingPointNoiseIsNotAForcedFix) {
  bool forced = true;
  const double noisy = 1e12 - 0.5;
  // The second bucket counts as 1e12 too, so the median is the first bound.
  EXPECT_EQ(bq(0.5, {{1, 1e12}, {2, noisy}, {kInf, 2e12}}, &forced), 1);
  EXPECT_FALSE(forced);
}

}  // namespace
}  // namespace vigil::promql::kernels
