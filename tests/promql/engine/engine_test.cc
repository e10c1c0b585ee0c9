#include "promql/engine/engine.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <sstream>

#include "promql/engine/memory_queryable.h"
#include "promql/engine/step_values.h"

namespace vigil::promql {
namespace {

using testing::MemoryQueryable;
constexpr int64_t kMinute = 60'000;

std::string value_text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// One line per series: labels, then value@seconds pairs.
std::string render(const QueryOutcome& outcome) {
  if (!outcome) return std::string("error ") + to_string(outcome.error().type) + ": " + outcome.error().message;
  std::string out;
  const auto& value = outcome->value;
  if (const auto* scalar = std::get_if<ScalarValue>(&value)) return "scalar " + value_text(scalar->v);
  if (const auto* string = std::get_if<StringValue>(&value)) return "string " + string->v;
  if (const auto* vector = std::get_if<Vector>(&value)) {
    for (const auto& sample : *vector) out += sample.labels.to_string() + " " + value_text(sample.v) + "\n";
    return out;
  }
  for (const auto& series : std::get<Matrix>(value)) {
    out += series.labels.to_string();
    for (const auto& point : series.points) out += " " + value_text(point.v) + "@" + std::to_string(point.t / 1000);
    out += "\n";
  }
  return out;
}

class EngineTest : public ::testing::Test {
 protected:
  std::string instant(std::string_view query, int64_t t) { return render(engine.instant(data, query, t)); }
  std::string range(std::string_view query, int64_t start, int64_t end, int64_t step) {
    return render(engine.range(data, query, start, end, step));
  }

  MemoryQueryable data;
  Engine engine;
};

TEST_F(EngineTest, InstantSelectorLooksBackFiveMinutesAndStopsAtAStaleMarker) {
  data.add({{"__name__", "up"}, {"job", "a"}}, {{0, 1}});
  data.add({{"__name__", "up"}, {"job", "b"}}, {{0, 2}, {kMinute, storage::stale_nan()}});
  EXPECT_EQ(instant("up", 30'000), "up{job=\"a\"} 1\nup{job=\"b\"} 2\n");
  EXPECT_EQ(instant("up", 2 * kMinute), "up{job=\"a\"} 1\n");
  EXPECT_EQ(instant("up", 5 * kMinute), "up{job=\"a\"} 1\n");
  EXPECT_EQ(instant("up", 5 * kMinute + 1), "");
}

TEST_F(EngineTest, OffsetAndAtMoveTheReferenceTime) {
  data.add({{"__name__", "x"}}, {{0, 1}, {10 * kMinute, 2}, {20 * kMinute, 3}});
  EXPECT_EQ(instant("x offset 10m", 20 * kMinute), "x 2\n");
  EXPECT_EQ(instant("x @ 600", 20 * kMinute), "x 2\n");
  EXPECT_EQ(instant("x @ 600 offset 10m", 0), "x 1\n");
  EXPECT_EQ(range("x @ end()", 0, 20 * kMinute, 10 * kMinute), "x 3@0 3@600 3@1200\n");
}

TEST_F(EngineTest, RangeQueryGivesOnePointPerStepSortedByLabels) {
  data.add({{"__name__", "x"}, {"i", "b"}}, {{0, 1}, {kMinute, 2}});
  data.add({{"__name__", "x"}, {"i", "a"}}, {{0, 5}});
  EXPECT_EQ(range("x", 0, 2 * kMinute, kMinute), "x{i=\"a\"} 5@0 5@60 5@120\nx{i=\"b\"} 1@0 2@60 2@120\n");
  EXPECT_EQ(range("1 + 1", 0, kMinute, kMinute), "{} 2@0 2@60\n");
}

TEST_F(EngineTest, ArithmeticDropsTheNameAndComparisonsFilter) {
  data.add({{"__name__", "x"}, {"i", "a"}}, {{0, 1}});
  data.add({{"__name__", "x"}, {"i", "b"}}, {{0, 5}});
  EXPECT_EQ(instant("x * 2", 0), "{i=\"a\"} 2\n{i=\"b\"} 10\n");
  EXPECT_EQ(instant("x > 2", 0), "x{i=\"b\"} 5\n");
  EXPECT_EQ(instant("2 < x", 0), "x{i=\"b\"} 5\n");
  EXPECT_EQ(instant("x > bool 2", 0), "{i=\"a\"} 0\n{i=\"b\"} 1\n");
  EXPECT_EQ(instant("-x", 0), "{i=\"a\"} -1\n{i=\"b\"} -5\n");
}

TEST_F(EngineTest, VectorMatching) {
  data.add({{"__name__", "req"}, {"job", "a"}, {"code", "200"}}, {{0, 10}});
  data.add({{"__name__", "req"}, {"job", "a"}, {"code", "500"}}, {{0, 2}});
  data.add({{"__name__", "info"}, {"job", "a"}, {"team", "x"}}, {{0, 1}});
  EXPECT_EQ(instant("req * on (job) group_left (team) info", 0),
            "{code=\"200\", job=\"a\", team=\"x\"} 10\n{code=\"500\", job=\"a\", team=\"x\"} 2\n");
  EXPECT_EQ(instant("req / on (job) req", 0),
            "error execution: found duplicate series for the match group {job=\"a\"} on the right hand-side of the "
            "operation: [{__name__=\"req\", code=\"500\", job=\"a\"}, {__name__=\"req\", code=\"200\", job=\"a\"}];"
            "many-to-many matching not "
            "allowed: matching labels must be unique on one side");
  EXPECT_EQ(instant("info * on (job) req", 0).substr(0, 30), "error execution: found duplica");
  EXPECT_EQ(instant("req and on (job) info", 0), "req{code=\"200\", job=\"a\"} 10\nreq{code=\"500\", job=\"a\"} 2\n");
  EXPECT_EQ(instant("req unless on (job) info", 0), "");
  EXPECT_EQ(instant("info or req", 0),
            "info{job=\"a\", team=\"x\"} 1\nreq{code=\"200\", job=\"a\"} 10\nreq{code=\"500\", job=\"a\"} 2\n");
}

TEST_F(EngineTest, DuplicateLabelSetsAfterDroppingTheNameAreAnError) {
  data.add({{"__name__", "a"}, {"job", "x"}}, {{0, 1}});
  data.add({{"__name__", "b"}, {"job", "x"}}, {{0, 2}});
  EXPECT_EQ(instant("{job=\"x\"} + 1", 0), "error execution: vector cannot contain metrics with the same labelset");
  EXPECT_EQ(instant("-{job=\"x\"}", 0), "error execution: vector cannot contain metrics with the same labelset");
}

TEST_F(EngineTest, SeriesThatBecomeEqualAtDifferentStepsMergeIntoOne) {
  data.add({{"__name__", "a"}, {"job", "x"}}, {{0, 1}});
  data.add({{"__name__", "b"}, {"job", "x"}}, {{10 * kMinute, 2}});
  EXPECT_EQ(range("{job=\"x\"} + 1", 0, 10 * kMinute, 5 * kMinute), "{job=\"x\"} 2@0 2@300 3@600\n");
}

TEST_F(EngineTest, AggregationsGroupInOrderOfFirstAppearance) {
  data.add({{"__name__", "x"}, {"g", "1"}, {"i", "a"}}, {{0, 3}});
  data.add({{"__name__", "x"}, {"g", "1"}, {"i", "b"}}, {{0, 1}});
  data.add({{"__name__", "x"}, {"g", "2"}, {"i", "c"}}, {{0, 7}});
  EXPECT_EQ(instant("sum by (g) (x)", 0), "{g=\"1\"} 4\n{g=\"2\"} 7\n");
  EXPECT_EQ(instant("count without (i) (x)", 0), "{g=\"1\"} 2\n{g=\"2\"} 1\n");
  EXPECT_EQ(instant("topk(1, x)", 0), "x{g=\"2\", i=\"c\"} 7\n");
  EXPECT_EQ(instant("bottomk by (g) (1, x)", 0), "x{g=\"1\", i=\"b\"} 1\nx{g=\"2\", i=\"c\"} 7\n");
  EXPECT_EQ(instant("count_values(\"v\", x)", 0), "{v=\"3\"} 1\n{v=\"1\"} 1\n{v=\"7\"} 1\n");
}

TEST_F(EngineTest, CountValuesSpellsValuesAsGoFormatFloatDoes) {
  // The shortest round-trip digits padded with zeros, not the exact value.
  data.add({{"__name__", "x"}}, {{0, 1152921504606846976.0}});
  EXPECT_EQ(instant("count_values(\"v\", x)", 0), "{v=\"1152921504606847000\"} 1\n");
}

TEST_F(EngineTest, SubqueryStepsAreAlignedToMultiplesOfTheStep) {
  data.add({{"__name__", "x"}}, {{0, 0}, {kMinute, 1}, {2 * kMinute, 2}, {3 * kMinute, 3}});
  EXPECT_EQ(instant("x[2m:1m]", 3 * kMinute + 30'000), "x 2@120 3@180\n");
  EXPECT_EQ(instant("x[2m:1m]", 3 * kMinute), "x 1@60 2@120 3@180\n");
  EXPECT_EQ(instant("x[2m:1m] offset 1m", 3 * kMinute), "x 0@0 1@60 2@120\n");
}

TEST_F(EngineTest, RangeSelectorAtTheTopOfAnInstantQueryIsAMatrix) {
  data.add({{"__name__", "x"}}, {{0, 0}, {kMinute, 1}, {2 * kMinute, storage::stale_nan()}, {3 * kMinute, 3}});
  EXPECT_EQ(instant("x[3m]", 3 * kMinute), "x 0@0 1@60 3@180\n");
  EXPECT_EQ(range("x[3m]", 0, kMinute, kMinute),
            "error bad_data: invalid expression type \"range vector\" for range query, must be Scalar or instant "
            "Vector");
}

TEST_F(EngineTest, ScalarFunctionsAndStrings) {
  data.add({{"__name__", "x"}}, {{0, 4}});
  EXPECT_EQ(instant("scalar(x)", 0), "scalar 4");
  EXPECT_EQ(instant("scalar(nothing)", 0), "scalar nan");
  EXPECT_EQ(instant("time()", 90'000), "scalar 90");
  EXPECT_EQ(instant("\"hello\"", 0), "string hello");
  EXPECT_EQ(instant("vector(1)", 0), "{} 1\n");
  EXPECT_EQ(instant("absent(nothing{job=\"a\"})", 0), "{job=\"a\"} 1\n");
  EXPECT_EQ(instant("absent(x)", 0), "");
  EXPECT_EQ(instant("timestamp(x)", 30'000), "{} 0\n");
}

TEST_F(EngineTest, ParseErrorsAreBadData) { EXPECT_EQ(instant("sum(", 0).substr(0, 20), "error bad_data: 1:5:"); }

TEST_F(EngineTest, TooManySamplesFailsTheQuery) {
  std::vector<storage::Sample> samples;
  for (int i = 0; i < 100; ++i) samples.push_back({i * 1000, 1.0});
  data.add({{"__name__", "x"}}, samples);
  Engine small({.max_samples = 50});
  EXPECT_EQ(render(small.range(data, "x", 0, 99'000, 1000)),
            "error execution: query processing would load too many samples into memory in query execution");
}

TEST_F(EngineTest, ACanceledQueryStops) {
  data.add({{"__name__", "x"}}, {{0, 1}});
  std::stop_source source;
  source.request_stop();
  EXPECT_EQ(render(engine.instant(data, "x", 0, QueryControl{source.get_token()})),
            "error canceled: query was canceled in expression evaluation");
}

TEST_F(EngineTest, AQueryOverItsTimeoutStopsEvenInsideOneSeries) {
  Engine quick({.timeout = std::chrono::milliseconds(5)});
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(render(quick.range(data, "sum_over_time(vector(1)[7d:1s])", 0, 60 * kMinute, kMinute)),
            "error timeout: query timed out in expression evaluation");
  // Stopped near its deadline, not after the whole evaluation.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

TEST_F(EngineTest, SplittingSeriesOverThreadsChangesNothing) {
  for (int i = 0; i < 300; ++i) {
    std::vector<storage::Sample> samples;
    for (int64_t t = 0; t <= 30 * kMinute; t += 15'000)
      samples.push_back({t, static_cast<double>((t / 1000) * (i % 7 + 1) % 900)});
    data.add({{"__name__", "x"}, {"i", std::to_string(i)}, {"g", std::to_string(i % 5)}}, samples);
  }
  Engine one({.parallelism = 1});
  Engine four({.parallelism = 4});
  for (const char* query : {"x", "rate(x[5m])", "sum by (g) (rate(x[5m]))", "timestamp(x)", "max_over_time(x[3m:30s])",
                            "x / on (i) group_left x", "topk(3, x)"}) {
    EXPECT_EQ(render(one.range(data, query, 0, 30 * kMinute, kMinute)),
              render(four.range(data, query, 0, 30 * kMinute, kMinute)))
        << query;
    EXPECT_EQ(render(one.instant(data, query, 20 * kMinute)), render(four.instant(data, query, 20 * kMinute))) << query;
  }
}

TEST_F(EngineTest, AStoredNanWithTheAbsentBitPatternIsStillAValue) {
  data.add({{"__name__", "x"}}, {{0, engine::absent()}});
  EXPECT_EQ(instant("x", 0), "x nan\n");
}

}  // namespace
}  // namespace vigil::promql
