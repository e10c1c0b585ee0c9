#pragma once
// The PagerDuty integration: Events API v2 (routing_key) and v1
// (service_key), the JSON Alertmanager 0.25 sends, deduplicated by the
// SHA-256 of the group key.

#include <map>
#include <string>

#include "alerting/config.h"
#include "alerting/notify/notifier.h"

namespace vigil::alerting::notify {

// A PagerDuty configuration's texts, expanded for one notification.
struct PagerdutyMessage {
  std::string routing_key, service_key;  // one of them is set
  std::string client, client_url, description, source, severity, event_class, component, group;
  std::map<std::string, std::string> details;
};

inline constexpr size_t kPagerdutyMaxSummaryRunes = 1024;
inline constexpr size_t kPagerdutyMaxEventBytes = 512000;
// Alertmanager posts v1 events here whatever `url` says.
inline constexpr const char* kPagerdutyV1Url = "https://events.pagerduty.com/generic/2010-04-15/create_event.json";

// Keys from their files, texts expanded; source defaults to the client and
// severity to "error", as Alertmanager's.
Result<PagerdutyMessage> expand_pagerduty(const PagerdutyConfig& config, const Notification& notification,
                                          const ExpandText& expand);

// Alertmanager's notify.Key.Hash(): the lower-case hex SHA-256 of the key.
std::string pagerduty_dedup_key(std::string_view group_key);

// The v2 event ("trigger", or "resolve" for a resolved notification),
// summary cut to 1024 runes; custom details replaced by an "error" note when
// the event would exceed 512 KB, as Alertmanager does.
std::string pagerduty_v2_payload(const PagerdutyMessage& message, const Notification& notification);
// The v1 event (client and client_url only when triggering).
std::string pagerduty_v1_payload(const PagerdutyMessage& message, const Notification& notification);

class PagerdutyNotifier : public Notifier {
 public:
  PagerdutyNotifier(PagerdutyConfig config, ExpandText expand)
      : config_(std::move(config)), expand_(std::move(expand)) {}
  Attempt send(const Notification& notification, Deadline deadline, const std::stop_token& stop) override;

 private:
  bool v1() const { return !config_.service_key.empty() || !config_.service_key_file.empty(); }

  PagerdutyConfig config_;
  ExpandText expand_;
};

}  // namespace vigil::alerting::notify
