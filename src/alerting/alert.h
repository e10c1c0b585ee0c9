#pragma once
// An alert as Alertmanager holds it: labels (its identity), annotations, the
// time range it is firing for, and when it was last received.

#include <chrono>
#include <cstdint>
#include <string>

#include "alerting/labels.h"

namespace vigil::alerting {

using TimePoint = std::chrono::system_clock::time_point;

// The wall-clock time that alerts, silences and notifications are stamped with.
inline TimePoint wall_clock_now() { return std::chrono::system_clock::now(); }

struct Alert {
  Labels labels;
  Labels annotations;
  TimePoint starts_at{};
  TimePoint ends_at{};  // the zero time point: not set (firing until resolved)
  TimePoint updated_at{};
  std::string generator_url;
  // ends_at was filled in from resolve_timeout, not sent by the client; such
  // an end does not override a later re-post (Alertmanager's Alert.Timeout).
  bool timeout = false;

  uint64_t fingerprint() const { return alerting::fingerprint(labels); }
  // Resolved when an end is set and it is not after `now`.
  bool resolved_at(TimePoint now) const { return ends_at != TimePoint{} && ends_at <= now; }
};

// Alertmanager's Alert.Merge for two posts of one alert: the more recently
// updated one wins, except that the earliest start is kept and a later end
// wins (among resolved ones, or when not set by the timeout). `now` decides
// what counts as resolved.
Alert merge(const Alert& a, const Alert& b, TimePoint now);

}  // namespace vigil::alerting
