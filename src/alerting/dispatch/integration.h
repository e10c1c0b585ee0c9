#pragma once
// One way a receiver is notified (a webhook URL, a Slack channel, a
// PagerDuty service, an email address), as the dispatcher sees it.

#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "alerting/alert.h"
#include "core/error.h"

namespace vigil::alerting {

// One notification of a group's alerts to a receiver.
struct GroupNotification {
  std::string receiver;
  std::string group_key;
  Labels group_labels;
  std::vector<Alert> alerts;  // in Alertmanager's order; ends_at unset for those still firing
  TimePoint now{};
};

class Integration {
 public:
  virtual ~Integration() = default;
  virtual const std::string& name() const = 0;  // "webhook", "slack", "pagerduty", "email"
  virtual int index() const = 0;                // among the receiver's integrations of that name
  virtual bool send_resolved() const = 0;
  // Delivers, retrying as it sees fit until `deadline`; returns promptly
  // once `stop` is requested.
  virtual Result<void> notify(const GroupNotification& notification, TimePoint deadline,
                              const std::stop_token& stop) = 0;
};

using Integrations = std::vector<std::shared_ptr<Integration>>;

}  // namespace vigil::alerting
