// The comparison rules of upstream's compareResult (FORMAT.md §4), checked
// with hand-made results so that they hold without the engine.

#include "promql/conformance/result_comparison.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "promql/conformance/eval_fixture.h"

namespace vigil::promql::conformance {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

QueryResult vector(Vector samples) { return QueryResult{std::move(samples), {}}; }
QueryResult matrix(Matrix series) { return QueryResult{std::move(series), {}}; }
QueryResult scalar(double v) { return QueryResult{ScalarValue{0, v}, {}}; }

TEST(AlmostEqual, AnyTwoNaNsAreEqualStaleMarkersIncluded) {
  EXPECT_TRUE(almost_equal(std::nan(""), storage::stale_nan()));
  EXPECT_FALSE(almost_equal(std::nan(""), 0));
}

TEST(AlmostEqual, InfinitiesEqualOnlyThemselves) {
  EXPECT_TRUE(almost_equal(kInf, kInf));
  EXPECT_FALSE(almost_equal(kInf, -kInf));
  EXPECT_FALSE(almost_equal(kInf, std::numeric_limits<double>::max()));
}

TEST(AlmostEqual, ToleranceIsRelativeToTheSumOfMagnitudes) {
  EXPECT_TRUE(almost_equal(1, 1 + 1e-7));
  EXPECT_TRUE(almost_equal(1, 1.0000019));  // 1.9e-6 / 2.0000019 < 1e-6
  EXPECT_FALSE(almost_equal(1, 1.0000021));
  EXPECT_TRUE(almost_equal(-1e20, -1.000001e20));
}

TEST(AlmostEqual, NextToZeroItIsExact) {
  EXPECT_FALSE(almost_equal(0, 1e-300));
  EXPECT_FALSE(almost_equal(1e-310, 2e-310));  // subnormal
  EXPECT_TRUE(almost_equal(0.0, -0.0));
}

TEST(CompareVector, SeriesMatchByLabelSetInAnyOrder) {
  script::Eval eval = eval_of("eval instant at 1m foo\n  foo{a=\"1\"} 1\n  foo{a=\"2\"} 2\n");
  EXPECT_EQ(compare_result(eval, vector({{labels({{"__name__", "foo"}, {"a", "2"}}), 60000, 2},
                                         {labels({{"__name__", "foo"}, {"a", "1"}}), 60000, 1.0000001}})),
            std::nullopt);
}

TEST(CompareVector, MissingUnexpectedAndDifferentSeriesFail) {
  script::Eval eval = eval_of("eval instant at 1m foo\n  foo{a=\"1\"} 1\n");
  auto missing = compare_result(eval, vector({}));
  ASSERT_TRUE(missing);
  EXPECT_EQ(*missing, "expected metric foo{a=\"1\"} with [1] not found");
  auto unexpected =
      compare_result(eval, vector({{labels({{"__name__", "foo"}, {"a", "1"}}), 0, 1}, {labels({{"a", "1"}}), 0, 1}}));
  ASSERT_TRUE(unexpected);
  EXPECT_EQ(*unexpected, "unexpected metric {a=\"1\"} in result, has value 1");
  auto different = compare_result(eval, vector({{labels({{"__name__", "foo"}, {"a", "1"}}), 0, 1.1}}));
  ASSERT_TRUE(different);
  EXPECT_EQ(*different, "expected 1 for foo{a=\"1\"} but got 1.1");
}

TEST(CompareVector, NoExpectationLinesMeanAnEmptyVector) {
  script::Eval eval = eval_of("eval instant at 1m foo\n");
  EXPECT_EQ(compare_result(eval, vector({})), std::nullopt);
  EXPECT_TRUE(compare_result(eval, vector({{labels({{"a", "1"}}), 0, 1}})));
  EXPECT_TRUE(compare_result(eval, scalar(1)));
}

TEST(CompareVector, OrderedEvalsWantTheLinesOrder) {
  script::Eval eval = eval_of("eval_ordered instant at 1m sort(foo)\n  {a=\"1\"} 1\n  {a=\"2\"} 2\n");
  const VectorSample one{labels({{"a", "1"}}), 0, 1}, two{labels({{"a", "2"}}), 0, 2};
  EXPECT_EQ(compare_result(eval, vector({one, two})), std::nullopt);
  auto swapped = compare_result(eval, vector({two, one}));
  ASSERT_TRUE(swapped);
  EXPECT_EQ(*swapped, "expected metric {a=\"2\"} with [2] at position 2 but was at 1");
  EXPECT_EQ(*compare_result(eval, matrix({})), "expected ordered result, but query returned a matrix");
}

TEST(CompareVector, UnorderedEvalsIgnoreOrder) {
  script::Eval eval = eval_of("eval instant at 1m foo\n  {a=\"1\"} 1\n  {a=\"2\"} 2\n");
  EXPECT_EQ(compare_result(eval, vector({{labels({{"a", "2"}}), 0, 2}, {labels({{"a", "1"}}), 0, 1}})), std::nullopt);
}

TEST(CompareScalar, NeedsExactlyTheBareNumberExpectation) {
  EXPECT_EQ(compare_result(eval_of("eval instant at 1m 1+1\n  2\n"), scalar(2)), std::nullopt);
  EXPECT_EQ(compare_result(eval_of("eval instant at 1m 0/0\n  NaN\n"), scalar(std::nan(""))), std::nullopt);
  EXPECT_EQ(*compare_result(eval_of("eval instant at 1m 1+1\n  2\n"), scalar(3)), "expected scalar 2 but got 3");
  EXPECT_TRUE(compare_result(eval_of("eval instant at 1m 1+1\n  {} 2\n"), scalar(2)));
  EXPECT_TRUE(compare_result(eval_of("eval instant at 1m vector(2)\n  2\n"), vector({{labels({}), 0, 2}})));
  EXPECT_TRUE(compare_result(eval_of("eval instant at 1m vector(2)\n  2\n"), vector({})));
}

TEST(CompareResult, StringsAreNotComparable) {
  EXPECT_TRUE(compare_result(eval_of("eval instant at 1m \"a\"\n"), QueryResult{StringValue{0, "a"}, {}}));
}

script::Eval range_eval() {
  return eval_of("eval range from 0 to 2m step 1m foo\n  foo{a=\"1\"} 1 _ 3\n  foo{a=\"2\"} 1+1x2\n");
}

MatrixSeries series(std::string a, std::vector<storage::Sample> points) {
  return {labels({{"__name__", "foo"}, {"a", std::move(a)}}), std::move(points)};
}

TEST(CompareMatrix, PointsAtStartPlusStepsOmittedOnesAbsent) {
  EXPECT_EQ(compare_result(range_eval(), matrix({series("1", {{0, 1}, {120000, 3}}),
                                                 series("2", {{0, 1}, {60000, 2}, {120000, 3}})})),
            std::nullopt);
}

TEST(CompareMatrix, SeriesMustBeSortedByLabels) {
  auto unsorted = compare_result(
      range_eval(), matrix({series("2", {{0, 1}, {60000, 2}, {120000, 3}}), series("1", {{0, 1}, {120000, 3}})}));
  ASSERT_TRUE(unsorted);
  EXPECT_TRUE(unsorted->starts_with("matrix results should always be sorted by labels")) << *unsorted;
  // labels.Compare: a label set that is a prefix of another sorts first.
  EXPECT_EQ(check_sorted({{labels({{"a", "1"}}), {}}, {labels({{"a", "1"}, {"b", "1"}}), {}}}), std::nullopt);
  EXPECT_TRUE(check_sorted({{labels({{"a", "1"}, {"b", "1"}}), {}}, {labels({{"a", "1"}}), {}}}));
}

TEST(CompareMatrix, CountTimestampAndValueEachFail) {
  const MatrixSeries two = series("2", {{0, 1}, {60000, 2}, {120000, 3}});
  auto count = compare_result(range_eval(), matrix({series("1", {{0, 1}}), two}));
  ASSERT_TRUE(count);
  EXPECT_TRUE(count->starts_with("expected 2 float points for foo{a=\"1\"}")) << *count;
  auto time = compare_result(range_eval(), matrix({series("1", {{0, 1}, {60000, 3}}), two}));
  ASSERT_TRUE(time);
  EXPECT_TRUE(time->starts_with("expected float value at index 1 for foo{a=\"1\"} to have timestamp 120000")) << *time;
  auto value = compare_result(range_eval(), matrix({series("1", {{0, 1}, {120000, 4}}), two}));
  ASSERT_TRUE(value);
  EXPECT_TRUE(value->starts_with("expected float value at index 1 (t=120000) for foo{a=\"1\"} to be 3, but got 4"))
      << *value;
  EXPECT_EQ(*compare_result(range_eval(), matrix({two})), "expected metric foo{a=\"1\"} not found");
}

}  // namespace
}  // namespace vigil::promql::conformance
