#include "rules/rule_file.h"

#include <gtest/gtest.h>

namespace vigil::rules {
namespace {

std::string problems_of(std::string_view text) {
  auto file = parse_rule_file(text, "rules.yml");
  return file ? "" : file.error().message;
}

TEST(RuleFile, ReadsGroupsOfRecordingAndAlertingRules) {
  auto file = parse_rule_file(R"(groups:
  - name: api
    interval: 30s
    limit: 10
    query_offset: 1m
    rules:
      - record: job:requests:rate5m
        expr: sum by (job) (rate(requests_total[5m]))
        labels:
          team: a
      - alert: HighErrors
        expr: job:errors:rate5m > 0.1
        for: 10m
        keep_firing_for: 5m
        labels:
          severity: page
        annotations:
          summary: "{{ $labels.job }} errors at {{ $value | humanizePercentage }}"
  - name: empty
)",
                              "rules.yml");
  ASSERT_TRUE(file) << file.error().message;
  ASSERT_EQ(file->groups.size(), 2u);
  const auto& api = file->groups[0];
  EXPECT_EQ(api.name, "api");
  EXPECT_EQ(api.interval, Duration(30'000));
  EXPECT_EQ(api.limit, 10);
  EXPECT_EQ(api.query_offset, Duration(60'000));
  EXPECT_EQ(api.line, 2);
  ASSERT_EQ(api.rules.size(), 2u);
  const auto& record = std::get<RecordingRule>(api.rules[0]);
  EXPECT_EQ(record.record, "job:requests:rate5m");
  EXPECT_EQ(record.labels.get("team"), "a");
  EXPECT_EQ(record.line, 7);
  const auto& alert = std::get<AlertingRule>(api.rules[1]);
  EXPECT_EQ(alert.alert, "HighErrors");
  EXPECT_EQ(alert.for_duration, Duration(600'000));
  EXPECT_EQ(alert.keep_firing_for, Duration(300'000));
  ASSERT_EQ(alert.annotations.size(), 1u);
  EXPECT_EQ(alert.annotations[0].value, "{{ $labels.job }} errors at {{ $value | humanizePercentage }}");
  EXPECT_FALSE(file->groups[1].interval);
  EXPECT_TRUE(file->groups[1].rules.empty());
}

TEST(RuleFile, AnEmptyFileHasNoGroups) {
  auto file = parse_rule_file("# nothing yet\n", "rules.yml");
  ASSERT_TRUE(file);
  EXPECT_TRUE(file->groups.empty());
}

TEST(RuleFile, EveryProblemIsReportedWithItsLine) {
  EXPECT_EQ(problems_of(R"(groups:
  - name: a
    rules:
      - record: "bad name"
        expr: up
        for: 5m
      - alert: X
        expr: sum(
      - expr: up
      - record: ok
        alert: ok
        expr: up
        labels:
          __name__: x
  - name: a
    interval: soon
    colour: red
)"),
            "rules.yml:4: group \"a\", rule 1, \"bad name\": invalid recording rule name: bad name\n"
            "rules.yml:6: group \"a\", rule 1, \"bad name\": invalid field 'for' in recording rule\n"
            "rules.yml:8: group \"a\", rule 2, \"X\": could not parse expression: 1:5: parse error: unclosed left "
            "parenthesis\n"
            "rules.yml:9: group \"a\", rule 3, one of 'record' or 'alert' must be set\n"
            "rules.yml:10: group \"a\", rule 4, \"ok\": only one of 'record' and 'alert' must be set\n"
            "rules.yml:14: group \"a\", rule 4, \"ok\": invalid label name: __name__\n"
            "rules.yml:15: groupname: \"a\" is repeated in the same file\n"
            "rules.yml:16: interval: not a valid duration string: \"soon\"\n"
            "rules.yml:17: field colour not found in type rulefmt.RuleGroup");
}

TEST(RuleFile, SyntaxErrorsNameTheLine) {
  EXPECT_EQ(problems_of("groups:\n  - name: [\n"), "rules.yml:3: YAML syntax error: end of sequence flow not found");
}

TEST(RuleFile, DeepNestingIsAnErrorNotACrash) {
  const std::string deep = "groups: " + std::string(5000, '[');
  EXPECT_EQ(problems_of(deep), "rules.yml:1: YAML syntax error: nested too deeply");
}

TEST(RuleFile, AMissingFileIsAnIoError) {
  auto file = load_rule_file("/nonexistent/rules.yml");
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().kind, ErrorKind::io);
}

}  // namespace
}  // namespace vigil::rules
