#include "rules/rule_test_file.h"

#include <cmath>

#include <gtest/gtest.h>

namespace vigil::rules {
namespace {

std::string problems_of(const std::string& yaml) {
  auto file = parse_rule_test_file(yaml, "t.yml");
  EXPECT_FALSE(file) << yaml;
  return file ? "" : file.error().message;
}

TEST(RuleTestFile, ReadsEveryField) {
  auto file = parse_rule_test_file(R"(rule_files: [a.yml, 'b*.yml']
evaluation_interval: 30s
group_eval_order: [g1, g2]
tests:
  - name: t
    interval: 15s
    external_labels: {region: eu}
    external_url: http://vigil.example
    input_series:
      - series: 'up{job="a"}'
        values: '1+1x2 _ stale'
    alert_rule_test:
      - eval_time: 2m
        alertname: Down
        exp_alerts:
          - exp_labels: {severity: page}
            exp_annotations: {summary: s}
          -
    promql_expr_test:
      - expr: up
        eval_time: 1m
        exp_samples:
          - labels: 'up{job="a"}'
            value: 0x10
          - labels: '{}'
            value: -.inf
)",
                                   "t.yml");
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->rule_files, (std::vector<std::string>{"a.yml", "b*.yml"}));
  EXPECT_EQ(file->evaluation_interval.count(), 30'000);
  ASSERT_EQ(file->tests.size(), 1U);
  const RuleTestGroup& test = file->tests[0];
  EXPECT_EQ(test.name, "t");
  EXPECT_EQ(test.interval.count(), 15'000);
  EXPECT_EQ(test.external_labels.to_string(), R"({region="eu"})");
  EXPECT_EQ(test.external_url, "http://vigil.example");
  ASSERT_EQ(test.input_series.size(), 1U);
  EXPECT_EQ(test.input_series[0].labels.to_string(), R"(up{job="a"})");
  ASSERT_EQ(test.input_series[0].values.size(), 5U);
  EXPECT_EQ(test.input_series[0].values[2].value, 3);
  EXPECT_EQ(test.input_series[0].values[3].kind, promql::ValueKind::omitted);
  ASSERT_EQ(test.alert_tests.size(), 1U);
  EXPECT_EQ(test.alert_tests[0].eval_time.count(), 120'000);
  ASSERT_EQ(test.alert_tests[0].alerts.size(), 2U);
  EXPECT_EQ(test.alert_tests[0].alerts[0].labels, (std::vector<storage::Label>{{"severity", "page"}}));
  EXPECT_TRUE(test.alert_tests[0].alerts[1].labels.empty());
  ASSERT_EQ(test.promql_tests.size(), 1U);
  EXPECT_EQ(test.promql_tests[0].samples[0].value, 16);
  EXPECT_TRUE(std::isinf(test.promql_tests[0].samples[1].value));
  EXPECT_TRUE(test.promql_tests[0].samples[1].labels.empty());
}

TEST(RuleTestFile, DefaultsAndAnEmptyFile) {
  auto empty = parse_rule_test_file("", "t.yml");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->tests.empty());
  auto file = parse_rule_test_file("tests:\n  - input_series: []\n", "t.yml");
  ASSERT_TRUE(file);
  EXPECT_EQ(file->evaluation_interval.count(), 60'000);
  EXPECT_EQ(file->tests[0].interval.count(), 0);  // the runner uses evaluation_interval
}

TEST(RuleTestFile, ReportsEveryProblemWithItsLine) {
  const std::string message = problems_of(R"(rule_files: [a.yml]
evaluation_intervall: 1m
group_eval_order: [g, g]
tests:
  - interval: soon
    input_series:
      - series: 'up{job="a"'
        values: '1'
      - series: up
        values: '1 two'
    alert_rule_test:
      - eval_time: 1m
        exp_alerts: []
    promql_expr_test:
      - expr: up
        exp_samples:
          - labels: 'up{'
            value: NaN
)");
  EXPECT_EQ(message, R"(t.yml:2: field evaluation_intervall not found in type main.unitTestFile
t.yml:3: group name repeated in evaluation order: g
t.yml:5: interval: not a valid duration string: "soon"
t.yml:7: series "up{job=\"a\"": unexpected end of input inside braces
t.yml:10: values of "up": unexpected identifier "two" in series values, expected number or "stale"
t.yml:12: an item under alert_rule_test misses required attribute alertname at eval_time 1m
t.yml:17: labels "up{": unexpected end of input inside braces
t.yml:18: value: cannot unmarshal "NaN" into float64)");
}

TEST(RuleTestFile, SyntaxErrorsAndWrongShapes) {
  EXPECT_EQ(problems_of("tests: [\n"), "t.yml:2: YAML syntax error: end of sequence flow not found");
  EXPECT_EQ(problems_of("- a\n"), "t.yml:1: a rule test file must be a mapping");
  EXPECT_EQ(problems_of("tests: 3\n"), "t.yml:1: tests must be a list");
  EXPECT_EQ(
      problems_of("tests:\n  - promql_expr_test:\n      - expr: up\n        exp_samples:\n          - labels: up\n"
                  "            value: '1'\n"),
      "t.yml:6: value: cannot unmarshal \"1\" into float64");
}

}  // namespace
}  // namespace vigil::rules
