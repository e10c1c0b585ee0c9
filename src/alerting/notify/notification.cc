#include "alerting/notify/notification.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>

namespace vigil::alerting::notify {
namespace {

// The pairs all `alerts` hold, as Alertmanager's template.Data
// computes CommonLabels and CommonAnnotations.
template <class Get>
Labels common_pairs(const std::vector<NotificationAlert>& alerts, Get get) {
  if (alerts.empty()) return {};
  Labels common = get(alerts.front());
  for (size_t i = 1; i < alerts.size() && !common.empty(); ++i) {
    const Labels& other = get(alerts[i]);
    std::erase_if(common, [&](const auto& pair) {
      const auto it = other.find(pair.first);
      return it == other.end() || it->second != pair.second;
    });
  }
  return common;
}

}  // namespace

size_t Notification::firing_count() const {
  return static_cast<size_t>(std::count_if(alerts.begin(), alerts.end(), [](const auto& a) { return a.firing(); }));
}

size_t Notification::resolved_count() const { return alerts.size() - firing_count(); }

std::vector<NotificationAlert> notification_alerts(std::span<const Alert> alerts, TimePoint now) {
  std::vector<NotificationAlert> out;
  out.reserve(alerts.size());
  for (const Alert& alert : alerts) {
    const bool resolved = alert.resolved_at(now);
    out.push_back({.status = resolved ? "resolved" : "firing",
                   .labels = alert.labels,
                   .annotations = alert.annotations,
                   .starts_at = alert.starts_at,
                   // Alertmanager's dispatcher clears the end of an alert
                   // still firing, so that it does not seem to resolve later.
                   .ends_at = resolved ? alert.ends_at : TimePoint{},
                   .generator_url = alert.generator_url,
                   .fingerprint = fingerprint_text(alert.fingerprint())});
  }
  return out;
}

Notification make_notification(std::string receiver, std::string group_key, Labels group_labels,
                               std::vector<NotificationAlert> alerts, std::string external_url) {
  Notification n;
  n.receiver = std::move(receiver);
  n.group_key = std::move(group_key);
  n.group_labels = std::move(group_labels);
  n.external_url = std::move(external_url);
  return with_alerts(n, std::move(alerts));
}

Notification with_alerts(const Notification& base, std::vector<NotificationAlert> alerts) {
  Notification n;
  n.receiver = base.receiver;
  n.group_key = base.group_key;
  n.group_labels = base.group_labels;
  n.external_url = base.external_url;
  n.truncated_alerts = base.truncated_alerts;
  n.alerts = std::move(alerts);
  n.status =
      std::any_of(n.alerts.begin(), n.alerts.end(), [](const auto& a) { return a.firing(); }) ? "firing" : "resolved";
  n.common_labels = common_pairs(n.alerts, [](const NotificationAlert& a) -> const Labels& { return a.labels; });
  n.common_annotations =
      common_pairs(n.alerts, [](const NotificationAlert& a) -> const Labels& { return a.annotations; });
  return n;
}

std::string go_time_text(TimePoint time) {
  if (time == TimePoint{}) return "0001-01-01T00:00:00Z";
  const auto since_epoch = time.time_since_epoch();
  auto seconds = std::chrono::floor<std::chrono::seconds>(since_epoch);
  const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch - seconds).count();
  const std::time_t t = seconds.count();
  std::tm utc{};
  gmtime_r(&t, &utc);
  std::string text = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                                 utc.tm_hour, utc.tm_min, utc.tm_sec);
  if (nanos != 0) {
    std::string fraction = fmt::format("{:09}", nanos);
    fraction.erase(fraction.find_last_not_of('0') + 1);
    text += '.';
    text += fraction;
  }
  text += 'Z';
  return text;
}

}  // namespace vigil::alerting::notify
