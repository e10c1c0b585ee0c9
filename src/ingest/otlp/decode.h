#pragma once
// OTLP request bodies to messages: binary protobuf and OTLP/JSON (the
// protobuf JSON mapping with OTLP's deviations: lowerCamelCase or original
// field names, 64-bit integers as strings or numbers, enums as integers,
// unknown fields ignored).

#include <string_view>

#include "core/error.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.pb.h"

namespace vigil::ingest::otlp {

enum class Encoding { protobuf, json };

using ExportRequest = opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest;

// invalid_argument with a message that says what is wrong (and, for
// protobuf, at which byte of the top-level message) when the body does not
// decode.
Result<ExportRequest> decode_request(std::string_view body, Encoding encoding);

}  // namespace vigil::ingest::otlp
