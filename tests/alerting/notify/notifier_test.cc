// The integrations built from a receiver: names, order and send_resolved.

#include "alerting/notify/notifier.h"

#include <gtest/gtest.h>

namespace vigil::alerting::notify {
namespace {

Result<std::string> as_written(const std::string& text, const Notification&) { return text; }

TEST(BuildIntegrations, NamesAndOrderAsAlertmanager) {
  Receiver receiver{.name = "team-x"};
  receiver.slack_configs.push_back({.api_url = "http://slack"});
  receiver.webhook_configs.push_back({.url = "http://a"});
  receiver.webhook_configs.push_back({.send_resolved = false, .url = "http://b"});
  receiver.email_configs.push_back({.to = "a@b", .smarthost = "localhost:25"});
  receiver.pagerduty_configs.push_back({.routing_key = "k"});
  const auto integrations = build_integrations(receiver, as_written);
  std::vector<std::string> names;
  for (const Integration& integration : integrations) names.push_back(integration.name());
  EXPECT_EQ(names, (std::vector<std::string>{"webhook[0]", "webhook[1]", "email[0]", "pagerduty[0]", "slack[0]"}));
  EXPECT_TRUE(integrations[0].send_resolved());
  EXPECT_FALSE(integrations[1].send_resolved());
  EXPECT_FALSE(integrations[2].send_resolved());  // email's default
  EXPECT_TRUE(integrations[3].send_resolved());   // PagerDuty's default
  EXPECT_FALSE(integrations[4].send_resolved());  // Slack's default
  EXPECT_EQ(integrations[3].kind(), "pagerduty");
}

}  // namespace
}  // namespace vigil::alerting::notify
