#pragma once
// What happens to a group's alerts between a flush and the receiver, as in
// Alertmanager's pipeline: inhibited alerts are dropped, nothing is sent
// outside the route's active time intervals or inside its mute intervals,
// silenced alerts are dropped; then each integration of the receiver is
// notified (in parallel) when the notification log says the group changed
// or its repeat interval has passed, and the notification is logged.

#include <functional>
#include <stop_token>
#include <string>
#include <vector>

#include "alerting/config.h"
#include "alerting/dispatch/integration.h"
#include "alerting/dispatch/notification_log.h"
#include "alerting/inhibit.h"
#include "alerting/route.h"
#include "vigil/log/logger.h"

namespace vigil::alerting {

// The ids of the silences muting an alert with these labels at `now`.
using SilenceCheck = std::function<std::vector<std::string>(const Labels& labels, TimePoint now)>;

struct StageContext {
  const AlertingConfig& config;  // time intervals
  const Inhibitor& inhibitor;
  std::function<std::vector<Alert>()> current_alerts;  // for inhibition
  const SilenceCheck& silenced;                        // may be empty
  NotificationLog& log;
  const log::Logger& logger;
};

// The alerts left after inhibition, time intervals and silences; empty when
// nothing is to be sent now.
std::vector<Alert> unmuted_alerts(const StageContext& context, const RouteOptions& route, std::vector<Alert> alerts,
                                  TimePoint now);

// A group's alerts to notify at `now` (sorted, the end of firing ones
// cleared), with the receiver and group they go to.
struct GroupAlerts {
  std::string receiver;
  std::string group_key;
  Labels group_labels;
  std::vector<Alert> alerts;
  TimePoint now{};
};

// Notifies each integration that needs it; true when every one that needed
// it was notified (or had nothing to send).
bool notify_integrations(const StageContext& context, const Integrations& integrations, const GroupAlerts& group,
                         const std::string& external_url, Duration repeat_interval, TimePoint deadline,
                         const std::stop_token& stop);

}  // namespace vigil::alerting
