#include "alerting/route.h"

#include <gtest/gtest.h>

#include "alerting/civil_time.h"

namespace vigil::alerting {
namespace {

std::unique_ptr<Route> tree(std::string_view text) {
  auto config = parse_alerting_config(text, "am.yml");
  EXPECT_TRUE(config) << config.error().message;
  return config ? Route::build(config->route) : nullptr;
}

std::string receivers(const Route& root, const Labels& labels) {
  std::string out;
  for (const Route* r : root.match(labels)) {
    if (!out.empty()) out += ',';
    out += r->options().receiver;
  }
  return out;
}

constexpr std::string_view kConfig = R"(route:
  receiver: root
  group_by: [alertname]
  group_wait: 1m
  routes:
    - matchers: ['env="prod"']
      receiver: prod
      continue: true
      group_by: ['...']
      routes:
        - matchers: [team=~"db|infra"]
          repeat_interval: 1h
          mute_time_intervals: [nights]
        - match: {team: web}
          receiver: web
          group_by: [team]
    - match: {severity: page}
      match_re: {service: 'api|auth'}
      receiver: pager
    - matchers: [severity="page"]
      receiver: unreachable
receivers: [{name: root}, {name: prod}, {name: web}, {name: pager}, {name: unreachable}]
time_intervals: [{name: nights, time_intervals: [{times: [{start_time: '00:00', end_time: '06:00'}]}]}]
)";

TEST(Route, MatchesDepthFirstWithContinue) {
  auto root = tree(kConfig);
  ASSERT_TRUE(root);
  EXPECT_EQ(receivers(*root, {{"env", "prod"}}), "prod");
  EXPECT_EQ(receivers(*root, {{"env", "prod"}, {"team", "db"}}), "prod");
  EXPECT_EQ(receivers(*root, {{"env", "prod"}, {"team", "web"}, {"severity", "page"}, {"service", "api"}}),
            "web,pager");
  // The first matching sibling without continue ends the search.
  EXPECT_EQ(receivers(*root, {{"severity", "page"}, {"service", "auth"}}), "pager");
  EXPECT_EQ(receivers(*root, {{"severity", "page"}}), "unreachable");
  EXPECT_EQ(receivers(*root, {{"x", "y"}}), "root");
}

TEST(Route, ChildrenInheritUnsetOptions) {
  auto root = tree(kConfig);
  ASSERT_TRUE(root);
  const Route& prod = *root->routes()[0];
  const Route& db = *prod.routes()[0];
  const Route& web = *prod.routes()[1];
  EXPECT_EQ(root->options().group_wait, std::chrono::minutes(1));
  EXPECT_EQ(root->options().group_interval, std::chrono::minutes(5));
  EXPECT_EQ(root->options().repeat_interval, std::chrono::hours(4));
  EXPECT_EQ(db.options().receiver, "prod");
  EXPECT_EQ(db.options().group_wait, std::chrono::minutes(1));
  EXPECT_EQ(db.options().repeat_interval, std::chrono::hours(1));
  EXPECT_TRUE(db.options().group_by_all);
  EXPECT_FALSE(web.options().group_by_all);
  EXPECT_EQ(web.options().group_by, std::set<std::string>{"team"});
  // Time intervals are the route's own.
  EXPECT_EQ(db.options().mute_time_intervals, std::vector<std::string>{"nights"});
  EXPECT_TRUE(web.options().mute_time_intervals.empty());
}

TEST(Route, KeysAndIdsAsAlertmanager) {
  auto root = tree(kConfig);
  ASSERT_TRUE(root);
  EXPECT_EQ(root->key(), "{}");
  EXPECT_EQ(root->id(), "{}");
  const Route& prod = *root->routes()[0];
  EXPECT_EQ(prod.key(), R"({}/{env="prod"})");
  EXPECT_EQ(prod.routes()[0]->key(), R"({}/{env="prod"}/{team=~"db|infra"})");
  EXPECT_EQ(prod.routes()[1]->id(), R"({}/{env="prod"}/{team="web"}/1)");
  // match, match_re and matchers together, sorted; match_re anchored as
  // Alertmanager 0.25 keys it.
  EXPECT_EQ(root->routes()[1]->key(), R"({}/{service=~"^(?:api|auth)$",severity="page"})");
  EXPECT_EQ(root->routes()[2]->id(), R"({}/{severity="page"}/2)");
}

TEST(Route, GroupLabelsAndGroupKey) {
  auto root = tree(kConfig);
  ASSERT_TRUE(root);
  const Labels alert{{"alertname", "Down"}, {"env", "prod"}, {"team", "db"}};
  EXPECT_EQ(root->group_key(alert), R"({}:{alertname="Down"})");
  const Route& db = *root->routes()[0]->routes()[0];
  EXPECT_EQ(db.group_key(alert), R"({}/{env="prod"}/{team=~"db|infra"}:{alertname="Down", env="prod", team="db"})");
  // Only labels the alert has.
  EXPECT_EQ(root->group_labels({{"x", "1"}}), Labels{});
  EXPECT_EQ(root->group_key({{"x", "1"}}), "{}:{}");
}

TEST(Route, EmptyGroupByInheritsAndEscalationIsInherited) {
  auto root = tree(R"(route:
  receiver: a
  group_by: [x]
  escalate: {after: 1h, receiver: b}
  routes:
    - receiver: b
      group_by: []
receivers: [{name: a}, {name: b}]
)");
  ASSERT_TRUE(root);
  const Route& child = *root->routes()[0];
  EXPECT_EQ(child.options().group_by, std::set<std::string>{"x"});
  ASSERT_TRUE(child.options().escalate);
  EXPECT_EQ(child.options().escalate->receiver, "b");
}

TEST(Route, MutedByMuteOrOutsideActiveIntervals) {
  auto config = parse_alerting_config(R"(route:
  receiver: a
  routes:
    - matchers: [x="1"]
      mute_time_intervals: [nights]
    - matchers: [x="2"]
      active_time_intervals: [nights, weekends]
receivers: [{name: a}]
time_intervals:
  - name: nights
    time_intervals: [{times: [{start_time: '00:00', end_time: '06:00'}]}]
  - name: weekends
    time_intervals: [{weekdays: [saturday, sunday]}]
)",
                                      "am.yml");
  ASSERT_TRUE(config) << config.error().message;
  auto root = Route::build(config->route);
  const auto at = [](int day, int hour) {
    // June 2025: the 2nd is a Monday, the 7th a Saturday.
    return TimePoint{} + std::chrono::hours(days_from_civil({2025, 6, day}) * 24 + hour);
  };
  const auto& intervals = config->time_intervals;
  const RouteOptions& mute = root->routes()[0]->options();
  const RouteOptions& active = root->routes()[1]->options();
  EXPECT_TRUE(muted_at(mute, intervals, at(2, 3)));
  EXPECT_FALSE(muted_at(mute, intervals, at(2, 12)));
  EXPECT_FALSE(muted_at(active, intervals, at(2, 3)));
  EXPECT_TRUE(muted_at(active, intervals, at(2, 12)));
  EXPECT_FALSE(muted_at(active, intervals, at(7, 12)));
  EXPECT_FALSE(muted_at(root->options(), intervals, at(2, 3)));
}

}  // namespace
}  // namespace vigil::alerting
