#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "promql/kernels/range_kernels.h"
#include "promql/kernels/window.h"

namespace vigil::promql::kernels {
namespace {

using testing::loaded;

const double kInf = std::numeric_limits<double>::infinity();
const double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kBig = 9.988465674311579e+307;

testing::OwnedWindow values(std::vector<double> v) { return loaded(std::move(v), 10'000, 0, 60'000); }

TEST(OverTime, EmptyWindowHasNoResult) {
  const auto empty = values({});
  const Window w = empty.view();
  EXPECT_FALSE(avg_over_time(w));
  EXPECT_FALSE(sum_over_time(w));
  EXPECT_FALSE(count_over_time(w));
  EXPECT_FALSE(min_over_time(w));
  EXPECT_FALSE(max_over_time(w));
  EXPECT_FALSE(stddev_over_time(w));
  EXPECT_FALSE(stdvar_over_time(w));
  EXPECT_FALSE(last_over_time(w));
  EXPECT_FALSE(present_over_time(w));
  EXPECT_FALSE(quantile_over_time(w, 0.5));
  EXPECT_FALSE(mad_over_time(w));
}

TEST(AvgOverTime, InfinitiesAndOverflow) {
  EXPECT_EQ(*avg_over_time(values({1, 2, 3, 4, 5}).view()), 3);
  EXPECT_EQ(*avg_over_time(values({1, 2, 3, 4, kInf}).view()), kInf);
  EXPECT_EQ(*avg_over_time(values({1, 2, 3, 4, -kInf}).view()), -kInf);
  EXPECT_TRUE(std::isnan(*avg_over_time(values({1, 2, 3, kInf, -kInf}).view())));
  EXPECT_EQ(*avg_over_time(values({kInf, 0, kInf}).view()), kInf);
  EXPECT_TRUE(std::isnan(*avg_over_time(values({kInf, kInf, kInf, -kInf}).view())));
  EXPECT_EQ(*avg_over_time(values({-kInf, 0, -kInf}).view()), -kInf);
  EXPECT_TRUE(std::isnan(*avg_over_time(values({1, 2, -kInf, -kInf, kInf}).view())));
  // The sum would overflow; the incremental mean does not.
  EXPECT_EQ(*avg_over_time(values({kBig, kBig}).view()), kBig);
  EXPECT_EQ(*avg_over_time(values({-kBig, -kBig, -kBig}).view()), -kBig);
  EXPECT_EQ(*avg_over_time(values({-kBig, kBig}).view()), 0);
}

TEST(SumOverTime, CompensatesLostPrecision) {
  EXPECT_EQ(*sum_over_time(values({1, 1e100, 1, -1e100}).view()), 2);
  EXPECT_EQ(*sum_over_time(values({kBig, kBig}).view()), kInf);
  EXPECT_EQ(*sum_over_time(values({1, kInf, 1}).view()), kInf);
  EXPECT_TRUE(std::isnan(*sum_over_time(values({1, 2, 3, kInf, -kInf}).view())));
}

TEST(CountAndPresentOverTime, CountSamples) {
  EXPECT_EQ(*count_over_time(values({kNaN, 1, 2}).view()), 3);
  EXPECT_EQ(*present_over_time(values({kNaN}).view()), 1);
}

TEST(MinMaxLastOverTime, NaNOnlyWhenNothingElse) {
  EXPECT_EQ(*min_over_time(values({0, 1, 2, 3}).view()), 0);
  EXPECT_EQ(*max_over_time(values({0, 1, 2, 3}).view()), 3);
  EXPECT_EQ(*min_over_time(values({kNaN, 0, 1, 2}).view()), 0);
  EXPECT_EQ(*max_over_time(values({0, kNaN, 2, 1}).view()), 2);
  EXPECT_EQ(*min_over_time(values({1, 2, kNaN}).view()), 1);
  EXPECT_TRUE(std::isnan(*min_over_time(values({kNaN, kNaN}).view())));
  EXPECT_TRUE(std::isnan(*max_over_time(values({kNaN, kNaN}).view())));
  EXPECT_TRUE(std::isnan(*last_over_time(values({1, kNaN}).view())));
  EXPECT_EQ(*last_over_time(values({kNaN, 1}).view()), 1);
}

TEST(StddevStdvarOverTime, PopulationVariance) {
  EXPECT_DOUBLE_EQ(*stdvar_over_time(values({0, 8, 8, 2, 3}).view()), 10.56);
  EXPECT_NEAR(*stddev_over_time(values({0, 8, 8, 2, 3}).view()), 3.249615, 1e-6);
  // Equal values give exactly zero (Prometheus issue 4927).
  const double v = 1.5990505637277868;
  EXPECT_EQ(*stdvar_over_time(values({v, v, v}).view()), 0);
  EXPECT_EQ(*stddev_over_time(values({v, v, v}).view()), 0);
  EXPECT_EQ(*stddev_over_time(values({42}).view()), 0);
}

TEST(QuantileOverTime, InterpolatesBetweenRanks) {
  EXPECT_EQ(*quantile_over_time(values({0, 1}).view(), 0.5), 0.5);
  EXPECT_EQ(*quantile_over_time(values({0, 1}).view(), 0.75), 0.75);
  EXPECT_EQ(*quantile_over_time(values({0, 1, 2}).view(), 0.5), 1);
  EXPECT_EQ(*quantile_over_time(values({0, 1, 2}).view(), 0.75), 1.5);
  EXPECT_EQ(*quantile_over_time(values({0, 1, 4}).view(), 0.75), 2.5);
  EXPECT_EQ(*quantile_over_time(values({4, 1, 0}).view(), 0), 0);
  EXPECT_EQ(*quantile_over_time(values({0, 1}).view(), -1), -kInf);
  EXPECT_EQ(*quantile_over_time(values({0, 1}).view(), 2), kInf);
  EXPECT_TRUE(std::isnan(*quantile_over_time(values({0, 1}).view(), kNaN)));
}

TEST(MadOverTime, MedianAbsoluteDeviation) {
  EXPECT_EQ(*mad_over_time(values({4, 6, 2, 1, 999, 1, 2}).view()), 1);
  EXPECT_EQ(*mad_over_time(values({5}).view()), 0);
}

}  // namespace
}  // namespace vigil::promql::kernels
