#include "alerting/alert_delivery.h"

#include <thread>

#include <gtest/gtest.h>

namespace vigil::alerting {
namespace {

using namespace std::chrono_literals;

class CountingNotifier final : public notify::Notifier {
 public:
  notify::Attempt send(const notify::Notification& notification, notify::Deadline, const std::stop_token&) override {
    std::lock_guard lock(mu_);
    receivers_.push_back(notification.receiver);
    return notify::Attempt::delivered();
  }
  std::vector<std::string> sent() {
    std::lock_guard lock(mu_);
    return receivers_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> receivers_;
};

AlertingConfig config_of(const std::string& yaml) {
  auto config = parse_alerting_config(yaml, "am.yml");
  if (!config) throw std::runtime_error(config.error().message);
  return std::move(*config);
}

TEST(AlertDelivery, PostedAlertsAreRoutedAndAReloadRoutesThemAnew) {
  auto delivery = AlertDelivery::open({}, {}, log::Logger("test", nullptr, log::Level::error, nullptr));
  ASSERT_TRUE(delivery) << delivery.error().message;
  auto owned = std::make_unique<CountingNotifier>();
  CountingNotifier* integration = owned.get();
  const Integrations integrations{std::make_shared<const notify::Integration>("webhook", 0, true, std::move(owned))};
  (*delivery)->apply(config_of("route: {receiver: a, group_wait: 0s}\nreceivers: [{name: a}, {name: b}]\n"),
                     {{"a", integrations}, {"b", integrations}}, "");
  Alert alert;
  alert.labels = {{"alertname", "X"}};
  (*delivery)->post({alert});
  for (int i = 0; i < 200 && integration->sent().empty(); ++i) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(integration->sent(), (std::vector<std::string>{"a"}));
  const auto held = (*delivery)->alerts();
  ASSERT_EQ(held.size(), 1U);
  EXPECT_TRUE(held[0].timeout);
  EXPECT_GT(held[0].ends_at, held[0].starts_at);
  EXPECT_EQ((*delivery)->status(held[0], held[0].starts_at, held).receivers, (std::vector<std::string>{"a"}));

  (*delivery)->apply(config_of("route: {receiver: b, group_wait: 0s}\nreceivers: [{name: a}, {name: b}]\n"),
                     {{"a", integrations}, {"b", integrations}}, "");
  for (int i = 0; i < 200 && integration->sent().size() < 2; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(integration->sent(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ((*delivery)->groups().at(0).receiver, "b");
}

}  // namespace
}  // namespace vigil::alerting
