#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "promql/kernels/range_kernels.h"
#include "promql/kernels/window.h"

namespace vigil::promql::kernels {
namespace {

using testing::concat;
using testing::kMinute;
using testing::loaded;
using testing::series;

constexpr int64_t kStep = 5 * kMinute;
const double kInf = std::numeric_limits<double>::infinity();

TEST(Deriv, SlopePerSecond) {
  EXPECT_DOUBLE_EQ(*deriv(loaded(series(0, 80, 10), kStep, 0, 50 * kMinute).view()), 0.26666666666666666);
  const auto reset_middle = concat(series(0, 10, 4), series(0, 10, 5));
  EXPECT_DOUBLE_EQ(*deriv(loaded(reset_middle, kStep, -50 * kMinute, 50 * kMinute).view()), 0.010606060606060607);
}

TEST(Deriv, ConstantValuesHaveZeroSlopeExceptInfinities) {
  EXPECT_EQ(*deriv(loaded({3, 3, 3}, kStep, 0, 10 * kMinute).view()), 0);
  EXPECT_TRUE(std::isnan(*deriv(loaded({kInf, kInf}, kStep, 0, 5 * kMinute).view())));
  EXPECT_FALSE(deriv(loaded({3}, kStep, 0, 10 * kMinute).view()));
}

TEST(PredictLinear, ExtrapolatesFromTheEvaluationTime) {
  const auto reset_middle = concat(series(0, 10, 4), series(0, 10, 5));
  const auto w = loaded(reset_middle, kStep, 0, 50 * kMinute);
  EXPECT_DOUBLE_EQ(*predict_linear(w.view(), 3600, 50 * kMinute), 76.81818181818181);
  // The same window evaluated at 10m (an @ modifier): the line is read 40m earlier.
  EXPECT_DOUBLE_EQ(*predict_linear(w.view(), 3600, 10 * kMinute), 51.36363636363637);
  EXPECT_EQ(*predict_linear(loaded({7, 7}, kStep, 0, 5 * kMinute).view(), 3600, 0), 7);
  EXPECT_FALSE(predict_linear(loaded({7}, kStep, 0, 5 * kMinute).view(), 3600, 0));
}

TEST(HoltWinters, FollowsLinearTrends) {
  const int64_t step = 10'000;
  const int64_t eval = 8000'000;
  const auto up = loaded(series(0, 10, 1000), step, eval - kMinute, eval);
  EXPECT_NEAR(*holt_winters(up.view(), 0.01, 0.1), 8000, 1e-6);
  const auto down = loaded(series(0, -20, 1000), step, eval - kMinute, eval);
  EXPECT_NEAR(*holt_winters(down.view(), 0.01, 0.1), -16000, 1e-6);
}

TEST(HoltWinters, SmoothsByHand) {
  // s1=1, b=2; i=1: s=0.5*3+0.5*(1+2)=3; i=2: b=0.5*(3-1)+0.5*2=2, s=0.5*4+0.5*(3+2)=4.5.
  EXPECT_EQ(*holt_winters(loaded({1, 3, 4}, kStep, 0, 10 * kMinute).view(), 0.5, 0.5), 4.5);
  EXPECT_FALSE(holt_winters(loaded({1}, kStep, 0, 10 * kMinute).view(), 0.5, 0.5));
}

TEST(HoltWinters, FactorsOutsideTheOpenUnitIntervalAreErrors) {
  const auto w = loaded({1, 2, 3}, kStep, 0, 10 * kMinute);
  EXPECT_FALSE(holt_winters(w.view(), 0, 0.5));
  EXPECT_FALSE(holt_winters(w.view(), 0.5, 1));
  EXPECT_EQ(holt_winters_error(0, 0.5)->message, "invalid smoothing factor. Expected: 0 < sf < 1, got: 0.000000");
  EXPECT_EQ(holt_winters_error(1.5, 0.5)->message, "invalid smoothing factor. Expected: 0 < sf < 1, got: 1.500000");
  EXPECT_EQ(holt_winters_error(0.5, 1)->message, "invalid trend factor. Expected: 0 < tf < 1, got: 1.000000");
  EXPECT_EQ(holt_winters_error(0.5, -kInf)->message, "invalid trend factor. Expected: 0 < tf < 1, got: -Inf");
  EXPECT_FALSE(holt_winters_error(0.5, 0.5));
  // NaN passes Prometheus's comparisons and poisons the result instead.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(holt_winters_error(nan, 0.5));
  EXPECT_TRUE(std::isnan(*holt_winters(w.view(), nan, 0.5)));
}

}  // namespace
}  // namespace vigil::promql::kernels
