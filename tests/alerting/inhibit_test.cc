#include "alerting/inhibit.h"

#include <gtest/gtest.h>

namespace vigil::alerting {
namespace {

const TimePoint kNow = TimePoint{} + std::chrono::hours(24 * 365 * 50);

Alert firing(Labels labels) {
  Alert a;
  a.labels = std::move(labels);
  a.starts_at = kNow - std::chrono::minutes(5);
  return a;
}

Inhibitor inhibitor(std::string_view rules) {
  std::string text = "route: {receiver: a}\nreceivers: [{name: a}]\ninhibit_rules:\n";
  text += rules;
  auto config = parse_alerting_config(text, "am.yml");
  EXPECT_TRUE(config) << config.error().message;
  return Inhibitor(config ? config->inhibit_rules : std::vector<InhibitRule>{});
}

TEST(Inhibit, SourceMutesTargetsWithEqualLabels) {
  auto rules = inhibitor(R"(  - source_matchers: [severity="critical"]
    target_matchers: [severity="warning"]
    equal: [cluster, missing]
)");
  const Alert critical = firing({{"alertname", "Down"}, {"severity", "critical"}, {"cluster", "eu"}});
  const std::vector<Alert> alerts{critical};
  EXPECT_EQ(rules.inhibited_by({{"alertname", "Slow"}, {"severity", "warning"}, {"cluster", "eu"}}, alerts, kNow),
            critical.fingerprint());
  EXPECT_FALSE(rules.inhibits({{"alertname", "Slow"}, {"severity", "warning"}, {"cluster", "us"}}, alerts, kNow));
  EXPECT_FALSE(rules.inhibits({{"alertname", "Slow"}, {"severity", "info"}, {"cluster", "eu"}}, alerts, kNow));
  // An equal label absent on both sides counts as equal; present on one side only does not.
  EXPECT_FALSE(rules.inhibits({{"severity", "warning"}, {"cluster", "eu"}, {"missing", "x"}}, alerts, kNow));
}

TEST(Inhibit, ResolvedAlertsDoNotInhibit) {
  auto rules = inhibitor("  - source_match: {severity: critical}\n    target_match: {severity: warning}\n");
  Alert critical = firing({{"severity", "critical"}});
  critical.ends_at = kNow - std::chrono::seconds(1);
  EXPECT_FALSE(rules.inhibits({{"severity", "warning"}}, {critical}, kNow));
  critical.ends_at = kNow + std::chrono::minutes(1);
  EXPECT_TRUE(rules.inhibits({{"severity", "warning"}}, {critical}, kNow));
}

TEST(Inhibit, AlertsMatchingBothSidesDoNotInhibitEachOther) {
  auto rules = inhibitor(R"(  - source_matchers: [alertname="Down"]
    target_matchers: [team="db"]
    equal: [cluster]
)");
  const Alert both_a = firing({{"alertname", "Down"}, {"team", "db"}, {"cluster", "eu"}});
  const Alert both_b = firing({{"alertname", "Down"}, {"team", "db"}, {"cluster", "eu"}, {"instance", "2"}});
  EXPECT_FALSE(rules.inhibits(both_a.labels, {both_a, both_b}, kNow));
  // A source that is not also a target still inhibits it.
  const Alert source_only = firing({{"alertname", "Down"}, {"team", "web"}, {"cluster", "eu"}});
  EXPECT_EQ(rules.inhibited_by(both_a.labels, {both_b, source_only}, kNow), source_only.fingerprint());
  // A plain target is inhibited by the alerts matching both sides.
  EXPECT_TRUE(rules.inhibits({{"alertname", "Slow"}, {"team", "db"}, {"cluster", "eu"}}, {both_a}, kNow));
}

}  // namespace
}  // namespace vigil::alerting
