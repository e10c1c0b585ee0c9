#include "api/http/http_metrics.h"

#include <string>

namespace vigil::api {

HttpMetrics::HttpMetrics(metrics::Registry& registry)
    : in_flight(registry.gauge("vigil_http_requests_in_flight", "HTTP requests being served.").with({})),
      open_connections(registry.gauge("vigil_http_connections_open", "Open HTTP connections.").with({})),
      rejected_connections(registry
                               .counter("vigil_http_connections_rejected_total",
                                        "HTTP connections closed at once because server.limits.max_connections was reached.")
                               .with({})),
      malformed_requests(registry
                             .counter("vigil_http_malformed_requests_total",
                                      "HTTP requests that could not be parsed (bad syntax, oversized headers or body).")
                             .with({})),
      requests_(registry.counter("vigil_http_requests_total", "HTTP requests by handler and status code.",
                                 {"handler", "code"})),
      durations_(registry.histogram("vigil_http_request_duration_seconds",
                                    "Time to serve an HTTP request, by handler.", {"handler"},
                                    metrics::default_buckets(), "seconds")) {}

void HttpMetrics::observe(std::string_view handler, unsigned status, double seconds) {
  requests_.with({handler, std::to_string(status)}).inc();
  durations_.with({handler}).observe(seconds);
}

}  // namespace vigil::api
