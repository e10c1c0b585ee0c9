// Alertmanager 0.25 itself as the oracle for the webhook body: the same
// alerts are posted to a real Alertmanager whose webhook points at a local
// sink, and its body must be the one Vigil writes for that group, byte for
// byte. Skipped when /usr/bin/prometheus-alertmanager is absent (Debian's
// prometheus-alertmanager, installed by scripts/setup).

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <boost/asio/ip/tcp.hpp>

#include "alerting/notify/http_post.h"
#include "support/http_sink.h"
#include "alerting/notify/sample_notification.h"
#include "alerting/notify/webhook.h"
#include "support/background_process.h"

namespace vigil::alerting::notify {
namespace {

using namespace std::chrono_literals;

constexpr const char* kAlertmanager = "/usr/bin/prometheus-alertmanager";

int free_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

TEST(AlertmanagerOracle, WebhookBodyMatchesAlertmanagers) {
  if (!std::filesystem::exists(kAlertmanager)) GTEST_SKIP() << kAlertmanager << " not installed";
  setenv("TZ", "UTC", 1);  // Alertmanager writes times in its local zone

  vigil::testing::HttpSink sink;
  const auto dir = std::filesystem::temp_directory_path() / ("vigil-am-oracle-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string config = (dir / "alertmanager.yml").string();
  std::ofstream(config) << "route:\n  receiver: team-x\n  group_by: [alertname]\n  group_wait: 2s\n"
                           "  group_interval: 1h\nreceivers:\n- name: team-x\n  webhook_configs:\n  - url: "
                        << sink.url("/hook") << "\n";
  const int port = free_port();
  const std::string external_url = "http://vigil.example:9093";
  vigil::testing::BackgroundProcess alertmanager(
      {kAlertmanager, "--config.file=" + config, "--storage.path=" + (dir / "data").string(),
       "--web.listen-address=127.0.0.1:" + std::to_string(port),
       "--cluster.listen-address=", "--web.external-url=" + external_url},
      (dir / "alertmanager.log").string());

  // Ready once it accepts an empty list of alerts.
  const auto post = [&](const std::string& body) {
    for (int i = 0; i < 100; ++i) {
      auto answer = http_post({},
                              {.url = "http://127.0.0.1:" + std::to_string(port) + "/api/v2/alerts",
                               .body = body,
                               .headers = {{"Content-Type", "application/json"}}},
                              std::chrono::steady_clock::now() + 2s, {});
      if (answer && answer->status == 200) return true;
      std::this_thread::sleep_for(100ms);
    }
    return false;
  };
  ASSERT_TRUE(post("[]")) << alertmanager.log();

  // Alerts that start now (so that group_wait holds the flush until both are
  // in), one firing until an explicit end, one already resolved.
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  Alert firing{.labels = {{"alertname", "HighLatency"}, {"env", "prod"}, {"instance", "a:9090"}},
               .annotations = {{"summary", "p99 > 1s <b>&"}, {"runbook", "r1"}},
               .starts_at = now + 123456789ns,
               .ends_at = now + 1h,
               .generator_url = "http://prom:9090/graph?g0.expr=x&g0.tab=1"};
  Alert resolved{.labels = {{"alertname", "HighLatency"}, {"env", "prod"}, {"instance", "b:9090"}},
                 .annotations = {{"summary", "p99 > 1s <b>&"}, {"runbook", "r2"}},
                 .starts_at = now - 1s,
                 .ends_at = now + 500ms,
                 .generator_url = "http://prom:9090/graph"};
  std::string alerts = "[";
  for (const Alert* alert : {&firing, &resolved}) {
    if (alerts.size() > 1) alerts += ',';
    std::string labels = "{", annotations = "{";
    for (const auto& [name, value] : alert->labels)
      labels += (labels.size() > 1 ? ",\"" : "\"") + name + "\":\"" + value + "\"";
    for (const auto& [name, value] : alert->annotations)
      annotations += (annotations.size() > 1 ? ",\"" : "\"") + name + "\":\"" + value + "\"";
    alerts += R"({"labels":)" + labels + R"(},"annotations":)" + annotations + R"(},"startsAt":")" +
              go_time_text(alert->starts_at) + R"(","endsAt":")" + go_time_text(alert->ends_at) +
              R"(","generatorURL":")" + alert->generator_url + R"("})";
  }
  alerts += "]";

  ASSERT_TRUE(post(alerts)) << alertmanager.log();

  for (int i = 0; i < 150 && sink.requests().empty(); ++i) std::this_thread::sleep_for(100ms);
  const auto requests = sink.requests();
  ASSERT_FALSE(requests.empty()) << "no notification from Alertmanager\n" << alertmanager.log();
  const auto& got = requests.front();

  // Alertmanager decides "resolved" when it flushes, after the resolved
  // alert's end, and clears the end of the firing one.
  const Alert both[] = {firing, resolved};
  const Notification vigil =
      make_notification("team-x", R"({}:{alertname="HighLatency"})", {{"alertname", "HighLatency"}},
                        notification_alerts(both, now + 2s), external_url);
  const std::string expected = webhook_payload(vigil);
  EXPECT_EQ(got.body, expected);
  for (const char* field : {R"("status":"firing","alerts")", R"("version":"4")", R"("truncatedAlerts":0)",
                            R"("endsAt":"0001-01-01T00:00:00Z")"}) {
    const bool in_alertmanagers = got.body.find(field) != std::string::npos;
    EXPECT_EQ(in_alertmanagers, expected.find(field) != std::string::npos) << field;
  }
  EXPECT_EQ(got.header("content-type"), "application/json");
  EXPECT_TRUE(got.header("user-agent").starts_with("Alertmanager/")) << got.header("user-agent");

  alertmanager.stop(5s);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace vigil::alerting::notify
