#pragma once
// The server's own HTTP metrics.

#include <string_view>

#include "vigil/metrics/registry.h"

namespace vigil::api {

class HttpMetrics {
 public:
  explicit HttpMetrics(metrics::Registry& registry);

  // `handler` is the route pattern, or "other" for unmatched paths.
  void observe(std::string_view handler, unsigned status, double seconds);

  metrics::Gauge& in_flight;
  metrics::Gauge& open_connections;
  metrics::Counter& rejected_connections;
  metrics::Counter& malformed_requests;

 private:
  metrics::Family<metrics::Counter>& requests_;
  metrics::Family<metrics::Histogram>& durations_;
};

}  // namespace vigil::api
