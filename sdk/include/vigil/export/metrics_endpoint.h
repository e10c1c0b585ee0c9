#pragma once
// An embeddable /metrics HTTP endpoint: a small HTTP/1.1 server on one
// background thread that answers scrapes of a metrics::Registry.
//
// GET (and HEAD) of the configured path answers the Prometheus text format
// 0.0.4 or OpenMetrics 1.0, chosen from the Accept header by
// exposition::negotiate. Other paths answer 404, other methods 405 with
// "Allow: GET, HEAD". Connections are kept alive (HTTP/1.1 default). The
// thread never blocks on one client: sockets are non-blocking, a request's
// header is bounded (431 beyond max_request_bytes), every connection must
// finish a request within connection_timeout, and beyond max_connections a
// new connection gets 503 and is closed.
//
// The namespace is "exporter" because "export" is a C++ keyword.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>

#include "vigil/metrics/registry.h"

namespace vigil::exporter {

struct MetricsEndpointOptions {
  // A numeric IPv4 or IPv6 address. Loopback by default so that embedding
  // the endpoint never exposes metrics to the network by accident; "0.0.0.0"
  // or "::" listens on every interface.
  std::string address = "127.0.0.1";
  // 0 picks a free port; MetricsEndpoint::port() tells which.
  uint16_t port = 0;
  // The path that serves the metrics; a query string is ignored.
  std::string path = "/metrics";
  // The request line and headers together; a request has no body.
  std::size_t max_request_bytes = 8192;
  std::size_t max_connections = 64;
  // How long a connection may take to send a request and read the answer,
  // counted from its accept or its previous answer (so it is also the
  // keep-alive idle limit). Bounds slow and idle clients.
  std::chrono::milliseconds connection_timeout{30'000};
};

class MetricsEndpoint {
 public:
  // Listens and starts the serving thread. Errors (a bad address, the port in
  // use, no thread) are returned as a message, never thrown. The registry
  // must outlive the endpoint.
  [[nodiscard]] static std::expected<std::unique_ptr<MetricsEndpoint>, std::string> start(
      const metrics::Registry& registry, MetricsEndpointOptions options = {});

  // Stops the thread and closes the listener and every connection; a scrape
  // in progress is cut off.
  ~MetricsEndpoint();
  MetricsEndpoint(const MetricsEndpoint&) = delete;
  MetricsEndpoint& operator=(const MetricsEndpoint&) = delete;

  // The port actually bound (the chosen one when options.port was 0).
  uint16_t port() const noexcept;

 private:
  struct State;
  explicit MetricsEndpoint(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace vigil::exporter
