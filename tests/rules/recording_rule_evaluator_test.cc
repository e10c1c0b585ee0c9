#include "rules/recording_rule_evaluator.h"

#include <gtest/gtest.h>

#include "rule_test_support.h"

namespace vigil::rules {
namespace {

using testing::EngineFixture;

RecordingRuleEvaluator make_rule(const std::string& rule_yaml) {
  auto group = testing::parse_group("groups:\n- name: g\n  rules:\n" + rule_yaml);
  const auto& spec = std::get<RecordingRule>(group.rules.at(0));
  return RecordingRuleEvaluator(spec, spec.expr);
}

TEST(RecordingRuleEvaluator, RenamesTheVectorAndSetsItsLabels) {
  EngineFixture f;
  f.data.add({{"__name__", "requests"}, {"job", "a"}, {"team", "x"}}, {{0, 3}});
  auto rule = make_rule("  - record: job:requests\n    expr: requests\n    labels: {team: y, extra: z}\n");
  auto evaluation = rule.evaluate(f.context(), 0, 0, 0);
  ASSERT_TRUE(evaluation) << evaluation.error().message;
  ASSERT_EQ(evaluation->samples.size(), 1U);
  EXPECT_EQ(evaluation->samples[0].labels.to_string(), R"(job:requests{extra="z", job="a", team="y"})");
  EXPECT_EQ(evaluation->samples[0].value, 3);
}

TEST(RecordingRuleEvaluator, AScalarIsOneSampleWithoutLabelsAndAStringIsAnError) {
  EngineFixture f;
  auto scalar = make_rule("  - record: answer\n    expr: \"42\"\n").evaluate(f.context(), 0, 0, 0);
  ASSERT_TRUE(scalar);
  ASSERT_EQ(scalar->samples.size(), 1U);
  EXPECT_EQ(scalar->samples[0].labels.to_string(), "answer");
  auto text = make_rule("  - record: answer\n    expr: '\"text\"'\n").evaluate(f.context(), 0, 0, 0);
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().message, "rule result is not a vector or scalar");
}

TEST(RecordingRuleEvaluator, SameLabelsAfterRenamingAndTheLimitAreErrors) {
  EngineFixture f;
  f.data.add({{"__name__", "a"}, {"job", "x"}}, {{0, 1}});
  f.data.add({{"__name__", "b"}, {"job", "x"}}, {{0, 2}});
  auto same = make_rule("  - record: r\n    expr: '{job=\"x\"}'\n").evaluate(f.context(), 0, 0, 0);
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().message, "vector contains metrics with the same labelset after applying rule labels");
  f.data.add({{"__name__", "c"}, {"i", "1"}}, {{0, 1}});
  f.data.add({{"__name__", "c"}, {"i", "2"}}, {{0, 1}});
  auto over = make_rule("  - record: r\n    expr: c\n").evaluate(f.context(), 0, 0, 1);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().message, "exceeded limit of 1 with 2 series");
}

TEST(RecordingRuleEvaluator, ABadQueryIsAnError) {
  EngineFixture f;
  f.data.add({{"__name__", "a"}, {"job", "x"}, {"i", "1"}}, {{0, 1}});
  f.data.add({{"__name__", "a"}, {"job", "x"}, {"i", "2"}}, {{0, 1}});
  auto rule = make_rule("  - record: r\n    expr: a + on(job) a\n");
  auto failed = rule.evaluate(f.context(), 0, 0, 0);
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().message.find("many-to-many matching not allowed"), std::string::npos)
      << failed.error().message;
}

}  // namespace
}  // namespace vigil::rules
