// Reading whole scripts: every command of FORMAT.md with its times, samples
// and expectations, and every error the upstream driver raises while reading.

#include <gtest/gtest.h>

#include <cmath>

#include "promql/script/script.h"
#include "storage/sample.h"

namespace vigil::promql::script {
namespace {

Script read(std::string_view text) {
  auto script = read_script(text, "t.test");
  EXPECT_TRUE(script) << script.error().message;
  return script ? *std::move(script) : Script{};
}

std::string error_of(std::string_view text) {
  auto script = read_script(text, "t.test");
  EXPECT_FALSE(script) << text;
  return script ? "" : script.error().message;
}

template <class T>
const T& command(const Script& script, size_t i) {
  static const T empty{};
  EXPECT_LT(i, script.commands.size());
  if (i >= script.commands.size() || !std::holds_alternative<T>(script.commands[i])) {
    ADD_FAILURE() << "command " << i << " has another kind";
    return empty;
  }
  return std::get<T>(script.commands[i]);
}

TEST(Script, LoadTimestampsCountFromTheEpochInSteps) {
  Script s = read("load 5m\n  a{x=\"1\"} 1 _ 3 _x2 stale\n  b 0+1x2\n");
  const Load& load = command<Load>(s, 0);
  EXPECT_EQ(load.step_ms, 300000);
  EXPECT_EQ(load.line, 1);
  EXPECT_FALSE(load.native_histograms);
  ASSERT_EQ(load.series.size(), 2u);
  const LoadedSeries& a = load.series[0];
  EXPECT_EQ(a.labels.to_string(), "a{x=\"1\"}");
  EXPECT_EQ(a.line, 2);
  ASSERT_EQ(a.samples.size(), 3u);
  EXPECT_EQ(a.samples[0].timestamp_ms, 0);
  EXPECT_EQ(a.samples[0].value.value, 1);
  EXPECT_EQ(a.samples[1].timestamp_ms, 600000);  // `_` used the 5m slot
  EXPECT_EQ(a.samples[1].value.value, 3);
  EXPECT_EQ(a.samples[2].timestamp_ms, 1500000);  // `_x2` used two slots
  EXPECT_TRUE(storage::is_stale_nan(a.samples[2].value.value));
  const LoadedSeries& b = load.series[1];
  ASSERT_EQ(b.samples.size(), 3u);
  EXPECT_EQ(b.samples[2].timestamp_ms, 600000);
  EXPECT_EQ(b.samples[2].value.value, 2);
}

TEST(Script, RepeatedSeriesInALoadKeepsTheLastDefinition) {
  Script s = read("load 1m\n  a 1 2\n  b 5\n  a 7\n");
  const Load& load = command<Load>(s, 0);
  ASSERT_EQ(load.series.size(), 2u);
  EXPECT_EQ(load.series[0].labels.metric_name(), "a");
  ASSERT_EQ(load.series[0].samples.size(), 1u);
  EXPECT_EQ(load.series[0].samples[0].value.value, 7);
  EXPECT_EQ(load.series[0].line, 4);
}

TEST(Script, CommentsAndEmptyLinesEndBlocks) {
  Script s = read("# head\n\nload 1m\n  a 1\n\n  \tclear\neval instant at 1m a\n  {} 1\n# end\n");
  ASSERT_EQ(s.commands.size(), 3u);
  EXPECT_EQ(command<Clear>(s, 1).line, 6);
  EXPECT_EQ(command<Eval>(s, 2).line, 7);
  // A comment inside a block ends it: the next series line is a command.
  EXPECT_EQ(error_of("load 1m\n  a 1\n  # note\n  b 2\n"), "t.test:4: invalid command \"b 2\"");
  EXPECT_EQ(error_of("eval instant at 0 a\n# note\n{} 1\n"), "t.test:3: invalid command \"{} 1\"");
}

TEST(Script, CommandWordsIgnoreCaseButTheirPatternsDoNot) {
  Script s = read("CLEAR\nClear now\n");
  EXPECT_EQ(s.commands.size(), 2u);
  EXPECT_EQ(error_of("LOAD 5m\n"), "t.test:1: invalid load command. (load <step:duration>)");
  EXPECT_NE(error_of("Eval instant at 0 1\n").find("invalid evaluation command"), std::string::npos);
}

TEST(Script, InstantEval) {
  Script s = read("eval instant at 50m sum by (g) (a)\n  {g=\"p\"} 30\n  {g=\"c\"} NaN\n");
  const Eval& e = command<Eval>(s, 0);
  EXPECT_EQ(e.kind, Eval::Kind::instant);
  EXPECT_EQ(e.time_ms, 3000000);
  EXPECT_EQ(e.expr, "sum by (g) (a)");
  EXPECT_FALSE(e.fail || e.ordered || e.expected_scalar);
  ASSERT_EQ(e.expected.size(), 2u);
  EXPECT_EQ(e.expected[0].labels.to_string(), "{g=\"p\"}");
  EXPECT_EQ(e.expected[0].values[0].value, 30);
  EXPECT_EQ(e.expected[0].line, 2);
  EXPECT_TRUE(std::isnan(e.expected[1].values[0].value));
  EXPECT_EQ(e.expected[1].position, 2u);
}

TEST(Script, EmptyExpectationMeansEmptyVector) {
  Script s = read("eval instant at 0 a\n\nclear\n");
  const Eval& e = command<Eval>(s, 0);
  EXPECT_TRUE(e.expected.empty());
  EXPECT_FALSE(e.expected_scalar);
}

TEST(Script, NumberLineIsAScalarAndEndsTheBlock) {
  Script s = read("eval instant at 1m 1 + 1\n  2\nclear\neval instant at 0 1\n  0x10\neval instant at 0 1\n  -inf\n");
  ASSERT_EQ(s.commands.size(), 4u);  // `clear` after the number is a command
  EXPECT_EQ(command<Eval>(s, 0).expected_scalar, 2.0);
  EXPECT_EQ(command<Eval>(s, 2).expected_scalar, 16.0);  // ParseInt base 0 reads hex here
  EXPECT_EQ(command<Eval>(s, 3).expected_scalar, -INFINITY);
  EXPECT_EQ(error_of("eval instant at 0 1\n  1\n  2\n"), "t.test:3: invalid command \"2\"");
}

TEST(Script, OrderedAndFailingEvals) {
  Script s = read(
      "eval_ordered instant at 0 sort(a)\n  a{i=\"2\"} 1\n  a{i=\"1\"} 2\n"
      "\neval_fail instant at 1m ceil(a)\n  {} 1\n");
  const Eval& ordered = command<Eval>(s, 0);
  EXPECT_TRUE(ordered.ordered);
  EXPECT_FALSE(ordered.fail);
  EXPECT_EQ(ordered.expected[0].position, 1u);
  EXPECT_EQ(ordered.expected[1].position, 2u);
  const Eval& failing = command<Eval>(s, 1);
  EXPECT_TRUE(failing.fail);
  EXPECT_EQ(failing.time_ms, 60000);
  EXPECT_EQ(failing.expected.size(), 1u);  // read, though the runner ignores it
  EXPECT_TRUE(command<Eval>(read("eval_fail range from 0 to 1m step 1m a\n"), 0).fail);
}

TEST(Script, RepeatedExpectedLabelSetsCollapse) {
  Script s = read("eval instant at 0 a\n  {x=\"1\"} 1\n  {y=\"2\"} 2\n  {x=\"1\"} 3\n");
  const Eval& e = command<Eval>(s, 0);
  ASSERT_EQ(e.expected.size(), 2u);
  EXPECT_EQ(e.expected[0].values[0].value, 3);
  EXPECT_EQ(e.expected[0].position, 3u);
}

TEST(Script, RangeEval) {
  Script s = read("eval range from 1m to 5m step 1m a\n  {} 1+1x2 _ 9\n");
  const Eval& e = command<Eval>(s, 0);
  EXPECT_EQ(e.kind, Eval::Kind::range);
  EXPECT_EQ(e.start_ms, 60000);
  EXPECT_EQ(e.end_ms, 300000);
  EXPECT_EQ(e.step_ms, 60000);
  EXPECT_EQ(e.expr, "a");
  ASSERT_EQ(e.expected.size(), 1u);
  ASSERT_EQ(e.expected[0].values.size(), 5u);
  EXPECT_EQ(e.expected[0].values[2].value, 3);
  EXPECT_EQ(e.expected[0].values[3].kind, ValueKind::omitted);
  EXPECT_EQ(e.expected[0].values[4].value, 9);
}

TEST(Script, NativeHistogramsAreMarkedUntilClear) {
  Script s = read(
      "load 1m\n  a {{}}x1 1\n\neval instant at 0 a\n\nclear\neval instant at 0 b\n\n"
      "eval instant at 0 c\n  {} {{count:1}}\n");
  const Load& load = command<Load>(s, 0);
  EXPECT_TRUE(load.native_histograms);
  ASSERT_EQ(load.series[0].samples.size(), 3u);
  EXPECT_EQ(load.series[0].samples[1].value.kind, ValueKind::native_histogram);
  EXPECT_EQ(load.series[0].samples[2].timestamp_ms, 120000);
  EXPECT_TRUE(command<Eval>(s, 1).native_histograms);   // reads what the load stored
  EXPECT_FALSE(command<Eval>(s, 3).native_histograms);  // after clear
  EXPECT_TRUE(command<Eval>(s, 4).native_histograms);   // expects one
  EXPECT_FALSE(kNativeHistogramsUnsupported.empty());
}

TEST(Script, CommandErrors) {
  EXPECT_EQ(error_of("load 1m\n\nfoo bar\n"), "t.test:3: invalid command \"foo bar\"");
  EXPECT_EQ(error_of("load\n"), "t.test:1: invalid load command. (load <step:duration>)");
  EXPECT_EQ(error_of("load 5x\n"), "t.test:1: invalid step definition \"5x\": not a valid duration string: \"5x\"");
  EXPECT_EQ(error_of("load 1.5m\n"),
            "t.test:1: invalid step definition \"1.5m\": not a valid duration string: \"1.5m\"");
  EXPECT_NE(error_of("load 1m\n  a 1 foo\n").find("t.test:2: parse error: unexpected identifier \"foo\""),
            std::string::npos);
  // No eval_warn at this tag, and no ordered range evals.
  EXPECT_NE(error_of("eval_warn instant at 0 a\n").find("t.test:1: invalid evaluation command."), std::string::npos);
  EXPECT_NE(error_of("eval_ordered range from 0 to 1m step 1m a\n").find("invalid evaluation command"),
            std::string::npos);
  EXPECT_NE(error_of("eval instant at 0\n").find("invalid evaluation command"), std::string::npos);
}

TEST(Script, EvalErrors) {
  // The expression must parse; the column is where the error is in the line.
  EXPECT_EQ(error_of("eval instant at 0 sum(\n"), "t.test:1:23: parse error: unclosed left parenthesis");
  // `at` is optional in the pattern, but an empty time is not a duration.
  EXPECT_EQ(
      error_of("eval instant  foo\n"),
      "t.test:1: error in eval foo (line 1): invalid timestamp definition \"\": not a valid duration string: \"\"");
  EXPECT_EQ(
      error_of("eval instant at 5x a\n"),
      "t.test:1: error in eval a (line 1): invalid timestamp definition \"5x\": not a valid duration string: \"5x\"");
  EXPECT_EQ(
      error_of("eval range from 2m to 1m step 1m a\n"),
      "t.test:1: error in eval a (line 1): invalid test definition, end timestamp (1m) is before start timestamp (2m)");
  EXPECT_EQ(error_of("eval range from x to 1m step 1m a\n"),
            "t.test:1: error in eval a (line 1): invalid start timestamp definition \"x\": not a valid duration "
            "string: \"x\"");
  EXPECT_EQ(
      error_of("eval range from 0 to y step 1m a\n"),
      "t.test:1: error in eval a (line 1): invalid end timestamp definition \"y\": not a valid duration string: \"y\"");
  EXPECT_EQ(error_of("eval range from 0 to 1m step z a\n"),
            "t.test:1: error in eval a (line 1): invalid step definition \"z\": not a valid duration string: \"z\"");
  EXPECT_EQ(error_of("eval instant at 0 a\n  {} 1 2\n"),
            "t.test:2: parse error: expecting multiple values in instant evaluation not allowed");
  EXPECT_EQ(error_of("eval range from 0 to 2m step 1m a\n  {} 1 2 3 4\n"),
            "t.test:2: expected 4 points for {}, but query time range cannot return this many points");
  EXPECT_NE(error_of("eval instant at 0 a\n  {x=\"1\" 1\n").find("t.test:2: parse error:"), std::string::npos);
}

}  // namespace
}  // namespace vigil::promql::script
