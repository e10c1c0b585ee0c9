#include "rules/alerting_rule_evaluator.h"

#include <gtest/gtest.h>

#include "rule_test_support.h"

namespace vigil::rules {
namespace {

using testing::EngineFixture;

constexpr int64_t kMinute = 60'000;

AlertingRuleEvaluator make_rule(const std::string& rule_yaml, bool restored = true) {
  auto group = testing::parse_group("groups:\n- name: g\n  rules:\n" + rule_yaml);
  const auto& spec = std::get<AlertingRule>(group.rules.at(0));
  return AlertingRuleEvaluator(spec, spec.expr, *AlertTemplates::compile(spec), restored);
}

std::vector<std::string> sample_texts(const Evaluation& evaluation) {
  std::vector<std::string> out;
  for (const auto& s : evaluation.samples) out.push_back(s.labels.to_string() + " " + std::to_string(s.value));
  return out;
}

// up{job="a"} is 1 every minute from 0 to `until` (inclusive).
void add_up(EngineFixture& f, int64_t until, const char* job = "a") {
  std::vector<storage::Sample> samples;
  for (int64_t t = 0; t <= until; t += kMinute) samples.push_back({t, 1});
  f.data.add({{"__name__", "up"}, {"job", job}}, samples);
}

TEST(AlertingRuleEvaluator, PendsForItsForDurationThenFires) {
  EngineFixture f;
  add_up(f, 30 * kMinute);
  auto rule = make_rule("  - alert: Up\n    expr: up == 1\n    for: 5m\n    labels: {severity: page}\n");
  auto first = rule.evaluate(f.context(), 0, 0, 0);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(
      sample_texts(*first),
      (std::vector<std::string>{R"(ALERTS{alertname="Up", alertstate="pending", job="a", severity="page"} 1.000000)",
                                R"(ALERTS_FOR_STATE{alertname="Up", job="a", severity="page"} 0.000000)"}));
  EXPECT_EQ(rule.state(), AlertState::pending);
  ASSERT_TRUE(rule.evaluate(f.context(), 4 * kMinute, 0, 0));
  EXPECT_EQ(rule.state(), AlertState::pending);
  auto fired = rule.evaluate(f.context(), 5 * kMinute, 0, 0);
  ASSERT_TRUE(fired);
  EXPECT_EQ(sample_texts(*fired)[0],
            R"(ALERTS{alertname="Up", alertstate="firing", job="a", severity="page"} 1.000000)");
  auto alerts = rule.alerts();
  ASSERT_EQ(alerts.size(), 1U);
  EXPECT_EQ(alerts[0].active_at_ms, 0);
  EXPECT_EQ(alerts[0].fired_at_ms, 5 * kMinute);
}

TEST(AlertingRuleEvaluator, AResolvedAlertIsKeptFifteenMinutesAndAPendingOneIsDropped) {
  EngineFixture f;
  add_up(f, 10 * kMinute, "a");
  add_up(f, 2 * kMinute, "b");  // b goes away before its `for` is over
  auto rule = make_rule("  - alert: Up\n    expr: up == 1\n    for: 10m\n");
  for (int64_t t = 0; t <= 10 * kMinute; t += kMinute) ASSERT_TRUE(rule.evaluate(f.context(), t, 0, 0));
  // b's last sample (2m) is out of the 5m lookback at 8m: it was dropped.
  ASSERT_EQ(rule.alerts().size(), 1U);
  EXPECT_EQ(rule.state(), AlertState::firing);
  // a stops after 10m: out of lookback at 16m.
  auto resolved = rule.evaluate(f.context(), 16 * kMinute, 0, 0);
  ASSERT_TRUE(resolved);
  EXPECT_TRUE(resolved->samples.empty());
  auto alerts = rule.alerts();
  ASSERT_EQ(alerts.size(), 1U);
  EXPECT_EQ(alerts[0].state, AlertState::inactive);
  EXPECT_EQ(alerts[0].resolved_at_ms, 16 * kMinute);
  ASSERT_TRUE(rule.evaluate(f.context(), 31 * kMinute, 0, 0));
  EXPECT_EQ(rule.alerts().size(), 1U);  // exactly 15m: still kept
  ASSERT_TRUE(rule.evaluate(f.context(), 32 * kMinute, 0, 0));
  EXPECT_TRUE(rule.alerts().empty());
}

TEST(AlertingRuleEvaluator, KeepFiringForHoldsAFiringAlertAfterItsConditionEnds) {
  EngineFixture f;
  add_up(f, 2 * kMinute);
  auto rule = make_rule("  - alert: Up\n    expr: up == 1\n    keep_firing_for: 10m\n");
  ASSERT_TRUE(rule.evaluate(f.context(), 0, 0, 0));
  EXPECT_EQ(rule.state(), AlertState::firing);
  // Gone from 8m (last sample 2m + 5m lookback < 8m).
  auto held = rule.evaluate(f.context(), 8 * kMinute, 0, 0);
  ASSERT_TRUE(held);
  EXPECT_EQ(rule.state(), AlertState::firing);
  EXPECT_EQ(held->samples.size(), 2U);
  EXPECT_EQ(rule.alerts()[0].keep_firing_since_ms, 8 * kMinute);
  ASSERT_TRUE(rule.evaluate(f.context(), 17 * kMinute, 0, 0));
  EXPECT_EQ(rule.state(), AlertState::firing);
  ASSERT_TRUE(rule.evaluate(f.context(), 18 * kMinute, 0, 0));
  EXPECT_EQ(rule.state(), AlertState::inactive);
}

TEST(AlertingRuleEvaluator, OverItsLimitARuleFailsAndForgetsItsAlerts) {
  EngineFixture f;
  add_up(f, kMinute, "a");
  add_up(f, kMinute, "b");
  auto rule = make_rule("  - alert: Up\n    expr: up == 1\n");
  auto over = rule.evaluate(f.context(), 0, 0, 1);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().message, "exceeded limit of 1 with 2 alerts");
  EXPECT_TRUE(rule.alerts().empty());
  EXPECT_TRUE(rule.evaluate(f.context(), 0, 0, 2));
}

TEST(AlertingRuleEvaluator, LabelsThatMakeTwoAlertsOneAreAnError) {
  EngineFixture f;
  add_up(f, kMinute, "a");
  add_up(f, kMinute, "b");
  auto rule = make_rule("  - alert: Up\n    expr: up == 1\n    labels: {job: same}\n");
  auto same = rule.evaluate(f.context(), 0, 0, 0);
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().message, "vector contains metrics with the same labelset after applying alert labels");
}

TEST(AlertingRuleEvaluator, FiringAlertsAreSentOnEachResendDelayAndResolvedOnesOnce) {
  EngineFixture f;
  add_up(f, 3 * kMinute);
  auto rule = make_rule("  - alert: Up\n    expr: up == 1\n    for: 1m\n");
  ASSERT_TRUE(rule.evaluate(f.context(), 0, 0, 0));
  EXPECT_TRUE(rule.take_alerts_to_send(0, kMinute, 15'000).empty());  // pending: not sent
  ASSERT_TRUE(rule.evaluate(f.context(), kMinute, 0, 0));
  auto sent = rule.take_alerts_to_send(kMinute, kMinute, 15'000);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].valid_until_ms, kMinute + 4 * kMinute);
  EXPECT_TRUE(rule.take_alerts_to_send(kMinute + 30'000, kMinute, 15'000).empty());
  EXPECT_TRUE(rule.take_alerts_to_send(2 * kMinute, kMinute, 15'000).empty());  // exactly the delay: not yet
  EXPECT_EQ(rule.take_alerts_to_send(2 * kMinute + 1, kMinute, 15'000).size(), 1U);
  ASSERT_TRUE(rule.evaluate(f.context(), 9 * kMinute, 0, 0));  // resolved
  auto resolved = rule.take_alerts_to_send(9 * kMinute, kMinute, 15'000);
  ASSERT_EQ(resolved.size(), 1U);
  EXPECT_EQ(resolved[0].resolved_at_ms, 9 * kMinute);
  EXPECT_TRUE(rule.take_alerts_to_send(9 * kMinute + 1, kMinute, 15'000).empty());
}

TEST(AlertingRuleEvaluator, NothingIsWrittenUntilTheStateIsRestored) {
  EngineFixture f;
  add_up(f, 30 * kMinute);
  auto rule = make_rule("  - alert: Up\n    expr: up == 1\n    for: 1m\n", /*restored=*/false);
  auto first = rule.evaluate(f.context(), 0, 0, 0);
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->samples.empty());
  rule.restore_for_state(f.data, 0, {});
  auto second = rule.evaluate(f.context(), kMinute, 0, 0);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->samples.size(), 2U);
}

// Prometheus's three cases: the alert had fired, had little of its `for`
// left, or had much left when the server went down.
TEST(AlertingRuleEvaluator, RestoresTheForStateFromStorage) {
  const int64_t restart = 100 * kMinute;
  struct Case {
    int64_t active_s;  // ALERTS_FOR_STATE's value
    int64_t down_ms;   // its last sample
    int64_t expected_active_ms;
  };
  // for: 30m, grace 10m.
  const Case cases[] = {
      {.active_s = 0, .down_ms = 40 * kMinute, .expected_active_ms = 0},  // had fired
      {.active_s = 60 * 40, .down_ms = 65 * kMinute, .expected_active_ms = restart + 10 * kMinute - 30 * kMinute},
      {.active_s = 60 * 80, .down_ms = 90 * kMinute, .expected_active_ms = 80 * kMinute + (restart - 90 * kMinute)},
  };
  for (const auto& c : cases) {
    EngineFixture f;
    add_up(f, 200 * kMinute);
    f.data.add({{"__name__", "ALERTS_FOR_STATE"}, {"alertname", "Up"}, {"job", "a"}},
               {{c.down_ms - kMinute, static_cast<double>(c.active_s)}, {c.down_ms, static_cast<double>(c.active_s)}});
    auto rule = make_rule("  - alert: Up\n    expr: up == 1\n    for: 30m\n", /*restored=*/false);
    ASSERT_TRUE(rule.evaluate(f.context(), restart, 0, 0));
    rule.restore_for_state(f.data, restart, {});
    EXPECT_EQ(rule.alerts().at(0).active_at_ms, c.expected_active_ms) << c.active_s;
  }
}

TEST(AlertingRuleEvaluator, AQueryOffsetShiftsTheQueryButNotTheAlertTimes) {
  EngineFixture f;
  f.data.add({{"__name__", "up"}, {"job", "a"}}, {{0, 1}});
  auto rule = make_rule("  - alert: Up\n    expr: up == 1\n");
  ASSERT_TRUE(rule.evaluate(f.context(), 7 * kMinute, 3 * kMinute, 0));  // queries at 4m: within lookback
  ASSERT_EQ(rule.alerts().size(), 1U);
  EXPECT_EQ(rule.alerts()[0].active_at_ms, 7 * kMinute);
}

}  // namespace
}  // namespace vigil::rules
