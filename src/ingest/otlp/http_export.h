#pragma once
// OTLP/HTTP for metrics without the HTTP server: request headers and body
// in, status, Content-Type and body out, as the OTLP/HTTP specification
// has them:
//   200  ExportMetricsServiceResponse, with partial_success when data points
//        were rejected; in the request's encoding;
//   400  the body does not decode (google.rpc.Status, INVALID_ARGUMENT):
//        the sender drops it;
//   413  the body, decompressed, is over the limit;
//   415  Content-Type other than application/x-protobuf or application/json,
//        or Content-Encoding other than gzip or identity (plain text);
//   503  storage failed (google.rpc.Status, UNAVAILABLE): the sender retries.

#include <cstdint>
#include <string>
#include <string_view>

#include "ingest/otlp/receiver.h"

namespace vigil::ingest::otlp {

struct HttpExportRequest {
  std::string_view content_type;      // empty when absent
  std::string_view content_encoding;  // empty when absent
  std::string_view body;
};

struct HttpExportResponse {
  unsigned status = 200;
  std::string content_type;
  std::string body;
};

HttpExportResponse export_over_http(MetricsReceiver& receiver, const HttpExportRequest& request,
                                    uint64_t max_message_bytes);

}  // namespace vigil::ingest::otlp
