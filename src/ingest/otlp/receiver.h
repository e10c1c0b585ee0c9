#pragma once
// The OTLP metrics receiver without a transport: a request in, what was
// stored and what was rejected out. HTTP (http_export.h) and gRPC
// (grpc_server.h) only carry bytes and map the outcome to their status codes.
//
// Outcomes:
//   - success, possibly partial: rejected_points > 0 and a message for OTLP's
//     partial_success (points that could not be translated, or that storage
//     refused: out of order, series limit, ...), the rest stored;
//   - invalid_argument: the request does not decode; nothing stored
//     (HTTP 400, gRPC INVALID_ARGUMENT: the sender must not retry);
//   - unavailable: storage failed; nothing acknowledged, delta totals undone
//     (HTTP 503, gRPC UNAVAILABLE: the sender retries).

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "ingest/otlp/decode.h"
#include "ingest/otlp/delta_converter.h"
#include "ingest/otlp/translator.h"
#include "storage/appender.h"
#include "vigil/metrics/registry.h"

namespace vigil::ingest::otlp {

struct ExportOutcome {
  uint64_t data_points = 0;
  uint64_t samples_appended = 0;
  uint64_t rejected_points = 0;
  std::string message;  // empty when nothing was rejected or worth a warning
};

class MetricsReceiver {
 public:
  // Counts into vigil_otlp_data_points_received_total and
  // vigil_otlp_data_points_rejected_total of `registry`.
  MetricsReceiver(storage::Appender& appender, DeltaConverter& deltas, TranslateOptions options,
                  metrics::Registry& registry);

  Result<ExportOutcome> receive(std::string_view body, Encoding encoding);
  Result<ExportOutcome> receive(const ExportRequest& request);

 private:
  storage::Appender& appender_;
  DeltaConverter& deltas_;
  TranslateOptions options_;
  metrics::Counter& received_;
  metrics::Counter& rejected_;
};

}  // namespace vigil::ingest::otlp
