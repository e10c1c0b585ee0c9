#include "alerting/dispatch/notify_stages.h"

#include <algorithm>
#include <future>
#include <set>

namespace vigil::alerting {
namespace {

bool in_any(const AlertingConfig& config, const std::vector<std::string>& names, TimePoint now) {
  return std::any_of(names.begin(), names.end(), [&](const std::string& name) {
    const NamedTimeInterval* interval = config.time_interval(name);
    return interval && interval->contains(now);
  });
}

bool is_subset(const std::set<uint64_t>& subset, const std::set<uint64_t>& of) {
  return std::includes(of.begin(), of.end(), subset.begin(), subset.end());
}

// Alertmanager's DedupStage.needsUpdate.
bool needs_update(const std::optional<NotificationLogEntry>& entry, const std::set<uint64_t>& firing,
                  const std::set<uint64_t>& resolved, bool send_resolved, Duration repeat_interval, TimePoint now) {
  // Never notified: only when something fires.
  if (!entry) return !firing.empty();
  if (!is_subset(firing, entry->firing)) return true;
  // Everything resolved: notify (whatever send_resolved says, so the log
  // forgets the firing alerts) unless the receiver never heard of them.
  if (firing.empty()) return !entry->firing.empty();
  if (send_resolved && !is_subset(resolved, entry->resolved)) return true;
  return entry->sent_at < now - repeat_interval;
}

bool notify_one(const StageContext& context, Integration& integration, const GroupNotification& notification,
                Duration repeat_interval, TimePoint deadline, const std::stop_token& stop) {
  std::set<uint64_t> firing, resolved;
  for (const auto& alert : notification.alerts) {
    (alert.resolved_at(notification.now) ? resolved : firing).insert(alert.fingerprint());
  }
  const std::string key =
      notification_log_key(notification.group_key, notification.receiver, integration.name(), integration.index());
  if (!needs_update(context.log.query(key), firing, resolved, integration.send_resolved(), repeat_interval,
                    notification.now)) {
    return true;
  }
  // Without send_resolved, resolved alerts are not sent, and a notification
  // of resolved alerts only is not sent at all (but is logged, so the
  // firing ones are forgotten).
  bool send = true;
  const GroupNotification* sent = &notification;
  GroupNotification firing_only;
  if (!integration.send_resolved()) {
    if (firing.empty()) {
      send = false;
    } else if (!resolved.empty()) {
      firing_only = notification;
      std::erase_if(firing_only.alerts, [&](const Alert& a) { return a.resolved_at(notification.now); });
      sent = &firing_only;
    }
  }
  if (send) {
    auto notified = integration.notify(*sent, deadline, stop);
    if (!notified) {
      context.logger.error("notify failed",
                           {{"receiver", notification.receiver},
                            {"integration", integration.name() + "[" + std::to_string(integration.index()) + "]"},
                            {"group_key", notification.group_key},
                            {"error", notified.error().message}});
      return false;
    }
  }
  if (auto logged = context.log.log(key, {std::move(firing), std::move(resolved), notification.now, {}}); !logged) {
    context.logger.error("cannot write the notification log", {{"error", logged.error().message}});
  }
  return true;
}

}  // namespace

std::vector<Alert> unmuted_alerts(const StageContext& context, const RouteOptions& route, std::vector<Alert> alerts,
                                  TimePoint now) {
  if (!context.config.inhibit_rules.empty()) {
    const std::vector<Alert> current = context.current_alerts();
    std::erase_if(alerts, [&](const Alert& a) { return context.inhibitor.inhibits(a.labels, current, now); });
  }
  if (alerts.empty()) return alerts;
  if (!route.active_time_intervals.empty() && !in_any(context.config, route.active_time_intervals, now)) return {};
  if (in_any(context.config, route.mute_time_intervals, now)) return {};
  if (context.silenced) {
    std::erase_if(alerts, [&](const Alert& a) { return !context.silenced(a.labels, now).empty(); });
  }
  return alerts;
}

bool notify_integrations(const StageContext& context, const Integrations& integrations,
                         const GroupNotification& notification, Duration repeat_interval, TimePoint deadline,
                         const std::stop_token& stop) {
  if (integrations.size() == 1) {
    return notify_one(context, *integrations[0], notification, repeat_interval, deadline, stop);
  }
  // One slow integration does not hold up the others.
  std::vector<std::future<bool>> results;
  results.reserve(integrations.size());
  for (const auto& integration : integrations) {
    results.push_back(std::async(std::launch::async, [&, integration] {
      return notify_one(context, *integration, notification, repeat_interval, deadline, stop);
    }));
  }
  bool all = true;
  for (auto& result : results) all = result.get() && all;
  return all;
}

}  // namespace vigil::alerting
