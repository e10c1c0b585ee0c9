#pragma once
// The webhook integration: Alertmanager's version "4" JSON message.

#include <string>

#include "alerting/config.h"
#include "alerting/notify/notifier.h"

namespace vigil::alerting::notify {

// The first `max_alerts` alerts (all when 0), the rest counted in
// truncated_alerts; status and common pairs are those of the alerts kept.
Notification truncate_alerts(const Notification& notification, uint64_t max_alerts);

// The body Alertmanager 0.25 posts, byte for byte: encoding/json's output of
// its webhook Message (fields in declaration order, maps sorted by key, '<'
// '>' '&' escaped), ending with the newline json.Encoder writes.
std::string webhook_payload(const Notification& notification);

class WebhookNotifier : public Notifier {
 public:
  explicit WebhookNotifier(WebhookConfig config) : config_(std::move(config)) {}
  Attempt send(const Notification& notification, Deadline deadline, const std::stop_token& stop) override;

 private:
  WebhookConfig config_;
};

}  // namespace vigil::alerting::notify
