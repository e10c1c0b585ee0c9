// Series descriptions: the labels and the exact expansion of every value form
// of FORMAT.md §3, and the lines the upstream parser refuses.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "promql/series_notation.h"
#include "storage/sample.h"

namespace vigil::promql {
namespace {

std::vector<SequenceValue> values(std::string_view line) {
  auto desc = parse_series_desc(line);
  EXPECT_TRUE(desc) << line << ": " << desc.error();
  return desc ? desc->values : std::vector<SequenceValue>{};
}

// The numbers of a sequence with only numbers, NaN kept as NaN.
std::vector<double> numbers(std::string_view line) {
  std::vector<double> out;
  for (const SequenceValue& v : values(line)) {
    EXPECT_EQ(v.kind, ValueKind::number) << line;
    out.push_back(v.value);
  }
  return out;
}

std::vector<ValueKind> kinds(std::string_view line) {
  std::vector<ValueKind> out;
  for (const SequenceValue& v : values(line)) out.push_back(v.kind);
  return out;
}

std::string error_of(std::string_view line) {
  auto desc = parse_series_desc(line);
  EXPECT_FALSE(desc) << line;
  return desc ? "" : desc.error();
}

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr auto O = ValueKind::omitted;
constexpr auto N = ValueKind::number;
constexpr auto H = ValueKind::native_histogram;

TEST(SeriesValues, PlainNumbers) {
  EXPECT_EQ(numbers("a 1 -2 +3 1.5 .5 1e3 -2.5e-1"), (std::vector<double>{1, -2, 3, 1.5, 0.5, 1000, -0.25}));
  // ParseInt with base 0 first, as upstream: a leading 0 is octal.
  EXPECT_EQ(numbers("a 010"), std::vector<double>{8});
  EXPECT_EQ(numbers("a Inf -inf +INF"), (std::vector<double>{kInf, -kInf, kInf}));
  auto nan = numbers("a NaN nan");
  ASSERT_EQ(nan.size(), 2u);
  EXPECT_TRUE(std::isnan(nan[0]) && std::isnan(nan[1]));
  EXPECT_FALSE(storage::is_stale_nan(nan[0]));
  EXPECT_TRUE(numbers("a").empty());
  EXPECT_EQ(numbers("a \t 1 \t 2 "), (std::vector<double>{1, 2}));
}

TEST(SeriesValues, Repetition) {
  EXPECT_EQ(numbers("a 1x3"), (std::vector<double>{1, 1, 1, 1}));  // K+1 copies
  EXPECT_EQ(numbers("a 7x0"), std::vector<double>{7});
  // Hex is not read here: `0x3` is 0 repeated, four times.
  EXPECT_EQ(numbers("a 0x3"), (std::vector<double>{0, 0, 0, 0}));
  EXPECT_EQ(numbers("a -1x1"), (std::vector<double>{-1, -1}));
}

TEST(SeriesValues, Sequences) {
  EXPECT_EQ(numbers("a 0+10x3"), (std::vector<double>{0, 10, 20, 30}));
  EXPECT_EQ(numbers("a 10-2x2"), (std::vector<double>{10, 8, 6}));
  EXPECT_EQ(numbers("a -1+1x2"), (std::vector<double>{-1, 0, 1}));
  EXPECT_EQ(numbers("a 5+1x0"), std::vector<double>{5});
  EXPECT_EQ(numbers("a 1-1e3x1"), (std::vector<double>{1, -999}));
  // Repeated addition, not multiplication: 0.1 + 0.1 + 0.1, not 0.1 * 3.
  double third = 0.1;
  third += 0.1;
  third += 0.1;
  EXPECT_EQ(numbers("a 0.1+0.1x2"), (std::vector<double>{0.1, 0.1 + 0.1, third}));
  EXPECT_EQ(numbers("a 0+30x2 300-80x1"), (std::vector<double>{0, 30, 60, 300, 220}));
  EXPECT_EQ(numbers("a 0+1x10").size(), 11u);
}

TEST(SeriesValues, OmittedSlots) {
  EXPECT_EQ(kinds("a _"), std::vector<ValueKind>{O});
  EXPECT_EQ(kinds("a _x3"), (std::vector<ValueKind>{O, O, O}));  // K, not K+1
  EXPECT_TRUE(kinds("a _x0").empty());
  EXPECT_EQ(kinds("a 1 _ 2 _x2 3"), (std::vector<ValueKind>{N, O, N, O, O, N}));
}

TEST(SeriesValues, Stale) {
  auto v = values("a 1 stale 2");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[1].kind, ValueKind::number);
  EXPECT_TRUE(storage::is_stale_nan(v[1].value));
  EXPECT_TRUE(std::isnan(storage::stale_nan()));
  EXPECT_NE(error_of("a -stale"), "");
  EXPECT_NE(error_of("a 1+stalex2"), "");
}

TEST(SeriesValues, NativeHistogramsAreCountedNotDecoded) {
  EXPECT_EQ(kinds("a {{schema:1 sum:3 count:22 buckets:[5 10 7]}}"), std::vector<ValueKind>{H});
  EXPECT_EQ(kinds("a {{}}x2"), (std::vector<ValueKind>{H, H, H}));
  EXPECT_EQ(kinds("a {{count:1}}+{{count:2}}x2 _ 1"), (std::vector<ValueKind>{H, H, H, O, N}));
  EXPECT_EQ(kinds("a {{count:5}}-{{count:1}}x1"), (std::vector<ValueKind>{H, H}));
  EXPECT_NE(error_of("a {{count:1"), "");
  EXPECT_NE(error_of("a {{count:1}}+{{count:1}}"), "");
  EXPECT_NE(error_of("a {{count:1}}+1x2"), "");
}

TEST(SeriesValues, NativeHistogramDescriptionsAreChecked) {
  EXPECT_EQ(kinds("a {{schema:-1 sum:-3 count:2.5 z_bucket:1 z_bucket_w:0.001 buckets:[1 2] offset:-2 "
                  "n_buckets:[ 1 ] n_offset:1}}"),
            std::vector<ValueKind>{H});
  EXPECT_EQ(error_of("a {{count:1 count:2}}"), "duplicate key \"count\" in histogram description");
  EXPECT_EQ(error_of("a {{counter_reset_hint:gauge}}"), "unknown key \"counter_reset_hint\" in histogram description");
  EXPECT_EQ(error_of("a {{schema:1.5}}"), "invalid integer 1.5 in histogram description");
  EXPECT_NE(error_of("a {{sum:x}}"), "");
  EXPECT_NE(error_of("a {{buckets:1}}"), "");
  EXPECT_NE(error_of("a {{buckets:[1 y]}}"), "");
  // The increment may not have a lower schema than the base.
  EXPECT_EQ(error_of("a {{schema:1}}+{{schema:0}}x2"), "cannot merge from schema 0 to 1");
  EXPECT_EQ(kinds("a {{schema:0}}+{{schema:1}}x1"), (std::vector<ValueKind>{H, H}));
}

TEST(SeriesValues, RefusedValues) {
  EXPECT_EQ(error_of("a foo"), "unexpected identifier \"foo\" in series values, expected number or \"stale\"");
  // One identifier, as upstream's lexer reads it.
  EXPECT_NE(error_of("a Infx2"), "");
  EXPECT_NE(error_of("a 1+Infx1"), "");
  EXPECT_EQ(error_of("a 1x"), "invalid repetition in series values: \"\"");
  EXPECT_EQ(error_of("a 1x2.5"), "invalid repetition in series values: \"2.5\"");
  EXPECT_NE(error_of("a 1x-1"), "");
  EXPECT_NE(error_of("a 1+2"), "");
  EXPECT_NE(error_of("a 1+x2"), "");
  EXPECT_NE(error_of("a 1_"), "");
  EXPECT_NE(error_of("a 1 ,"), "");
  EXPECT_NE(error_of("a 1e"), "");
}

TEST(SeriesDesc, Labels) {
  auto desc = parse_series_desc(R"(http_requests{job="api", instance='0', esc="a\"b\n",} 1)");
  ASSERT_TRUE(desc) << desc.error();
  EXPECT_EQ(desc->labels.to_string(), R"(http_requests{esc="a\"b\n", instance="0", job="api"})");
  desc = parse_series_desc(R"({__name__="up", on="x", by="y"} 1)");
  ASSERT_TRUE(desc) << desc.error();
  EXPECT_EQ(desc->labels.metric_name(), "up");
  EXPECT_EQ(desc->labels.get("on"), "x");
  desc = parse_series_desc("{} 1");
  ASSERT_TRUE(desc) << desc.error();
  EXPECT_TRUE(desc->labels.empty());
  desc = parse_series_desc("job:rate5m{a=\"}\"}");
  ASSERT_TRUE(desc) << desc.error();
  EXPECT_EQ(desc->labels.get("a"), "}");
  EXPECT_TRUE(desc->values.empty());
}

TEST(SeriesDesc, RefusedMetrics) {
  EXPECT_NE(error_of(R"(a{b="c" 1)"), "");
  EXPECT_NE(error_of(R"(a{b=~"c"} 1)"), "");
  EXPECT_NE(error_of(R"(a{b="c"}1)"), "");
  EXPECT_NE(error_of(R"(a{b="c",b="d"} 1)"), "");
  EXPECT_NE(error_of(R"(a{b} 1)"), "");
  EXPECT_NE(error_of("1 2"), "");
  EXPECT_NE(error_of(R"(a{"b"="c"} 1)"), "");
}

TEST(SeriesNotation, HugeRepetitionsAreRefused) {
  EXPECT_EQ(error_of("a 1x99999999999"), "more than 10000000 values in a series");
  EXPECT_EQ(error_of("a _x18446744073709551615"), "more than 10000000 values in a series");
  EXPECT_EQ(error_of("a 0+1x6000000 1x6000000"), "more than 10000000 values in a series");
}

TEST(SeriesNotation, MetricAlone) {
  auto labels = parse_series_metric(R"(up{job="a", i="1"})");
  ASSERT_TRUE(labels) << labels.error();
  EXPECT_EQ(labels->to_string(), R"(up{i="1", job="a"})");
  auto bare = parse_series_metric("{}");
  ASSERT_TRUE(bare) << bare.error();
  EXPECT_TRUE(bare->empty());
  EXPECT_FALSE(parse_series_metric("up 1"));
  EXPECT_FALSE(parse_series_metric(R"(up{job=~"a"})"));
}

}  // namespace
}  // namespace vigil::promql
