#pragma once
// Where alerting rules send their firing and resolved alerts: Vigil's own
// alert delivery, or any Alertmanager. The rules know nothing of routing.

#include <cstdint>
#include <string>
#include <vector>

#include "storage/labels/label_set.h"

namespace vigil::rules {

// An alert as Prometheus posts it to Alertmanager.
struct OutgoingAlert {
  storage::LabelSet labels;  // the alert's labels plus the external labels it lacks
  std::vector<storage::Label> annotations;
  int64_t starts_at_ms = 0;  // when it started firing
  int64_t ends_at_ms = 0;    // when it resolved, or until when it is valid if it has not
  std::string generator_url;
};

class AlertSink {
 public:
  virtual ~AlertSink() = default;
  // Must not block for long: the group's evaluation waits for it.
  virtual void send(std::vector<OutgoingAlert> alerts) = 0;
};

}  // namespace vigil::rules
