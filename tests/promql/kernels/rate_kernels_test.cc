#include <gtest/gtest.h>

#include <limits>

#include "promql/kernels/range_kernels.h"
#include "promql/kernels/window.h"

namespace vigil::promql::kernels {
namespace {

using testing::concat;
using testing::kMinute;
using testing::loaded;
using testing::series;

constexpr bool kCounter = true, kGauge = false, kRate = true, kTotal = false;

double increase_at(const std::vector<double>& values, int64_t step, int64_t eval, int64_t range) {
  return *extrapolated_rate(loaded(values, step, eval - range, eval).view(), kCounter, kTotal);
}

TEST(ExtrapolatedRate, NeedsTwoSamples) {
  EXPECT_FALSE(extrapolated_rate(loaded({}, 5 * kMinute, 0, 50 * kMinute).view(), kCounter, kRate));
  EXPECT_FALSE(extrapolated_rate(loaded({5}, 5 * kMinute, 0, 50 * kMinute).view(), kCounter, kRate));
}

TEST(ExtrapolatedRate, IncreaseOverTheWholeSeries) {
  const int64_t step = 5 * kMinute;
  EXPECT_DOUBLE_EQ(increase_at(series(0, 10, 10), step, 50 * kMinute, 50 * kMinute), 100);
  EXPECT_DOUBLE_EQ(increase_at(concat(series(0, 10, 5), series(0, 10, 5)), step, 50 * kMinute, 50 * kMinute), 90);
  EXPECT_DOUBLE_EQ(increase_at(series(10, 10, 10), step, 50 * kMinute, 50 * kMinute), 100);
  EXPECT_DOUBLE_EQ(increase_at(series(1, 10, 10), step, 50 * kMinute, 50 * kMinute), 100);
}

// The zero point limits the start only after the 1.1 rule has chosen the
// start: 10 reaches zero 5m before the first sample, beyond the half
// interval (2m30s) that is extrapolated anyway.
TEST(ExtrapolatedRate, CounterExtrapolationStopsAtZero) {
  const int64_t step = 5 * kMinute;
  // Starting at 0: no extrapolation before the first sample at all.
  EXPECT_DOUBLE_EQ(increase_at(series(0, 10, 10), step, 50 * kMinute, 100 * kMinute), 100);
  // 10 would reach zero 5m before the first sample; half an interval (2m30s) is less.
  EXPECT_DOUBLE_EQ(increase_at(series(10, 10, 10), step, 50 * kMinute, 100 * kMinute), 105);
  // 1 reaches zero 30s before the first sample.
  EXPECT_DOUBLE_EQ(increase_at(series(1, 10, 10), step, 50 * kMinute, 100 * kMinute), 101);
}

TEST(ExtrapolatedRate, CounterResetAddsThePreviousValue) {
  EXPECT_DOUBLE_EQ(increase_at({0, 1, 2, 3, 2, 3, 4}, 5 * kMinute, 30 * kMinute, 30 * kMinute), 7);
  const auto reset_middle = concat(series(0, 10, 4), series(0, 10, 5));
  EXPECT_DOUBLE_EQ(
      *extrapolated_rate(loaded(reset_middle, 5 * kMinute, 0, 50 * kMinute).view(), kCounter, kRate), 0.03);
  // 90 then 0 at the window's end: the reset adds 90 back, leaving nothing.
  const auto reset_end = concat(series(0, 10, 9), {0, 10});
  EXPECT_EQ(*extrapolated_rate(loaded(reset_end, 5 * kMinute, 45 * kMinute, 50 * kMinute).view(), kCounter, kRate),
            0);
}

TEST(ExtrapolatedRate, RateIsPerSecondOfTheRange) {
  EXPECT_DOUBLE_EQ(
      *extrapolated_rate(loaded(series(0, 80, 10), 5 * kMinute, 0, 50 * kMinute).view(), kCounter, kRate),
      0.26666666666666666);
  EXPECT_DOUBLE_EQ(*extrapolated_rate(loaded(series(0, 10, 10), 5 * kMinute, 35 * kMinute, 45 * kMinute).view(),
                                      kCounter, kRate),
                   0.03333333333333333);
}

TEST(ExtrapolatedRate, ZeroCutoffUpToHalfAnInterval) {
  const int64_t step = 4 * kMinute;
  const auto rate_at = [&](double start, int64_t eval) {
    return *extrapolated_rate(loaded(series(start, 240, 10), step, eval - 20 * kMinute, eval).view(), kCounter,
                              kRate);
  };
  EXPECT_DOUBLE_EQ(rate_at(0, 10 * kMinute), 0.5);
  EXPECT_DOUBLE_EQ(rate_at(60, 10 * kMinute), 0.55);
  EXPECT_DOUBLE_EQ(rate_at(120, 10 * kMinute), 0.6);
  EXPECT_DOUBLE_EQ(rate_at(300, 10 * kMinute), 0.6);
  EXPECT_DOUBLE_EQ(rate_at(0, 50 * kMinute), 0.6);
}

// Samples every 10s from 10s to 30s; the average interval is 10s, so a gap
// to an edge below 1.1 * 10s is extrapolated fully, a longer one by 5s.
TEST(ExtrapolatedRate, GapsBeyondElevenTenthsOfTheIntervalExtrapolateHalfAnInterval) {
  const std::vector<storage::Sample> samples = {{10'000, 10}, {20'000, 20}, {30'000, 30}};
  EXPECT_EQ(*extrapolated_rate(Window{samples, 0, 40'000}, kGauge, kTotal), 40);
  EXPECT_DOUBLE_EQ(*extrapolated_rate(Window{samples, 0, 40'999}, kGauge, kTotal), 40.999);
  EXPECT_EQ(*extrapolated_rate(Window{samples, 0, 41'000}, kGauge, kTotal), 35);
  EXPECT_EQ(*extrapolated_rate(Window{samples, -1'000, 41'000}, kGauge, kTotal), 30);
}

TEST(ExtrapolatedRate, DeltaDoesNotTreatDecreasesAsResets) {
  const int64_t step = 5 * kMinute;
  EXPECT_EQ(*extrapolated_rate(loaded({0, 50, 100, 150, 200}, step, 0, 20 * kMinute).view(), kGauge, kTotal), 200);
  EXPECT_EQ(*extrapolated_rate(loaded({200, 150, 100, 50, 0}, step, 0, 20 * kMinute).view(), kGauge, kTotal), -200);
}

TEST(ExtrapolatedRate, NegativeCounterStartIsNotCutAtZero) {
  // A negative first value is not a counter Prometheus can reason about:
  // the usual half-interval extrapolation applies.
  const std::vector<storage::Sample> samples = {{20'000, -5}, {30'000, 5}};
  EXPECT_EQ(*extrapolated_rate(Window{samples, 0, 30'000}, kCounter, kTotal), 15);
}

TEST(InstantRate, UsesTheLastTwoSamples) {
  const int64_t step = 5 * kMinute;
  const auto w = loaded(series(0, 10, 10), step, 0, 50 * kMinute);
  EXPECT_EQ(*instant_rate(w.view(), true), 10.0 / 300);
  const auto reset = loaded(concat(series(0, 10, 5), series(0, 10, 5)), step, 0, 30 * kMinute);
  EXPECT_EQ(*instant_rate(reset.view(), true), 0);
  EXPECT_EQ(*instant_rate(loaded({0, 50, 100, 150}, step, 0, 20 * kMinute).view(), false), 50);
  EXPECT_EQ(*instant_rate(loaded({0, 50, 100, 50}, step, 0, 20 * kMinute).view(), false), -50);
}

TEST(InstantRate, NeedsTwoDistinctTimes) {
  EXPECT_FALSE(instant_rate(loaded({1}, kMinute, 0, kMinute).view(), true));
  const std::vector<storage::Sample> same_time = {{1000, 1}, {1000, 2}};
  EXPECT_FALSE(instant_rate(Window{same_time, 0, 2000}, true));
}

TEST(Changes, CountsValueChangesButNotNaNToNaN) {
  const int64_t step = 5 * kMinute;
  const std::vector<double> foo = {1, 2, 3, 0, 1, 0, 0, 1, 2, 0};
  EXPECT_EQ(*changes(loaded(foo, step, 0, 50 * kMinute).view()), 8);
  EXPECT_EQ(*changes(loaded(foo, step, 25 * kMinute, 45 * kMinute).view()), 3);
  EXPECT_EQ(*changes(loaded({1}, step, 0, 0).view()), 0);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(*changes(loaded({nan, nan, nan}, step, 0, 15 * kMinute).view()), 0);
  EXPECT_EQ(*changes(loaded({0, nan, 0}, step, 0, 15 * kMinute).view()), 2);
  EXPECT_FALSE(changes(loaded({}, step, 0, 0).view()));
}

TEST(Resets, CountsDecreases) {
  const int64_t step = 5 * kMinute;
  const std::vector<double> foo = {1, 2, 3, 0, 1, 0, 0, 1, 2, 0};
  EXPECT_EQ(*resets(loaded(foo, step, 0, 50 * kMinute).view()), 3);
  EXPECT_EQ(*resets(loaded(foo, step, 30 * kMinute, 50 * kMinute).view()), 1);
  EXPECT_EQ(*resets(loaded({5}, step, 0, 0).view()), 0);
  EXPECT_FALSE(resets(loaded({}, step, 0, 0).view()));
}

}  // namespace
}  // namespace vigil::promql::kernels
