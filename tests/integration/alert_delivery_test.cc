// Alert delivery in the real binary: Vigil's own alerting rules and a real
// Prometheus 2.42 posting to Vigil's Alertmanager v2 API both reach a
// webhook, grouped; silences mute; a restart does not repeat what was sent.

#include <chrono>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/http_client.h"
#include "support/http_sink.h"
#include "support/live_prometheus.h"
#include "support/vigil_process.h"

namespace vigil::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string alerting_section(const HttpSink& sink) {
  return "alerting:\n"
         "  route:\n"
         "    receiver: hook\n"
         "    group_by: [alertname]\n"
         "    group_wait: 0s\n"
         "    group_interval: 1s\n"
         "  receivers:\n"
         "    - name: hook\n"
         "      webhook_configs: [{url: '" +
         sink.url("/hook") + "'}]\n";
}

const char* kRules = R"yaml(groups:
  - name: g
    interval: 1s
    rules:
      - alert: Boom
        expr: vector(1)
        labels: {severity: page}
        annotations: {summary: "v={{ $value }}"}
)yaml";

template <class Predicate>
bool eventually(Predicate predicate, std::chrono::seconds timeout = std::chrono::seconds(20)) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (predicate()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return predicate();
}

TEST(AlertDelivery, RulesNotifyAWebhookOnceAcrossARestart) {
  HttpSink sink;
  TempDir dir;
  dir.write("rules.yml", kRules);
  dir.write("vigil.yml", "rule_files: [rules.yml]\nrules: {evaluation_interval: 1s}\n" + alerting_section(sink));
  const std::string data = (dir.path() / "data").string();
  {
    VigilProcess vigil({"--config", (dir.path() / "vigil.yml").string()}, {}, data);
    ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
    ASSERT_TRUE(eventually([&] { return !sink.requests().empty(); })) << vigil.log();
    const std::string body = sink.requests()[0].body;
    EXPECT_THAT(
        body,
        HasSubstr(
            R"({"receiver":"hook","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"Boom","severity":"page"},"annotations":{"summary":"v=1"},"startsAt":")"));
    EXPECT_THAT(
        body,
        HasSubstr(R"("endsAt":"0001-01-01T00:00:00Z","generatorURL":"/graph?g0.expr=vector%281%29\u0026g0.tab=1")"));
    EXPECT_THAT(body, HasSubstr(R"("groupLabels":{"alertname":"Boom"})"));
    EXPECT_THAT(body, HasSubstr(R"("version":"4","groupKey":"{}:{alertname=\"Boom\"}","truncatedAlerts":0})"));
    auto alerts = http_get(vigil.port(), "/api/v2/alerts");
    ASSERT_TRUE(alerts);
    EXPECT_THAT(alerts->body, HasSubstr(R"("receivers":[{"name":"hook"}])"));
    EXPECT_THAT(alerts->body, HasSubstr(R"("state":"active"})"));
    std::this_thread::sleep_for(std::chrono::seconds(2));
    EXPECT_EQ(sink.requests().size(), 1U);  // nothing changed: no repeat before repeat_interval
    ASSERT_EQ(vigil.stop(SIGTERM), 0) << vigil.log();
  }
  VigilProcess restarted({"--config", (dir.path() / "vigil.yml").string()}, {}, data);
  ASSERT_TRUE(restarted.wait_ready()) << restarted.log();
  ASSERT_TRUE(eventually([&] {
    auto alerts = http_get(restarted.port(), "/api/v2/alerts");
    return alerts && alerts->body.find("Boom") != std::string::npos;
  }));
  std::this_thread::sleep_for(std::chrono::seconds(3));
  EXPECT_EQ(sink.requests().size(), 1U) << "the notification log should stop a repeat after a restart";
  ASSERT_EQ(restarted.stop(SIGTERM), 0) << restarted.log();
}

TEST(AlertDelivery, ASilenceMutesAndTheApiSaysSo) {
  HttpSink sink;
  TempDir dir;
  dir.write("vigil.yml", alerting_section(sink));
  VigilProcess vigil({"--config", (dir.path() / "vigil.yml").string()});
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  auto silenced = post_json(vigil.port(), "/api/v2/silences",
                            R"({"matchers":[{"name":"alertname","value":"Quiet","isRegex":false}],)"
                            R"("startsAt":"2020-01-01T00:00:00Z","endsAt":"2099-01-01T00:00:00Z",)"
                            R"("createdBy":"test","comment":"maintenance"})");
  ASSERT_TRUE(silenced);
  ASSERT_EQ(silenced->status, 200) << silenced->body;
  auto posted =
      post_json(vigil.port(), "/api/v2/alerts",
                R"([{"labels":{"alertname":"Quiet"}},{"labels":{"alertname":"Loud"}},{"labels":{"0bad":"x"}}])");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 400);
  EXPECT_EQ(posted->body, "\"invalid label set: invalid name \\\"0bad\\\"\"\n");
  ASSERT_TRUE(eventually([&] { return !sink.requests().empty(); }));
  std::this_thread::sleep_for(std::chrono::seconds(2));
  ASSERT_EQ(sink.requests().size(), 1U);
  EXPECT_THAT(sink.requests()[0].body, HasSubstr("Loud"));
  EXPECT_THAT(sink.requests()[0].body, Not(HasSubstr("Quiet")));
  auto alerts = http_get(vigil.port(), "/api/v2/alerts?silenced=false");
  ASSERT_TRUE(alerts);
  EXPECT_THAT(alerts->body, Not(HasSubstr("Quiet")));
  auto all = http_get(vigil.port(), "/api/v2/alerts");
  EXPECT_THAT(all->body, HasSubstr(R"("state":"suppressed"})"));
  auto groups = http_get(vigil.port(), "/api/v2/alerts/groups");
  EXPECT_THAT(groups->body, HasSubstr(R"("labels":{"alertname":"Loud"},"receiver":{"name":"hook"}})"));
  EXPECT_EQ(http_get(vigil.port(), "/api/v2/receivers")->body, "[{\"name\":\"hook\"}]\n");
  EXPECT_THAT(http_get(vigil.port(), "/api/v2/status")->body,
              HasSubstr(R"({"cluster":{"peers":[],"status":"disabled"},"config":{"original":")"));
  ASSERT_EQ(vigil.stop(SIGTERM), 0) << vigil.log();
}

TEST(AlertDelivery, ABadAlertingReloadKeepsTheRunningRoutes) {
  HttpSink first, second;
  TempDir dir;
  const std::string config = (dir.path() / "vigil.yml").string();
  dir.write("vigil.yml", alerting_section(first));
  VigilProcess vigil({"--config", config});
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  HttpCall reload;
  reload.method = "POST";
  reload.target = "/-/reload";

  dir.write("vigil.yml", "alerting:\n  route:\n    receiver: nobody\n  receivers:\n    - name: hook\n");
  auto refused = http_request(vigil.port(), reload);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 500);
  EXPECT_THAT(refused->body, HasSubstr("vigil.yml:3: undefined receiver \"nobody\" used in route"));
  ASSERT_EQ(post_json(vigil.port(), "/api/v2/alerts", R"([{"labels":{"alertname":"One"}}])")->status, 200);
  ASSERT_TRUE(eventually([&] { return !first.requests().empty(); }));

  dir.write("vigil.yml", alerting_section(second));
  auto reloaded = http_request(vigil.port(), reload);
  ASSERT_TRUE(reloaded);
  EXPECT_EQ(reloaded->status, 200) << reloaded->body;
  ASSERT_EQ(post_json(vigil.port(), "/api/v2/alerts", R"([{"labels":{"alertname":"Two"}}])")->status, 200);
  ASSERT_TRUE(eventually([&] {
    for (const auto& request : second.requests()) {
      if (request.body.find("\"Two\"") != std::string::npos) return true;
    }
    return false;
  }));
  ASSERT_EQ(vigil.stop(SIGTERM), 0) << vigil.log();
}

TEST(AlertDelivery, PrometheusSendsItsAlertsToVigil) {
  if (!LivePrometheus::installed()) GTEST_SKIP() << "Debian's prometheus is not installed";
  HttpSink sink;
  TempDir dir;
  dir.write("vigil.yml", alerting_section(sink));
  VigilProcess vigil({"--config", (dir.path() / "vigil.yml").string()});
  ASSERT_TRUE(vigil.wait_ready()) << vigil.log();
  const std::string rules = dir.write("rules.yml", kRules);
  // Its first send comes before it has found Vigil; a short resend delay
  // sends again soon.
  LivePrometheus prometheus({"--rules.alert.resend-delay=1s"},
                            "global:\n  scrape_interval: 1h\n  evaluation_interval: 1s\n"
                            "  external_labels: {site: lab}\n"
                            "rule_files: [" +
                                rules +
                                "]\n"
                                "alerting:\n  alertmanagers:\n    - api_version: v2\n      static_configs:\n"
                                "        - targets: ['127.0.0.1:" +
                                std::to_string(vigil.port()) + "']\n");
  ASSERT_TRUE(prometheus.wait_ready()) << prometheus.log();
  ASSERT_TRUE(eventually([&] { return !sink.requests().empty(); }, std::chrono::seconds(30)))
      << prometheus.log() << vigil.log();
  const std::string body = sink.requests()[0].body;
  EXPECT_THAT(
      body,
      HasSubstr(R"("labels":{"alertname":"Boom","severity":"page","site":"lab"},"annotations":{"summary":"v=1"})"));
  EXPECT_THAT(body, HasSubstr(R"("generatorURL":"http://)"));
  EXPECT_THAT(body, HasSubstr(R"("groupKey":"{}:{alertname=\"Boom\"}")"));
  ASSERT_EQ(vigil.stop(SIGTERM), 0) << vigil.log();
}

}  // namespace
}  // namespace vigil::testing
