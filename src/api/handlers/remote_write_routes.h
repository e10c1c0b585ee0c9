#pragma once
// Prometheus remote write 1.0 receiver (docs/remote-write.md).
//
// POST /api/v1/write: a snappy-compressed prometheus.WriteRequest; 204 when
//   every sample was appended, else a plain-text reason with the status the
//   receiver chose (400, 413, 415, 500; see ingest/remote_write/receiver.h).
//
// Counts samples in vigil_remote_write_samples_received_total,
// vigil_remote_write_samples_appended_total and
// vigil_remote_write_samples_rejected_total{reason}.

#include "api/http/router.h"
#include "config/config.h"
#include "storage/appender.h"
#include "vigil/metrics/registry.h"

namespace vigil::api {

// `limits` are storage's: series are validated against them before anything
// of a request is appended.
void add_remote_write_routes(Router& router, storage::Appender& appender, const config::StorageLimitsConfig& limits,
                             metrics::Registry& registry);

}  // namespace vigil::api
