#pragma once
// The notifiers of a receiver, as the dispatcher calls them with one
// group's notification: one per integration (webhook_configs[0], ...), each
// honouring its send_resolved and retrying until the deadline.

#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "alerting/config.h"
#include "alerting/notify/deadline.h"
#include "alerting/notify/expand.h"
#include "alerting/notify/notification.h"
#include "alerting/notify/retry.h"

namespace vigil::alerting::notify {

// One integration: sends one attempt and says whether to retry.
class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual Attempt send(const Notification& notification, Deadline deadline, const std::stop_token& stop) = 0;
};

class Integration {
 public:
  // `kind` and `index` name it as Alertmanager does: "webhook", 0 -> webhook[0].
  Integration(std::string kind, size_t index, bool send_resolved, std::unique_ptr<Notifier> notifier);

  // Sends `notification` unless it holds only resolved alerts and
  // send_resolved is false (skipped); with send_resolved false, resolved
  // alerts are left out of a firing notification.
  Delivery notify(const Notification& notification, Deadline deadline, const std::stop_token& stop) const;

  const std::string& name() const { return name_; }  // "webhook[0]"
  const std::string& kind() const { return kind_; }
  bool send_resolved() const { return send_resolved_; }

 private:
  std::string kind_, name_;
  bool send_resolved_;
  std::unique_ptr<Notifier> notifier_;
};

// The integrations of `receiver`, in Alertmanager's order (webhook, email,
// pagerduty, slack, each in configuration order). Every configuration the
// reader accepts can be built, so this cannot fail.
std::vector<Integration> build_integrations(const Receiver& receiver, const ExpandText& expand);

}  // namespace vigil::alerting::notify
