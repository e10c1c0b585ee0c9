// Vigil's alert delivery held to Debian's Alertmanager 0.25: one
// configuration (webhook receivers, a route tree with every kind of matcher,
// `continue`, `...` grouping, an inhibit rule, an always-active mute
// interval) and one alert stream (new alerts, an unchanged re-post, a
// resolve, an inhibiting alert, a silence) go to both; after every step the
// notifications each receiver got, and the v2 API's alerts and groups, must
// be the same JSON once times, URLs and silence ids are blanked. The first
// notification of each group must reach Vigil's receiver within one
// group_interval of Alertmanager's.

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "core/go_json.h"
#include "core/json_writer.h"
#include "support/http_client.h"
#include "support/http_sink.h"
#include "support/live_alertmanager.h"
#include "support/vigil_process.h"

namespace vigil::testing {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kGroupInterval = std::chrono::seconds(2);
const std::vector<std::string> kReceivers = {"default",   "team-db", "critical", "team-web",
                                             "web-pager", "legacy",  "muted"};

// The Alertmanager configuration both servers read; only the webhook URLs
// differ, each server notifying its own set of sinks.
std::string shared_config(const std::map<std::string, std::unique_ptr<HttpSink>>& sinks) {
  std::string config = R"yaml(route:
  receiver: default
  group_by: [alertname]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 4h
  routes:
    - receiver: team-db
      matchers: ['service="db"', 'env!="dev"']
      group_by: [alertname, instance]
      continue: true
    - receiver: team-web
      match_re: {service: 'web|api'}
      group_by: ['...']
      routes:
        - receiver: web-pager
          matchers: ['severity=~"crit.*"', 'team!~"ops|infra"']
    - receiver: legacy
      match: {team: legacy}
    - receiver: muted
      matchers: [service="batch"]
      mute_time_intervals: [always]
    - receiver: critical
      matchers: [severity="critical", alertname!="NodeDown"]
inhibit_rules:
  - source_matchers: [alertname="NodeDown"]
    target_matchers: [severity="warning"]
    equal: [instance]
time_intervals:
  - name: always
    time_intervals:
      - weekdays: ['sunday:saturday']
receivers:
)yaml";
  for (const auto& name : kReceivers) {
    // One receiver that is not told of resolved alerts.
    const char* send_resolved = name == "legacy" ? "false" : "true";
    config += "  - name: " + name + "\n    webhook_configs: [{url: '" + sinks.at(name)->url("/" + name) +
              "', send_resolved: " + send_resolved + "}]\n";
  }
  return config;
}

std::string rfc3339(std::chrono::system_clock::time_point at) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// `text` as a JSON string.
std::string json_string(std::string_view text) {
  std::string out;
  JsonWriter(out).string(text);
  return out;
}

// `value` written back as compact JSON with what may differ between two
// servers given the same input blanked: times other than Go's zero time,
// externalURL, silence ids; receiver lists sorted.
std::string normalised(const JsonValue& value, const std::string& key = {}) {
  switch (value.kind) {
    case JsonValue::Kind::null:
      return "null";
    case JsonValue::Kind::boolean:
      return value.boolean ? "true" : "false";
    case JsonValue::Kind::number:
      return value.text;
    case JsonValue::Kind::string:
      if ((key == "startsAt" || key == "endsAt" || key == "updatedAt") && value.text != "0001-01-01T00:00:00Z") {
        return "\"<time>\"";
      }
      if (key == "externalURL") return "\"<url>\"";
      if (key == "silencedBy") return "\"<silence id>\"";
      return json_string(value.text);
    case JsonValue::Kind::array: {
      std::vector<std::string> items;
      for (const auto& item : value.items) items.push_back(normalised(item, key));
      if (key == "receivers") std::sort(items.begin(), items.end());
      std::string out;
      JsonWriter writer(out);
      writer.begin_array();
      for (const auto& item : items) writer.raw(item);
      writer.end_array();
      return out;
    }
    case JsonValue::Kind::object: {
      std::string out;
      JsonWriter writer(out);
      writer.begin_object();
      for (const auto& member : value.members) writer.key(member.key).raw(normalised(member.value, member.key));
      writer.end_object();
      return out;
    }
  }
  return {};
}

std::string normalised_body(const std::string& body) {
  auto parsed = read_go_json(body);
  return parsed ? normalised(*parsed) : "unreadable JSON: " + body;
}

const JsonValue* member(const JsonValue& object, const std::string& key) {
  for (const auto& m : object.members) {
    if (m.key == key) return &m.value;
  }
  return nullptr;
}

// What a notification says, briefly, for a readable failure message.
std::string summary(const std::string& body) {
  auto parsed = read_go_json(body);
  if (!parsed) return "unreadable JSON";
  std::string out;
  for (const char* key : {"groupKey", "status"}) {
    if (const JsonValue* value = member(*parsed, key)) out += std::string(key) + "=" + value->text + " ";
  }
  if (const JsonValue* alerts = member(*parsed, "alerts")) {
    for (const auto& alert : alerts->items) {
      const JsonValue* labels = member(alert, "labels");
      const JsonValue* status = member(alert, "status");
      out += "\n      " + (labels ? normalised(*labels) : "?") + " " + (status ? status->text : "?");
    }
  }
  return out;
}

struct Server {
  std::map<std::string, std::unique_ptr<HttpSink>> sinks;  // by receiver name
  int port = 0;

  Server() {
    for (const auto& name : kReceivers) sinks[name] = std::make_unique<HttpSink>();
  }
  size_t notifications() const {
    size_t count = 0;
    for (const auto& [name, sink] : sinks) count += sink->requests().size();
    return count;
  }
  std::vector<std::string> bodies(const std::string& receiver) const {
    std::vector<std::string> out;
    for (const auto& request : sinks.at(receiver)->requests()) out.push_back(request.body);
    return out;
  }
  // The time the first notification of each group (by receiver and group key) arrived.
  std::map<std::string, Clock::time_point> first_arrivals() const {
    std::map<std::string, Clock::time_point> out;
    for (const auto& [name, sink] : sinks) {
      for (const auto& request : sink->requests()) {
        auto parsed = read_go_json(request.body);
        const JsonValue* key = parsed ? member(*parsed, "groupKey") : nullptr;
        if (key) out.emplace(name + " " + key->text, request.received);
      }
    }
    return out;
  }
};

// Waits until neither server has sent anything for 2×group_interval + 1 s
// (group_wait 1 s, then every group_interval): both have flushed what the
// last step changed.
void settle(const Server& a, const Server& b) {
  const auto quiet_for = 2 * kGroupInterval + std::chrono::seconds(1);
  const auto give_up = Clock::now() + std::chrono::seconds(20);
  size_t last = a.notifications() + b.notifications();
  auto changed = Clock::now();
  while (Clock::now() - changed < quiet_for && Clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const size_t now = a.notifications() + b.notifications();
    if (now != last) {
      last = now;
      changed = Clock::now();
    }
  }
}

class AlertmanagerCompare : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!LiveAlertmanager::installed()) GTEST_SKIP() << "Debian's prometheus-alertmanager is not installed";
    alertmanager_ = std::make_unique<LiveAlertmanager>(shared_config(am_.sinks));
    const std::string config_file = dir_.write("alertmanager.yml", shared_config(vigil_.sinks));
    dir_.write("vigil.yml", "alerting:\n  config_file: " + config_file + "\n");
    vigil_process_ =
        std::make_unique<VigilProcess>(std::vector<std::string>{"--config", (dir_.path() / "vigil.yml").string()});
    ASSERT_TRUE(alertmanager_->wait_ready()) << alertmanager_->log();
    ASSERT_TRUE(vigil_process_->wait_ready()) << vigil_process_->log();
    am_.port = alertmanager_->port();
    vigil_.port = vigil_process_->port();
  }

  // The same request to both, Alertmanager first; both must accept it.
  void post_to_both(const std::string& target, const std::string& body) {
    for (const Server* server : {&am_, &vigil_}) {
      auto answer = post_json(server->port, target, body);
      ASSERT_TRUE(answer) << target;
      ASSERT_EQ(answer->status, 200) << target << " on port " << server->port << ": " << answer->body;
    }
  }

  void expect_same_notifications(const std::string& step) {
    settle(am_, vigil_);
    for (const auto& receiver : kReceivers) {
      std::vector<std::string> expected, actual;
      for (const auto& body : am_.bodies(receiver)) expected.push_back(normalised_body(body));
      for (const auto& body : vigil_.bodies(receiver)) actual.push_back(normalised_body(body));
      std::sort(expected.begin(), expected.end());
      std::sort(actual.begin(), actual.end());
      if (expected == actual) continue;
      std::string report;
      for (const auto& body : am_.bodies(receiver)) report += "\n    alertmanager: " + summary(body);
      for (const auto& body : vigil_.bodies(receiver)) report += "\n    vigil:        " + summary(body);
      ADD_FAILURE() << "after " << step << ", receiver " << receiver << " got different notifications:" << report;
      EXPECT_EQ(expected, actual) << "normalised bodies (sorted), receiver " << receiver;
    }
    for (const char* target : {"/api/v2/alerts", "/api/v2/alerts/groups"}) {
      auto expected = http_get(am_.port, target);
      auto actual = http_get(vigil_.port, target);
      ASSERT_TRUE(expected && actual) << target;
      EXPECT_EQ(normalised_body(expected->body), normalised_body(actual->body))
          << "GET " << target << " after " << step;
    }
  }

  void expect_first_notifications_in_time() {
    const auto expected = am_.first_arrivals();
    const auto actual = vigil_.first_arrivals();
    for (const auto& [group, at] : expected) {
      auto it = actual.find(group);
      if (it == actual.end()) continue;  // a missing group is reported by the comparison
      const auto apart = it->second > at ? it->second - at : at - it->second;
      EXPECT_LE(apart, kGroupInterval) << group << ": Vigil's first notification is "
                                       << std::chrono::duration_cast<std::chrono::milliseconds>(apart).count()
                                       << " ms from Alertmanager's";
    }
  }

  TempDir dir_;
  Server am_, vigil_;
  std::unique_ptr<LiveAlertmanager> alertmanager_;
  std::unique_ptr<VigilProcess> vigil_process_;
};

std::string alert(const std::string& labels, const std::string& starts_at, const std::string& ends_at = {}) {
  std::string out = R"({"labels":)" + labels + R"(,"annotations":{"summary":"s"},"startsAt":")" + starts_at + "\"";
  if (!ends_at.empty()) out += R"(,"endsAt":")" + ends_at + "\"";
  return out + R"(,"generatorURL":"http://prometheus/graph"})";
}

std::string silence_of(const std::string& name, const std::string& value, std::chrono::system_clock::time_point now) {
  return R"({"matchers":[{"name":")" + name + R"(","value":")" + value +
         R"(","isRegex":false,"isEqual":true}],"startsAt":")" + rfc3339(now) +
         R"(","endsAt":"2099-01-01T00:00:00Z","createdBy":"test","comment":"compare"})";
}

TEST_F(AlertmanagerCompare, SameNotificationsForTheSameConfigAndAlerts) {
  const auto now = std::chrono::system_clock::now();
  const std::string started = rfc3339(now - std::chrono::minutes(1));
  const std::string db_prod =
      R"({"alertname":"DiskFull","service":"db","env":"prod","instance":"db1","severity":"critical"})";
  const std::string db_dev =
      R"({"alertname":"DiskFull","service":"db","env":"dev","instance":"db2","severity":"warning"})";
  const std::string old_thing = R"({"alertname":"OldThing","team":"legacy"})";
  const std::string node_down = R"({"alertname":"NodeDown","instance":"node1","severity":"critical"})";
  const std::string alerts =
      "[" + alert(db_prod, started) + "," + alert(db_dev, started) + "," +
      alert(R"({"alertname":"HighLatency","service":"web","instance":"web1","severity":"critical","team":"frontend"})",
            started) +
      "," +
      alert(R"({"alertname":"HighLatency","service":"api","instance":"api1","severity":"warning","team":"ops"})",
            started) +
      "," + alert(old_thing, started) + "," + alert(R"({"alertname":"Nightly","service":"batch"})", started) + "," +
      alert(R"({"alertname":"CpuHot","instance":"node1","severity":"warning"})", started) + "," +
      alert(R"({"alertname":"Quiet","severity":"info"})", started) + "]";

  ASSERT_NO_FATAL_FAILURE(post_to_both("/api/v2/silences", silence_of("alertname", "Quiet", now)));
  ASSERT_NO_FATAL_FAILURE(post_to_both("/api/v2/alerts", alerts));
  expect_same_notifications("the first alerts");
  expect_first_notifications_in_time();

  ASSERT_NO_FATAL_FAILURE(post_to_both("/api/v2/alerts", "[" + alert(node_down, started) + "]"));
  expect_same_notifications("an inhibiting alert");
  expect_first_notifications_in_time();

  const std::string ended = rfc3339(now - std::chrono::seconds(10));
  ASSERT_NO_FATAL_FAILURE(post_to_both("/api/v2/alerts", "[" + alert(db_dev, started, ended) + "," +
                                                             alert(db_prod, started) + "," +
                                                             alert(old_thing, started, ended) + "]"));
  expect_same_notifications("resolves and an unchanged re-post");

  // A silence for an alert already notified, and the inhibiting alert resolved.
  ASSERT_NO_FATAL_FAILURE(post_to_both("/api/v2/silences", silence_of("instance", "web1", now)));
  ASSERT_NO_FATAL_FAILURE(post_to_both("/api/v2/alerts", "[" + alert(node_down, started, ended) + "]"));
  expect_same_notifications("a late silence and the end of the inhibition");
  EXPECT_GT(am_.notifications(), 5U) << "the stream should have notified several receivers";
}

}  // namespace
}  // namespace vigil::testing
