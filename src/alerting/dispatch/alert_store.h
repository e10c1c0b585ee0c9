#pragma once
// The alerts Vigil's alert delivery knows, by fingerprint, as Alertmanager's
// in-memory provider keeps them: a re-posted alert is merged with the one
// held when their activity overlaps, and resolved alerts are dropped by a
// periodic collection. Every stored alert is passed to the listener (the
// dispatcher). Thread-safe.

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "alerting/alert.h"
#include "core/duration.h"

namespace vigil::alerting {

class AlertStore {
 public:
  using Listener = std::function<void(const Alert&)>;

  // Stores each alert (merged with the one held where their times overlap)
  // and hands the stored alert to the listener, outside the store's lock.
  void put(std::vector<Alert> alerts, TimePoint now);

  std::vector<Alert> list() const;
  std::optional<Alert> get(uint64_t fingerprint) const;

  // Drops the alerts resolved at `now`; returns how many.
  size_t collect_resolved(TimePoint now);

  // The listener of every alert stored from now on; set before any put().
  void set_listener(Listener listener);

 private:
  mutable std::mutex mu_;
  std::unordered_map<uint64_t, Alert> alerts_;
  Listener listener_;
};

// What Alertmanager's API does to a posted alert before storing it: the
// update time is now, a missing start is the end (or now), and a missing end
// is now + resolve_timeout, marked as a timeout that a later post overrides.
void prepare_posted_alert(Alert& alert, TimePoint now, Duration resolve_timeout);

}  // namespace vigil::alerting
