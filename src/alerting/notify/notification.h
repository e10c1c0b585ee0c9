#pragma once
// What one notification says about one group of alerts: the data that
// Alertmanager's templates see (template.Data) and that its webhook sends.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "alerting/alert.h"
#include "alerting/labels.h"

namespace vigil::alerting::notify {

struct NotificationAlert {
  std::string status;  // "firing" or "resolved"
  Labels labels;
  Labels annotations;
  TimePoint starts_at{};
  TimePoint ends_at{};  // the zero time point: not set
  std::string generator_url;
  std::string fingerprint;  // 16 hex digits

  bool firing() const { return status == "firing"; }
};

struct Notification {
  std::string receiver;
  std::string status;  // "firing" when any alert fires, else "resolved"
  std::vector<NotificationAlert> alerts;
  Labels group_labels;
  Labels common_labels;       // the pairs all alerts share
  Labels common_annotations;  // likewise
  std::string external_url;
  std::string group_key;
  uint64_t truncated_alerts = 0;  // left out by a webhook's max_alerts

  bool firing() const { return status == "firing"; }
  size_t firing_count() const;
  size_t resolved_count() const;
};

// The alerts of a group as they stand at `now`, in the order given (the
// dispatcher sorts them). A firing alert's end is cleared (the zero time),
// as Alertmanager's dispatcher clears it when it flushes a group.
std::vector<NotificationAlert> notification_alerts(std::span<const Alert> alerts, TimePoint now);

// A notification of `alerts`, with the status and common labels and
// annotations computed over them.
Notification make_notification(std::string receiver, std::string group_key, Labels group_labels,
                               std::vector<NotificationAlert> alerts, std::string external_url);

// The same notification for a subset of its alerts: status and common
// pairs are recomputed over those, as Alertmanager computes them after
// truncating or dropping resolved alerts.
Notification with_alerts(const Notification& base, std::vector<NotificationAlert> alerts);

// A time as Go's encoding/json writes a time.Time in UTC: RFC 3339 with the
// fraction's trailing zeros removed; the zero time point is Go's zero time,
// "0001-01-01T00:00:00Z".
std::string go_time_text(TimePoint time);

}  // namespace vigil::alerting::notify
