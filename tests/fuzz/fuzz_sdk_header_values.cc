// Values the SDK reads from outside: a traceparent header, OTEL_* key=value
// lists (headers, resource attributes) and a Retry-After answer. None may
// crash or overflow; a parsed traceparent formats back to what was read.

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "export/otlp/exporter_config.h"
#include "export/otlp/http_post.h"
#include "vigil/log/trace_propagation.h"
#include "vigil/trace/traceparent.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string in(reinterpret_cast<const char*>(data), size);
  if (auto tp = vigil::trace::parse_traceparent(in)) {
    const std::string formatted = vigil::trace::format_traceparent(*tp);
    if (!vigil::trace::parse_traceparent(formatted)) std::abort();
    // Version 00 is read exactly, apart from the optional whitespace HTTP allows around a value.
    std::string_view trimmed = in;
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) trimmed.remove_prefix(1);
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t')) trimmed.remove_suffix(1);
    if (trimmed.starts_with("00-") && formatted != trimmed) std::abort();
  }
  if (vigil::log::correlation_id_from_traceparent(in).size() != 32) std::abort();
  for (const auto& [key, value] : vigil::exporter::otlp::parse_key_values(in)) {
    if (key.empty()) std::abort();
  }
  const auto now = std::chrono::system_clock::now();
  if (auto delay = vigil::exporter::otlp::parse_retry_after(in, now)) {
    if (delay->count() < 0 || *delay > std::chrono::hours(24)) std::abort();
  }
  return 0;
}
