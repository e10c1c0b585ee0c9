// Alertmanager 0.25 itself as the oracle for the webhook body: the same
// alerts are posted to a real Alertmanager whose webhook points at a local
// sink, and its body must be the one Vigil writes for that group, byte for
// byte. Skipped when /usr/bin/prometheus-alertmanager is absent (Debian's
// prometheus-alertmanager, installed by scripts/setup).

#include <gtest/gtest.h>

#include <thread>

#include "alerting/notify/alertmanager_oracle.h"
#include "support/http_sink.h"
#include "alerting/notify/webhook.h"

namespace vigil::alerting::notify {
namespace {

using namespace std::chrono_literals;

TEST(AlertmanagerOracle, WebhookBodyMatchesAlertmanagers) {
  if (!testing::AlertmanagerOracle::installed()) GTEST_SKIP() << testing::kAlertmanagerBinary << " not installed";

  vigil::testing::HttpSink sink;
  testing::AlertmanagerOracle alertmanager;
  const std::string config =
      alertmanager.write("alertmanager.yml",
                         "route:\n  receiver: team-x\n  group_by: [alertname]\n  group_wait: 2s\n"
                         "  group_interval: 1h\nreceivers:\n- name: team-x\n  webhook_configs:\n  - url: " +
                             sink.url("/hook") + "\n");
  ASSERT_TRUE(alertmanager.start(config)) << alertmanager.log();
  const std::string external_url = testing::kOracleExternalUrl;

  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const std::vector<Alert> both = testing::oracle_alerts(now);
  ASSERT_TRUE(alertmanager.post(both)) << alertmanager.log();

  for (int i = 0; i < 150 && sink.requests().empty(); ++i) std::this_thread::sleep_for(100ms);
  const auto requests = sink.requests();
  ASSERT_FALSE(requests.empty()) << "no notification from Alertmanager\n" << alertmanager.log();
  const auto& got = requests.front();

  // Alertmanager decides "resolved" when it flushes, after the resolved
  // alert's end, and clears the end of the firing one.
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
}

}  // namespace
}  // namespace vigil::alerting::notify
