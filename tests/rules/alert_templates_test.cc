#include "rules/alert_templates.h"

#include <gtest/gtest.h>

#include "rule_test_support.h"

namespace vigil::rules {
namespace {

AlertingRule rule_with(std::vector<storage::Label> labels, std::vector<storage::Label> annotations) {
  return AlertingRule{
      .alert = "High", .expr = "up", .labels = std::move(labels), .annotations = std::move(annotations)};
}

TEST(AlertTemplates, ExpandAsPrometheusDoes) {
  testing::EngineFixture f;
  f.data.add({{"__name__", "up"}, {"job", "a"}}, {{0, 1}});
  auto templates = AlertTemplates::compile(
      rule_with({{"v", "{{ $value }}"}},
                {{"summary", "value {{ $value }} {{ $labels.job }} {{ humanize $value }} {{ $labels.missing }}|"},
                 {"bad", "{{ humanize \"x\" }}"},
                 {"q", "{{ with query \"up\" }}{{ . | first | value }}{{ end }}"},
                 {"site", "{{ $externalLabels.site }} {{ $externalURL }}"}}));
  ASSERT_TRUE(templates) << templates.error().message;
  auto context = f.context();
  context.external_labels = *storage::LabelSet::from({{"site", "eu"}});
  context.external_url = "http://vigil";
  const ExpandedAlert expanded =
      templates->expand(*storage::LabelSet::from({{"__name__", "up"}, {"job", "a"}}), 1e6, 0, context);
  ASSERT_EQ(expanded.labels.size(), 1U);
  EXPECT_EQ(expanded.labels[0].value, "1e+06");
  ASSERT_EQ(expanded.annotations.size(), 4U);
  EXPECT_EQ(expanded.annotations[0].value, "value 1e+06 a 1M |");
  // Prometheus 2.42 printed exactly this for the same annotation.
  EXPECT_EQ(expanded.annotations[1].value,
            "<error expanding template: error executing template __alert_High: template: __alert_High:1:115: "
            "executing \"__alert_High\" at <humanize \"x\">: error calling humanize: strconv.ParseFloat: parsing "
            "\"x\": invalid syntax>");
  EXPECT_EQ(expanded.annotations[2].value, "1");
  EXPECT_EQ(expanded.annotations[3].value, "eu http://vigil");
  ASSERT_EQ(expanded.warnings.size(), 1U);
}

TEST(AlertTemplates, ATemplateThatDoesNotParseIsAnErrorNamingIt) {
  auto templates = AlertTemplates::compile(rule_with({{"a", "{{ nosuch }}"}}, {{"b", "{{ if }}"}}));
  ASSERT_FALSE(templates);
  EXPECT_EQ(templates.error().message,
            "label \"a\": template: __alert_High:1: function \"nosuch\" not defined\n"
            "annotation \"b\": template: __alert_High:1: missing value for if");
}

TEST(AlertTemplates, RuleFilesWithBadTemplatesAreRefusedAtLoad) {
  auto file = parse_rule_file(
      "groups:\n- name: g\n  rules:\n  - alert: X\n    expr: up\n    annotations: {a: '{{ nosuch }}'}\n", "r.yml");
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().message,
            "r.yml:4: group \"g\", rule 1, \"X\": annotation \"a\": template: __alert_X:1: function \"nosuch\" not "
            "defined");
}

}  // namespace
}  // namespace vigil::rules
