// The queries the runner makes for each eval and how it judges their
// answers (FORMAT.md §5), with a stand-in engine whose answers the test
// chooses.

#include <gtest/gtest.h>

#include <map>

#include "promql/conformance/script_runner.h"

namespace vigil::promql::conformance {
namespace {

struct QueryCall {
  std::string expr;
  int64_t start_ms, end_ms, step_ms;  // step 0: an instant query at start_ms

  friend bool operator==(const QueryCall&, const QueryCall&) = default;
};

// Answers every query from one function of (expression, time, range mode),
// building range results step by step as a consistent engine would, and
// records the queries.
class StandInEngine {
 public:
  using Answer = std::function<QueryOutcome(const std::string& expr, int64_t time_ms, bool range_mode)>;
  explicit StandInEngine(Answer answer) : answer_(std::move(answer)) {}

  QueryFunctions functions() {
    return {
        [this](const Queryable&, const std::string& expr, int64_t time_ms) {
          calls.push_back({expr, time_ms, time_ms, 0});
          return answer_(expr, time_ms, false);
        },
        [this](const Queryable&, const std::string& expr, int64_t start_ms, int64_t end_ms, int64_t step_ms) {
          calls.push_back({expr, start_ms, end_ms, step_ms});
          return range(expr, start_ms, end_ms, step_ms);
        },
    };
  }

  std::vector<QueryCall> calls;

 private:
  QueryOutcome range(const std::string& expr, int64_t start_ms, int64_t end_ms, int64_t step_ms) const {
    std::map<storage::LabelSet, std::vector<storage::Sample>> series;
    for (int64_t t = start_ms; t <= end_ms; t += step_ms) {
      QueryOutcome step = answer_(expr, t, true);
      if (!step) return step;
      if (const auto* scalar = std::get_if<ScalarValue>(&step->value)) series[{}].push_back({t, scalar->v});
      if (const auto* vector = std::get_if<Vector>(&step->value)) {
        for (const VectorSample& sample : *vector) series[sample.labels].push_back({t, sample.v});
      }
    }
    Matrix matrix;
    for (auto& [labels, points] : series) matrix.push_back({labels, std::move(points)});
    return QueryResult{std::move(matrix), {}};
  }

  Answer answer_;
};

storage::LabelSet labels_of(std::string name) {
  return *storage::LabelSet::from({{std::string(storage::kMetricNameLabel), std::move(name)}});
}

QueryOutcome vector_of(std::vector<std::pair<std::string, double>> samples) {
  Vector vector;
  for (auto& [name, v] : samples) vector.push_back({labels_of(name), 0, v});
  return QueryResult{std::move(vector), {}};
}

QueryOutcome error_of(std::string message) { return std::unexpected(QueryError{QueryErrorType::execution, message}); }

FileReport run(std::string_view text, StandInEngine& engine, RunnerOptions options = {}) {
  auto script = script::read_script(text, "t.test");
  EXPECT_TRUE(script) << script.error().message;
  return script ? run_script(*script, options, engine.functions()) : FileReport{};
}

EvalOutcome only_eval(const FileReport& report) {
  EXPECT_EQ(report.evals.size(), 1u);
  return report.evals.empty() ? EvalOutcome{} : report.evals.front();
}

TEST(RunnerQueries, AnInstantEvalRunsAsWrittenInRangeModeAndAsItsAtVariants) {
  StandInEngine engine([](const std::string&, int64_t, bool) { return vector_of({{"foo", 1}}); });
  const FileReport report = run("eval instant at 1m foo\n  foo 1\n", engine);
  EXPECT_EQ(only_eval(report).status, EvalStatus::passed) << only_eval(report).detail;
  const std::vector<QueryCall> expected{
      {"foo", 60000, 60000, 0},
      {"foo", 0, 120000, 60000},
      {"foo @ 60.000", -600000, -600000, 0},
      {"foo @ 60.000", -660000, -540000, 60000},
      {"foo @ 60.000", 0, 0, 0},
      {"foo @ 60.000", -60000, 60000, 60000},
      {"foo @ 60.000", 12000, 12000, 0},
      {"foo @ 60.000", -48000, 72000, 60000},
      {"foo @ 60.000", 60000, 60000, 0},
      {"foo @ 60.000", 0, 120000, 60000},
      {"foo @ 60.000", 600000, 600000, 0},
      {"foo @ 60.000", 540000, 660000, 60000},
  };
  EXPECT_EQ(engine.calls, expected);
}

TEST(RunnerQueries, AnAtVariantThatDependsOnTheEvalTimeFailsAndSaysWhere) {
  // Ignores @: the value is the evaluation time.
  StandInEngine engine([](const std::string&, int64_t t, bool) { return vector_of({{"foo", double(t)}}); });
  const EvalOutcome eval = only_eval(run("eval instant at 1m foo\n  foo 60000\n", engine));
  EXPECT_EQ(eval.status, EvalStatus::failed);
  EXPECT_EQ(eval.variant, "@ variant `foo @ 60.000` at -10m");
  EXPECT_EQ(eval.detail, "expected 60000 for foo but got -600000");
  EXPECT_EQ(engine.calls.size(), 3u);  // the first failing query ends the eval
}

TEST(RunnerQueries, TimeDependentFunctionsHaveNoAtVariants) {
  StandInEngine engine([](const std::string&, int64_t t, bool) { return QueryResult{ScalarValue{t, t / 1000.0}, {}}; });
  const EvalOutcome eval = only_eval(run("eval instant at 1m time()\n  60\n", engine));
  EXPECT_EQ(eval.status, EvalStatus::passed) << eval.detail;
  EXPECT_EQ(engine.calls.size(), 2u);
}

TEST(RunnerQueries, RangeModeMustAgreeAtTheEvalTime) {
  StandInEngine engine([](const std::string&, int64_t, bool range_mode) {
    return vector_of({{"foo", range_mode ? 2.0 : 1.0}});
  });
  const EvalOutcome eval = only_eval(run("eval instant at 1m foo\n  foo 1\n", engine));
  EXPECT_EQ(eval.status, EvalStatus::failed);
  EXPECT_EQ(eval.variant, "instant at 1m in range mode");
  EXPECT_EQ(eval.detail, "expected 1 for foo but got 2");
}

TEST(RunnerQueries, OrderedEvalsSkipTheRangeComparisonNotTheRangeQuery) {
  StandInEngine differs([](const std::string&, int64_t, bool range_mode) {
    return vector_of({{"b", 2}, {"a", range_mode ? 9.0 : 1.0}});
  });
  const char* script = "eval_ordered instant at 1m sort_desc(x)\n  b 2\n  a 1\n";
  const EvalOutcome passes = only_eval(run(script, differs));
  EXPECT_EQ(passes.status, EvalStatus::passed) << passes.detail;
  StandInEngine fails_in_range([](const std::string&, int64_t, bool range_mode) {
    return range_mode ? error_of("boom") : vector_of({{"b", 2}, {"a", 1}});
  });
  const EvalOutcome eval = only_eval(run(script, fails_in_range));
  EXPECT_EQ(eval.status, EvalStatus::failed);
  EXPECT_EQ(eval.detail, "error evaluating query in range mode: boom");
}

TEST(RunnerQueries, EvalFailNeedsEveryQueryToFail) {
  StandInEngine always([](const std::string&, int64_t, bool) { return error_of("no"); });
  EXPECT_EQ(only_eval(run("eval_fail instant at 1m foo\n", always)).status, EvalStatus::passed);
  EXPECT_EQ(always.calls.size(), 6u);  // as written and 5 @ variants; no range mode after an error
  StandInEngine at_zero_succeeds(
      [](const std::string&, int64_t t, bool) { return t == 0 ? vector_of({}) : error_of("no"); });
  const EvalOutcome eval = only_eval(run("eval_fail instant at 1m foo\n", at_zero_succeeds));
  EXPECT_EQ(eval.status, EvalStatus::failed);
  EXPECT_EQ(eval.variant, "@ variant `foo @ 60.000` at 0s");
}

TEST(RunnerQueries, ARangeEvalIsOneRangeQuery) {
  StandInEngine engine([](const std::string&, int64_t t, bool) { return vector_of({{"foo", t / 60000.0}}); });
  const EvalOutcome eval = only_eval(run("eval range from 1m to 3m step 1m foo\n  foo 1 2 3\n", engine));
  EXPECT_EQ(eval.status, EvalStatus::passed) << eval.detail;
  EXPECT_EQ(engine.calls, (std::vector<QueryCall>{{"foo", 60000, 180000, 60000}}));
}

TEST(RunnerQueries, AtVariantsCanBeLeftOut) {
  StandInEngine engine([](const std::string&, int64_t, bool) { return vector_of({{"foo", 1}}); });
  RunnerOptions options;
  options.at_modifier_variants = false;
  EXPECT_EQ(only_eval(run("eval instant at 1m foo\n  foo 1\n", engine, options)).status, EvalStatus::passed);
  EXPECT_EQ(engine.calls.size(), 2u);
}

}  // namespace
}  // namespace vigil::promql::conformance
