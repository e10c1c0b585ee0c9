#include "alerting/dispatch/notify_stages.h"

#include <algorithm>
#include <future>
#include <set>

namespace vigil::alerting {
namespace {

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

bool notify_one(const StageContext& context, const notify::Integration& integration, const GroupAlerts& group,
                const notify::Notification& notification, Duration repeat_interval, notify::Deadline deadline,
                const std::stop_token& stop) {
  std::set<uint64_t> firing, resolved;
  for (const auto& alert : group.alerts) (alert.resolved_at(group.now) ? resolved : firing).insert(alert.fingerprint());
  const std::string key = notification_log_key(group.group_key, group.receiver, integration.name());
  if (!needs_update(context.log.query(key), firing, resolved, integration.send_resolved(), repeat_interval,
                    group.now)) {
    return true;
  }
  // A notification of resolved alerts only is skipped without
  // send_resolved, but still logged, so that the firing ones are forgotten.
  const notify::Delivery delivery = integration.notify(notification, deadline, stop);
  if (!delivery.delivered && !delivery.skipped) {
    context.logger.error("notify failed", {{"receiver", group.receiver},
                                           {"integration", integration.name()},
                                           {"group_key", group.group_key},
                                           {"attempts", delivery.attempts},
                                           {"error", delivery.last_error}});
    return false;
  }
  if (auto logged = context.log.log(key, {std::move(firing), std::move(resolved), group.now, {}}); !logged) {
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
  if (muted_at(route, context.config.time_intervals, now)) return {};
  if (context.silenced) {
    std::erase_if(alerts, [&](const Alert& a) { return !context.silenced(a.labels, now).empty(); });
  }
  return alerts;
}

bool notify_integrations(const StageContext& context, const Integrations& integrations, const GroupAlerts& group,
                         const std::string& external_url, Duration repeat_interval, TimePoint deadline,
                         const std::stop_token& stop) {
  const notify::Notification notification =
      notify::make_notification(group.receiver, group.group_key, group.group_labels,
                                notify::notification_alerts(group.alerts, group.now), external_url);
  // Deadlines are kept on the steady clock, which wall clock steps do not move.
  const notify::Deadline steady_deadline =
      std::chrono::steady_clock::now() +
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(deadline - std::chrono::system_clock::now());
  if (integrations.size() == 1) {
    return notify_one(context, *integrations[0], group, notification, repeat_interval, steady_deadline, stop);
  }
  // One slow integration does not hold up the others.
  std::vector<std::future<bool>> results;
  results.reserve(integrations.size());
  for (const auto& integration : integrations) {
    results.push_back(std::async(std::launch::async, [&, integration] {
      return notify_one(context, *integration, group, notification, repeat_interval, steady_deadline, stop);
    }));
  }
  bool all = true;
  for (auto& result : results) all = result.get() && all;
  return all;
}

}  // namespace vigil::alerting
