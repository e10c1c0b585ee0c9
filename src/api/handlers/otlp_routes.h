#pragma once
// OTLP/HTTP metrics receiver (docs/otlp.md).
//
// POST /v1/metrics and POST /api/v1/otlp/v1/metrics (Prometheus 3's path):
//   an ExportMetricsServiceRequest as application/x-protobuf or
//   application/json, optionally gzip-compressed; the answer is OTLP's
//   (ingest/otlp/http_export.h). Served on the main listener and on the
//   dedicated OTLP/HTTP listener alike.

#include <cstdint>

#include "api/http/router.h"
#include "ingest/otlp/receiver.h"

namespace vigil::api {

void add_otlp_routes(Router& router, ingest::otlp::MetricsReceiver& receiver, uint64_t max_message_bytes);

}  // namespace vigil::api
