#include "ingest/otlp/histograms.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace vigil::ingest::otlp {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using opentelemetry::proto::metrics::v1::ExponentialHistogramDataPoint;
using opentelemetry::proto::metrics::v1::HistogramDataPoint;

ExponentialHistogramDataPoint exponential(int scale, int offset, std::vector<uint64_t> counts, uint64_t zero = 0) {
  ExponentialHistogramDataPoint p;
  p.set_scale(scale);
  p.set_zero_count(zero);
  p.mutable_positive()->set_offset(offset);
  uint64_t total = zero;
  for (uint64_t c : counts) {
    p.mutable_positive()->add_bucket_counts(c);
    total += c;
  }
  p.set_count(total);
  return p;
}

TEST(OtlpReadClassic, InfiniteLastBoundIsTheOverflowBucket) {
  HistogramDataPoint p;
  p.add_explicit_bounds(1);
  p.add_explicit_bounds(std::numeric_limits<double>::infinity());
  for (uint64_t c : {1, 2, 3}) p.add_bucket_counts(c);
  p.set_count(6);
  auto h = read_classic(p);
  ASSERT_TRUE(h);
  EXPECT_THAT(h->bounds, ElementsAre(1));
  EXPECT_THAT(h->counts, ElementsAre(1, 5));
}

TEST(OtlpReadClassic, BoundsMustIncrease) {
  HistogramDataPoint p;
  p.add_explicit_bounds(2);
  p.add_explicit_bounds(1);
  for (uint64_t c : {1, 2, 3}) p.add_bucket_counts(c);
  EXPECT_THAT(read_classic(p).error(), HasSubstr("not strictly increasing"));
}

TEST(OtlpExponential, PositiveBucketsAtScaleOne) {
  // scale 1: base sqrt(2); bucket i is (2^(i/2), 2^((i+1)/2)].
  auto h = read_exponential(exponential(1, 2, {1, 1}));
  ASSERT_TRUE(h);
  ClassicHistogram c = to_classic(*h);
  ASSERT_EQ(c.bounds.size(), 2u);
  EXPECT_DOUBLE_EQ(c.bounds[0], std::pow(2.0, 1.5));
  EXPECT_DOUBLE_EQ(c.bounds[1], 4);
  EXPECT_THAT(c.counts, ElementsAre(1, 1, 0));
}

TEST(OtlpExponential, NegativeBucketsComeFirstInIncreasingOrder) {
  ExponentialHistogramDataPoint p = exponential(0, 0, {1});
  p.mutable_negative()->set_offset(1);
  p.mutable_negative()->add_bucket_counts(2);  // [-4, -2)
  p.mutable_negative()->add_bucket_counts(3);  // [-8, -4)
  p.set_count(6);
  auto h = read_exponential(p);
  ASSERT_TRUE(h);
  ClassicHistogram c = to_classic(*h);
  EXPECT_THAT(c.bounds, ElementsAre(-4, -2, 0, 2));
  EXPECT_THAT(c.counts, ElementsAre(3, 2, 0, 1, 0));
}

TEST(OtlpExponential, WideHistogramsAreDownscaled) {
  std::vector<uint64_t> counts(160, 1);
  auto h = read_exponential(exponential(20, -80, counts));
  ASSERT_TRUE(h);
  EXPECT_LE(h->positive.counts.size(), static_cast<size_t>(kMaxBucketsPerSide));
  EXPECT_LT(h->scale, 20);
  uint64_t total = 0;
  for (uint64_t c : h->positive.counts) total += c;
  EXPECT_EQ(total, 160u);
}

TEST(OtlpExponential, Rejections) {
  EXPECT_THAT(read_exponential(exponential(-11, 0, {})).error(), HasSubstr("scale -11"));
  auto p = exponential(0, 0, {5});
  p.set_count(2);
  EXPECT_THAT(read_exponential(p).error(), HasSubstr("add up to 5, more than count 2"));
  p = exponential(0, 0, {});
  p.set_zero_threshold(-1);
  EXPECT_THAT(read_exponential(p).error(), HasSubstr("zero_threshold"));
  p = exponential(0, std::numeric_limits<int32_t>::max(), {1, 1});
  EXPECT_THAT(read_exponential(p).error(), HasSubstr("past bucket index"));
}

TEST(OtlpExponential, HugeIndicesStayFinite) {
  auto h = read_exponential(exponential(-10, 5, {1, 1}));
  ASSERT_TRUE(h);
  ClassicHistogram c = to_classic(*h);
  for (double b : c.bounds) EXPECT_TRUE(std::isfinite(b));
  EXPECT_EQ(c.counts.back(), 2u);  // beyond the double range: only +Inf holds them
}

TEST(OtlpExponential, AddingAlignsScales) {
  auto a = read_exponential(exponential(1, 0, {1, 1, 1, 1}));
  auto b = read_exponential(exponential(0, 0, {2}));
  ASSERT_TRUE(a && b);
  add_exponential(*a, *b);
  EXPECT_EQ(a->scale, 0);
  EXPECT_EQ(a->count, 6u);
  EXPECT_EQ(a->positive.offset, 0);
  EXPECT_THAT(a->positive.counts, ElementsAre(4, 2));
}

}  // namespace
}  // namespace vigil::ingest::otlp
