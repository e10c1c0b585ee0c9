#include "rules/rule_unit_test.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "rules/rule_test_run.h"

namespace vigil::rules {
namespace {

std::string testdata(const std::string& name) { return std::string(VIGIL_RULE_UNIT_TESTDATA_DIR) + "/" + name; }

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

// Each file passes or fails as its name says (tests/integration holds them
// to promtool's verdicts too).
TEST(RuleUnitTest, TestdataFilesPassOrFailAsNamed) {
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(VIGIL_RULE_UNIT_TESTDATA_DIR)) {
    const std::string name = entry.path().filename().string();
    if (!name.ends_with(".yml") || name.ends_with(".rules.yml")) continue;
    ++files;
    const RuleUnitTestReport report = run_rule_unit_test(entry.path().string());
    EXPECT_EQ(report.passed(), name.starts_with("pass_")) << name << "\n" << joined(report.failures);
  }
  EXPECT_GT(files, 10U);
}

TEST(RuleUnitTest, AlertMismatchReadsAsPromtool) {
  const RuleUnitTestReport report = run_rule_unit_test(testdata("fail_keep_firing_for.yml"));
  ASSERT_EQ(report.failures.size(), 1U);
  EXPECT_EQ(report.failures[0], R"(    alertname: FlappingDown, time: 7m, 
        exp:[], 
        got:[
            0:
              Labels:{alertname="FlappingDown", instance="a", job="api"}
              Annotations:{}
            ])");
}

TEST(RuleUnitTest, SampleMismatchAndNaN) {
  auto wrong = run_rule_unit_test(testdata("fail_wrong_value.yml"));
  ASSERT_EQ(wrong.failures.size(), 1U);
  EXPECT_EQ(wrong.failures[0], R"(    expr: "job:up:sum", time: 2m,
        exp: {__name__="job:up:sum", job="api"} 1E+00
        got: {__name__="job:up:sum", job="api"} 0E+00)");
  auto nan = run_rule_unit_test(testdata("fail_nan.yml"));
  ASSERT_EQ(nan.failures.size(), 1U);
  EXPECT_NE(nan.failures[0].find("exp: {} NaN\n        got: {} NaN"), std::string::npos) << nan.failures[0];
}

TEST(RuleUnitTest, RuleErrorsEndTheTest) {
  auto report = run_rule_unit_test(testdata("fail_rule_error.yml"));
  ASSERT_EQ(report.failures.size(), 1U);
  EXPECT_TRUE(report.failures[0].starts_with("    rule: joined, time: 1m0s, err: ")) << report.failures[0];
}

TEST(RuleUnitTest, MissingFilesAndPatterns) {
  auto missing = run_rule_unit_test(testdata("no-such-test.yml"));
  ASSERT_EQ(missing.failures.size(), 1U);
  EXPECT_NE(missing.failures[0].find("cannot read the rule test file"), std::string::npos);
  auto pattern = run_rule_unit_test(testdata("pass_missing_rule_file.yml"));
  EXPECT_TRUE(pattern.passed());
  ASSERT_EQ(pattern.warnings.size(), 1U);
  EXPECT_EQ(pattern.warnings[0], std::string("no file match pattern ") + testdata("no-such-file.rules.yml"));
}

TEST(RuleUnitTest, AlertTestsBetweenEvaluationsSeeTheEarlierOne) {
  // Evaluations every 2m: at 3m the test sees the 2m evaluation, where the
  // alert (for: 2m, down since 0) has just started firing.
  auto file = parse_rule_test_file(R"(tests:
  - interval: 1m
    input_series:
      - series: 'up{job="a"}'
        values: '0x6'
    alert_rule_test:
      - eval_time: 1m
        alertname: Down
        exp_alerts: []
      - eval_time: 3m
        alertname: Down
        exp_alerts: [{exp_labels: {job: a}}]
)",
                                   "t.yml");
  ASSERT_TRUE(file) << file.error().message;
  auto rules =
      parse_rule_file("groups:\n- name: g\n  rules:\n  - alert: Down\n    expr: up == 0\n    for: 2m\n", "r.yml");
  ASSERT_TRUE(rules) << rules.error().message;
  auto failures = run_rule_test(file->tests[0], {*rules}, {.evaluation_interval = Duration{120'000}});
  EXPECT_TRUE(failures.empty()) << joined(failures);
}

}  // namespace
}  // namespace vigil::rules
