#pragma once
// The notification most notifier tests send: two alerts of one group, one
// firing and one resolved, with characters JSON must escape.

#include <chrono>

#include "alerting/notify/notification.h"

namespace vigil::alerting::notify::testing {

// 2026-12-06T09:00:00Z plus the given seconds and nanoseconds.
inline TimePoint at(int64_t seconds_after_nine, int64_t nanos = 0) {
  return TimePoint(std::chrono::seconds(1796547600 + seconds_after_nine)) +
         std::chrono::duration_cast<TimePoint::duration>(std::chrono::nanoseconds(nanos));
}

inline const char* kGroupKey = R"({}/{env="prod"}:{alertname="HighLatency"})";

inline std::vector<Alert> sample_alerts() {
  Alert firing{.labels = {{"alertname", "HighLatency"}, {"env", "prod"}, {"instance", "a:9090"}},
               .annotations = {{"summary", "p99 > 1s <b>&"}, {"runbook", "r1"}},
               .starts_at = at(0, 500'000'000),
               .generator_url = "http://prom:9090/graph?g0.expr=x&g0.tab=1"};
  Alert resolved{.labels = {{"alertname", "HighLatency"}, {"env", "prod"}, {"instance", "b:9090"}},
                 .annotations = {{"summary", "p99 > 1s <b>&"}, {"runbook", "r2"}},
                 .starts_at = at(-3600),
                 .ends_at = at(600, 123'456'789),
                 .generator_url = "http://prom:9090/graph"};
  return {firing, resolved};
}

inline Notification sample_notification() {
  return make_notification("team-x", kGroupKey, {{"alertname", "HighLatency"}},
                           notification_alerts(sample_alerts(), at(1200)), "http://vigil.example:9093");
}

}  // namespace vigil::alerting::notify::testing
