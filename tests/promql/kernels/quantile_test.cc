#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "promql/kernels/value_kernels.h"

namespace vigil::promql::kernels {
namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

double q_of(double q, std::vector<double> values) { return quantile(q, values); }

TEST(Quantile, InterpolatesBetweenNeighbouringRanks) {
  EXPECT_DOUBLE_EQ(q_of(0.8, {0, 1}), 0.8);
  EXPECT_DOUBLE_EQ(q_of(0.8, {0, 1, 2}), 1.6);
  EXPECT_DOUBLE_EQ(q_of(0.8, {0, 1, 4}), 2.8);
  EXPECT_EQ(q_of(0.5, {4, 0, 1}), 1);
  EXPECT_EQ(q_of(0, {3, 2, 1}), 1);
  EXPECT_EQ(q_of(1, {3, 2, 1}), 3);
}

TEST(Quantile, OutOfRangeAndNaNQuantiles) {
  EXPECT_EQ(q_of(-0.1, {1, 2}), -kInf);
  EXPECT_EQ(q_of(1.1, {1, 2}), kInf);
  EXPECT_TRUE(std::isnan(q_of(kNaN, {1, 2})));
  EXPECT_TRUE(std::isnan(q_of(0.5, {})));
}

TEST(Quantile, NaNValuesSortFirst) {
  EXPECT_TRUE(std::isnan(q_of(0, {3, kNaN, 1})));
  EXPECT_EQ(q_of(1, {3, kNaN, 1}), 3);
  EXPECT_EQ(q_of(0.5, {3, kNaN, 1}), 1);
}

TEST(Quantile, ReordersTheValues) {
  std::vector<double> values = {3, 1, 2};
  EXPECT_EQ(quantile(0.5, values), 2);
  EXPECT_EQ(values, (std::vector<double>{1, 2, 3}));
}

}  // namespace
}  // namespace vigil::promql::kernels
