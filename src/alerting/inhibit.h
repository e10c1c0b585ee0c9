#pragma once
// Inhibition as Alertmanager 0.25 decides it: an alert matching a rule's
// target side is muted while a firing alert matches its source side and has
// the same values (absent = empty) for the rule's `equal` labels. An alert
// that matches both sides of a rule is only inhibited by source alerts that
// do not match the target side too, so such alerts cannot mute each other.

#include <cstdint>
#include <optional>
#include <vector>

#include "alerting/alert.h"
#include "alerting/config.h"

namespace vigil::alerting {

class Inhibitor {
 public:
  explicit Inhibitor(std::vector<InhibitRule> rules) : rules_(std::move(rules)) {}

  // The fingerprint of an alert that inhibits one with `labels`, among
  // `alerts` (the alerts currently known; resolved ones at `now` do not
  // count), or nullopt. The first such alert in `alerts` order is named.
  std::optional<uint64_t> inhibited_by(const Labels& labels, const std::vector<Alert>& alerts, TimePoint now) const;

  bool inhibits(const Labels& labels, const std::vector<Alert>& alerts, TimePoint now) const {
    return inhibited_by(labels, alerts, now).has_value();
  }

 private:
  std::vector<InhibitRule> rules_;
};

}  // namespace vigil::alerting
