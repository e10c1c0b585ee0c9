#pragma once
// An alert of an alerting rule as Prometheus keeps it: one per distinct
// label set the rule's expression yields, moving from pending to firing
// after the rule's `for`, and to inactive (resolved) when the expression no
// longer yields it.

#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "storage/labels/label_set.h"

namespace vigil::rules {

enum class AlertState { inactive, pending, firing };
std::string_view to_string(AlertState state) noexcept;

struct Alert {
  // The sample's labels without __name__, then the rule's expanded labels,
  // then alertname: what identifies the alert.
  storage::LabelSet labels;
  std::vector<storage::Label> annotations;  // expanded, in the rule's order
  AlertState state = AlertState::pending;
  double value = 0;
  // Times in ms since the Unix epoch; 0 when not (yet) reached.
  int64_t active_at_ms = 0;
  int64_t fired_at_ms = 0;
  int64_t resolved_at_ms = 0;                                  // meaningful when inactive
  int64_t last_sent_ms = std::numeric_limits<int64_t>::min();  // never sent
  int64_t valid_until_ms = 0;
  int64_t keep_firing_since_ms = 0;
};

}  // namespace vigil::rules
