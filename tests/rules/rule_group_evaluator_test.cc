#include "rules/rule_group_evaluator.h"

#include <cmath>

#include <gtest/gtest.h>

#include "rule_test_support.h"
#include "vigil/log/sink.h"

namespace vigil::rules {
namespace {

using testing::EngineFixture;
using testing::RecordingAppender;

constexpr int64_t kMinute = 60'000;

std::unique_ptr<RuleGroupEvaluator> make_group(const std::string& yaml, GroupSettings settings = {}) {
  auto group = RuleGroupEvaluator::create("rules.yml", testing::parse_group(yaml), settings, /*restored=*/true);
  if (!group) throw std::runtime_error(group.error().message);
  return std::move(*group);
}

class CollectingSink final : public AlertSink {
 public:
  void send(std::vector<OutgoingAlert> alerts) override {
    for (auto& alert : alerts) sent.push_back(std::move(alert));
  }
  std::vector<OutgoingAlert> sent;
};

log::Logger quiet_logger() { return log::Logger("test", nullptr, log::Level::error, nullptr); }

const char* kGroup = R"(groups:
- name: g
  rules:
  - record: job:x
    expr: x
  - alert: XHigh
    expr: x > 1
)";

TEST(RuleGroupEvaluator, WritesEachRuleAndMarksVanishedSeriesStale) {
  EngineFixture f;
  f.data.add({{"__name__", "x"}, {"job", "a"}}, {{0, 2}});
  f.data.add({{"__name__", "x"}, {"job", "b"}}, {{0, 2}, {5 * kMinute, 2}, {10 * kMinute, 2}});
  auto group = make_group(kGroup);
  RecordingAppender appender;
  group->evaluate(f.context(), kMinute, appender, nullptr, quiet_logger());
  EXPECT_EQ(appender.written.at(R"(job:x{job="a"})").size(), 1U);
  EXPECT_EQ(appender.written.at(R"(ALERTS{alertname="XHigh", alertstate="firing", job="a"})").size(), 1U);
  // At 8m x{job="a"} is past the lookback: its results end with a marker.
  group->evaluate(f.context(), 8 * kMinute, appender, nullptr, quiet_logger());
  const auto& recorded = appender.written.at(R"(job:x{job="a"})");
  ASSERT_EQ(recorded.size(), 2U);
  EXPECT_TRUE(storage::is_stale_nan(recorded[1].v));
  EXPECT_EQ(recorded[1].t, 8 * kMinute);
  EXPECT_TRUE(storage::is_stale_nan(
      appender.written.at(R"(ALERTS{alertname="XHigh", alertstate="firing", job="a"})").back().v));
  EXPECT_FALSE(std::isnan(appender.written.at(R"(job:x{job="b"})").back().v));
  EXPECT_EQ(group->rules()[0]->health().health, "ok");
}

TEST(RuleGroupEvaluator, AFailingRuleDoesNotStopTheOthers) {
  EngineFixture f;
  f.data.add({{"__name__", "x"}, {"job", "a"}, {"i", "1"}}, {{0, 2}});
  f.data.add({{"__name__", "x"}, {"job", "a"}, {"i", "2"}}, {{0, 2}});
  auto group = make_group(R"(groups:
- name: g
  rules:
  - record: bad
    expr: x + on(job) x
  - record: good
    expr: sum(x)
)");
  RecordingAppender appender;
  group->evaluate(f.context(), 0, appender, nullptr, quiet_logger());
  EXPECT_EQ(group->rules()[0]->health().health, "err");
  EXPECT_NE(group->rules()[0]->health().last_error.find("many-to-many"), std::string::npos);
  EXPECT_EQ(group->rules()[1]->health().health, "ok");
  EXPECT_TRUE(appender.written.contains("good"));
}

// Refuses every sample, as storage refuses one for a timestamp that has
// another value.
class RefusingAppender final : public storage::Appender {
 public:
  Result<storage::AppendOutcome> append_views(std::span<const storage::SeriesView> batch,
                                              storage::InvalidSeries) override {
    storage::AppendOutcome outcome;
    for (uint32_t i = 0; i < batch.size(); ++i)
      outcome.rejects.push_back({i, 0, storage::RejectReason::duplicate_timestamp});
    outcome.first_error = "a different value exists";
    outcome.refs.assign(batch.size(), 0);
    return outcome;
  }
};

TEST(RuleGroupEvaluator, ARefusedResultIsTheRulesErrorInPrometheusWords) {
  EngineFixture f;
  f.data.add({{"__name__", "x"}, {"job", "a"}}, {{0, 2}});
  auto group = make_group(kGroup);
  RefusingAppender appender;
  group->evaluate(f.context(), kMinute, appender, nullptr, quiet_logger());
  EXPECT_EQ(group->rules()[0]->health().health, "err");
  EXPECT_EQ(group->rules()[0]->health().last_error, "duplicate sample for timestamp");
}

TEST(RuleGroupEvaluator, AQueryOffsetMovesTheWrittenSamplesBack) {
  EngineFixture f;
  f.data.add({{"__name__", "x"}, {"job", "a"}}, {{0, 2}});
  auto group = make_group(std::string(kGroup) + "  query_offset: 30s\n");
  RecordingAppender appender;
  group->evaluate(f.context(), kMinute, appender, nullptr, quiet_logger());
  EXPECT_EQ(appender.written.at(R"(job:x{job="a"})")[0].t, 30'000);
}

TEST(RuleGroupEvaluator, AlertsGoToTheSinkWithExternalLabelsAndAGeneratorUrl) {
  EngineFixture f;
  f.data.add({{"__name__", "x"}, {"job", "a"}}, {{0, 2}});
  auto group = make_group(kGroup);
  RecordingAppender appender;
  CollectingSink sink;
  auto context = f.context();
  context.external_labels = *storage::LabelSet::from({{"job", "ignored"}, {"site", "eu"}});
  context.external_url = "http://vigil:9400";
  group->evaluate(context, kMinute, appender, &sink, quiet_logger());
  ASSERT_EQ(sink.sent.size(), 1U);
  EXPECT_EQ(sink.sent[0].labels.to_string(), R"({alertname="XHigh", job="a", site="eu"})");
  EXPECT_EQ(sink.sent[0].starts_at_ms, kMinute);
  EXPECT_EQ(sink.sent[0].ends_at_ms, kMinute + 4 * kMinute);
  EXPECT_EQ(sink.sent[0].generator_url, "http://vigil:9400/graph?g0.expr=x%20%3E%201&g0.tab=1");
}

TEST(RuleGroupEvaluator, AReloadedGroupKeepsItsAlertsAndEndsTheSeriesOfRemovedRules) {
  EngineFixture f;
  f.data.add({{"__name__", "x"}, {"job", "a"}}, {{0, 2}});
  auto old_group = make_group(R"(groups:
- name: g
  rules:
  - record: gone
    expr: x
  - alert: XHigh
    expr: x > 1
    for: 5m
)");
  RecordingAppender appender;
  old_group->evaluate(f.context(), 0, appender, nullptr, quiet_logger());
  auto new_group = make_group(R"(groups:
- name: g
  rules:
  - alert: XHigh
    expr: x > 1
    for: 5m
)");
  new_group->adopt_state(*old_group);
  const auto& alerting = dynamic_cast<const AlertingRuleEvaluator&>(*new_group->rules()[0]);
  ASSERT_EQ(alerting.alerts().size(), 1U);
  EXPECT_EQ(alerting.alerts()[0].active_at_ms, 0);
  new_group->evaluate(f.context(), 5 * kMinute, appender, nullptr, quiet_logger());
  EXPECT_EQ(alerting.state(), AlertState::firing);
  EXPECT_TRUE(storage::is_stale_nan(appender.written.at(R"(gone{job="a"})").back().v));
}

}  // namespace
}  // namespace vigil::rules
