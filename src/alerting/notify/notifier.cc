#include "alerting/notify/notifier.h"

#include <fmt/format.h>

#include "alerting/notify/email.h"
#include "alerting/notify/pagerduty.h"
#include "alerting/notify/slack.h"
#include "alerting/notify/webhook.h"

namespace vigil::alerting::notify {

Integration::Integration(std::string kind, size_t index, bool send_resolved, std::unique_ptr<Notifier> notifier)
    : kind_(std::move(kind)),
      name_(fmt::format("{}[{}]", kind_, index)),
      send_resolved_(send_resolved),
      notifier_(std::move(notifier)) {}

Delivery Integration::notify(const Notification& notification, Deadline deadline, const std::stop_token& stop) const {
  const Notification* to_send = &notification;
  Notification firing_only;
  if (!send_resolved_) {
    // Alertmanager's RetryStage: a notification of resolved alerts only is
    // reported as done without sending; otherwise the resolved ones are
    // left out.
    if (!notification.firing()) return Delivery{.delivered = true, .skipped = true};
    if (notification.resolved_count() > 0) {
      std::vector<NotificationAlert> firing;
      for (const NotificationAlert& alert : notification.alerts)
        if (alert.firing()) firing.push_back(alert);
      firing_only = with_alerts(notification, std::move(firing));
      to_send = &firing_only;
    }
  }
  Delivery delivery = deliver(
      [&](Deadline attempt_deadline) { return notifier_->send(*to_send, attempt_deadline, stop); }, deadline, stop);
  if (!delivery.delivered && !delivery.last_error.empty())
    delivery.last_error =
        fmt::format("{}: notify retry canceled after {} attempts: {}", name_, delivery.attempts, delivery.last_error);
  return delivery;
}

std::vector<Integration> build_integrations(const Receiver& receiver, const ExpandText& expand) {
  std::vector<Integration> out;
  for (size_t i = 0; i < receiver.webhook_configs.size(); ++i) {
    const WebhookConfig& c = receiver.webhook_configs[i];
    out.emplace_back("webhook", i, c.send_resolved, std::make_unique<WebhookNotifier>(c));
  }
  for (size_t i = 0; i < receiver.email_configs.size(); ++i) {
    const EmailConfig& c = receiver.email_configs[i];
    out.emplace_back("email", i, c.send_resolved, std::make_unique<EmailNotifier>(c, expand));
  }
  for (size_t i = 0; i < receiver.pagerduty_configs.size(); ++i) {
    const PagerdutyConfig& c = receiver.pagerduty_configs[i];
    out.emplace_back("pagerduty", i, c.send_resolved, std::make_unique<PagerdutyNotifier>(c, expand));
  }
  for (size_t i = 0; i < receiver.slack_configs.size(); ++i) {
    const SlackConfig& c = receiver.slack_configs[i];
    out.emplace_back("slack", i, c.send_resolved, std::make_unique<SlackNotifier>(c, expand));
  }
  return out;
}

}  // namespace vigil::alerting::notify
