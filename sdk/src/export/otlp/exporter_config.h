#pragma once
// The exporter's endpoint, headers and resource after applying
// OpenTelemetry's environment variables to what the options leave unset
// (the precedence is in vigil/export/otlp_exporter.h).

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "vigil/export/otlp_exporter.h"

namespace vigil::exporter::otlp {

struct ExporterConfig {
  std::string endpoint;
  std::map<std::string, std::string> headers;
  std::map<std::string, std::string> resource;
};

// Reads one environment variable; std::nullopt when unset or empty.
using Environment = std::function<std::optional<std::string>(const char* name)>;
Environment process_environment();

// Throws std::invalid_argument for an endpoint that is not http(s)://.
ExporterConfig resolve_config(const OtlpExporterOptions& options, const Environment& environment);

// "k=v,k2=v2" with percent-encoded keys and values (W3C Baggage, as
// OTEL_RESOURCE_ATTRIBUTES and OTEL_EXPORTER_OTLP_HEADERS are written);
// members without "=" or with an empty key are skipped.
std::map<std::string, std::string> parse_key_values(std::string_view text);

}  // namespace vigil::exporter::otlp
