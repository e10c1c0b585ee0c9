// The @-modifier rewrite of upstream's atModifierTestCases, as printed text.

#include "promql/conformance/at_modifier_variants.h"

#include <gtest/gtest.h>

namespace vigil::promql::conformance {
namespace {

constexpr int64_t k50m = 50 * 60 * 1000;

std::string pinned(std::string_view expr, int64_t time_ms = k50m) {
  return pin_to_eval_time(expr, time_ms).value_or("<no variants>");
}

TEST(PinToEvalTime, EverySelectorGetsTheEvalTimeInSeconds) {
  EXPECT_EQ(pinned("foo"), "foo @ 3000.000");
  EXPECT_EQ(pinned("foo", 1500), "foo @ 1.500");
  EXPECT_EQ(pinned("rate(foo{job=\"a\"}[5m])"), "rate(foo{job=\"a\"}[5m] @ 3000.000)");
  EXPECT_EQ(pinned("sum by (g) (foo) / on (g) group_left () bar"),
            "sum by (g) (foo @ 3000.000) / on (g) group_left () bar @ 3000.000");
  EXPECT_EQ(pinned("-foo offset 5m"), "-foo @ 3000.000 offset 5m");
  EXPECT_EQ(pinned("topk(2, foo)"), "topk(2, foo @ 3000.000)");
}

TEST(PinToEvalTime, AnExplicitTimestampStaysStartAndEndAreReplaced) {
  EXPECT_EQ(pinned("foo @ 100"), "foo @ 100.000");
  EXPECT_EQ(pinned("foo @ start() + rate(bar[1m] @ end())"), "foo @ 3000.000 + rate(bar[1m] @ 3000.000)");
}

TEST(PinToEvalTime, SubqueriesArePinnedTheirInsidesAreNot) {
  EXPECT_EQ(pinned("max_over_time(rate(foo[1m])[5m:1m])"), "max_over_time(rate(foo[1m])[5m:1m] @ 3000.000)");
  EXPECT_EQ(pinned("max_over_time(rate(foo[1m])[5m:1m] @ 10)"), "max_over_time(rate(foo[1m])[5m:1m] @ 10.000)");
  EXPECT_EQ(pinned("max_over_time(foo[5m:] @ start())"), "max_over_time(foo[5m:] @ 3000.000)");
}

TEST(PinToEvalTime, TimeDependentFunctionsOutsideSubqueriesMeanNoVariants) {
  EXPECT_EQ(pin_to_eval_time("time()", k50m), std::nullopt);
  EXPECT_EQ(pin_to_eval_time("foo - timestamp(foo)", k50m), std::nullopt);
  EXPECT_EQ(pin_to_eval_time("hour(foo @ 10)", k50m), std::nullopt);
  EXPECT_EQ(pin_to_eval_time("predict_linear(foo[5m], 60)", k50m), std::nullopt);
  // Upstream's walk does not enter the (now pinned) subquery, so it never
  // sees the call there.
  EXPECT_EQ(pinned("max_over_time(timestamp(foo)[5m:1m])"), "max_over_time(timestamp(foo)[5m:1m] @ 3000.000)");
}

TEST(AtModifierEvalTimes, AroundTheEvalTime) {
  EXPECT_EQ(at_modifier_eval_times(k50m), (std::vector<int64_t>{-30000000, 0, 600000, 3000000, 30000000}));
  EXPECT_EQ(at_modifier_eval_times(0), (std::vector<int64_t>{-1000, 0, 1000}));
  EXPECT_EQ(at_modifier_eval_times(7), (std::vector<int64_t>{-70, 0, 1, 7, 70}));
}

TEST(AtModifierVariants, ExpressionAndTimesTogether) {
  auto variants = at_modifier_variants("foo", 1000);
  ASSERT_TRUE(variants);
  EXPECT_EQ(variants->expr, "foo @ 1.000");
  EXPECT_EQ(variants->times_ms.size(), 5u);
  EXPECT_FALSE(at_modifier_variants("time()", 1000));
}

}  // namespace
}  // namespace vigil::promql::conformance
