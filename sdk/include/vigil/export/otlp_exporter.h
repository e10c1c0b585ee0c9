#pragma once
// Pushes a Registry's metrics to an OTLP/HTTP receiver (protobuf body,
// POST <endpoint>), as OpenTelemetry's periodic metric reader with the OTLP
// metric exporter does: every export interval one background thread collects
// the registry, converts it to an ExportMetricsServiceRequest with CUMULATIVE
// temporality, queues it and sends the queue with retries. The application
// never waits on the network: it only updates metrics.
//
// What is sent (docs/sdk-otlp.md has the details):
//   counter    -> Sum, monotonic, cumulative, name without "_total"
//   gauge      -> Gauge (also families of unknown type)
//   histogram  -> Histogram, cumulative: explicit_bounds, one count per bucket
//                 (not cumulative over buckets, as OTLP has them), sum, count
//   labels     -> data point attributes; help -> description
//   unit       -> UCUM when the name carries the unit word ("seconds" -> "s",
//                 "bytes" -> "By", "ratio" -> "1" for names ending "_ratio"),
//                 else "{unit}", an annotation that adds no name suffix
// so that a Prometheus-compatible OTLP receiver (Vigil's, Prometheus 3's,
// which append "_total" and unit words) stores the names and labels a scrape
// of the same registry would give. Each point's start_time_unix_nano is the
// exporter's construction time, time_unix_nano the collection time.
//
// Configuration precedence, per setting: the options, then the environment
// as OpenTelemetry defines it, then the default:
//   endpoint   options.endpoint, OTEL_EXPORTER_OTLP_METRICS_ENDPOINT (as is),
//              OTEL_EXPORTER_OTLP_ENDPOINT + "/v1/metrics",
//              "http://localhost:4318/v1/metrics"
//   headers    OTEL_EXPORTER_OTLP_METRICS_HEADERS, then OTEL_EXPORTER_OTLP_HEADERS
//              ("k=v,k2=v2", percent-decoded), each key overridden by options.headers
//   resource   OTEL_RESOURCE_ATTRIBUTES, each key overridden by
//              options.resource_attributes; service.name: the options,
//              OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, "unknown_service"
//
// Errors: the constructor throws std::invalid_argument for an invalid
// configuration (an endpoint that is not http:// or https://, a zero
// interval, timeout or queue size, a header whose name is not an HTTP token
// or whose value has a control character) and, with self_metrics, when the
// registry already has those metrics. Export failures are never thrown: they
// are logged (once when failures start, once on recovery; each dropped
// batch) and counted in stats().

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "vigil/log/logger.h"
#include "vigil/metrics/registry.h"

// `export` is a C++ keyword, so the namespace of vigil/export/ is "exporter".
namespace vigil::exporter {

// Retries of one batch after a connection error, a timeout or HTTP 429, 502,
// 503 or 504. The n-th retry waits initial_backoff * multiplier^(n-1), at most
// max_backoff, spread by +-jitter (a fraction) so that many processes do not
// retry in step; a Retry-After header (seconds or an HTTP date) replaces that
// wait, also at most max_backoff. After max_attempts sends the batch is
// dropped. Any other status is permanent: the batch is dropped at once.
struct RetryPolicy {
  std::chrono::milliseconds initial_backoff{1000};
  std::chrono::milliseconds max_backoff{30000};
  double multiplier = 2;
  double jitter = 0.2;
  int max_attempts = 6;
};

struct OtlpExporterOptions {
  std::string endpoint;                                    // empty: see the precedence above
  std::map<std::string, std::string> headers;              // e.g. {"Authorization", "Bearer ..."}
  std::map<std::string, std::string> resource_attributes;  // e.g. {"service.name", "checkout"}
  std::chrono::milliseconds export_interval{60000};        // OpenTelemetry's default
  std::chrono::milliseconds timeout{10000};                // per HTTP request
  std::size_t max_queue_size = 8;                          // batches; when full the oldest is dropped
  RetryPolicy retry;
  // Registers vigil_sdk_otlp_exported_batches_total,
  // vigil_sdk_otlp_dropped_batches_total and
  // vigil_sdk_otlp_failed_requests_total in the exported registry.
  bool self_metrics = false;
  // How long the destructor gives the final export (see shutdown()).
  std::chrono::milliseconds shutdown_timeout{5000};
  log::Logger logger = log::Logger().child("otlp_exporter");
};

struct OtlpExporterStats {
  uint64_t exported_batches = 0;  // acknowledged with 2xx
  uint64_t dropped_batches = 0;   // queue full, permanent failure, retries exhausted, or left at shutdown
  uint64_t failed_requests = 0;   // every send that did not get 2xx
  std::size_t queued_batches = 0;
};

class OtlpExporter {
 public:
  // Starts the background thread. `registry` must outlive the exporter.
  explicit OtlpExporter(metrics::Registry& registry, OtlpExporterOptions options = {});
  // shutdown(options.shutdown_timeout) unless already shut down.
  ~OtlpExporter();
  OtlpExporter(const OtlpExporter&) = delete;
  OtlpExporter& operator=(const OtlpExporter&) = delete;

  // Collects now and sends everything queued without waiting for a backoff.
  // True when the queue emptied within `timeout` with nothing dropped.
  bool force_flush(std::chrono::milliseconds timeout);

  // Collects a last time, sends what is queued until `timeout` passes (no
  // retries; a request in flight is cut off at the deadline), drops the
  // rest and stops the thread. True when everything was exported. Later
  // calls return the first call's answer; after it the exporter does nothing.
  bool shutdown(std::chrono::milliseconds timeout);

  OtlpExporterStats stats() const;
  // The endpoint after applying the environment and the default.
  const std::string& endpoint() const noexcept;

 private:
  class Loop;
  std::unique_ptr<Loop> loop_;
};

}  // namespace vigil::exporter
