#include "vigil/log/trace_propagation.h"

#include "vigil/log/correlation.h"
#include "vigil/trace/traceparent.h"

namespace vigil::log {

std::string correlation_id_from_traceparent(std::string_view header) {
  if (auto tp = trace::parse_traceparent(header)) return tp->trace_id_hex();
  return new_correlation_id();
}

std::optional<std::string> outgoing_traceparent(bool sampled) {
  const std::string_view id = CorrelationScope::current();
  // Parsing a traceparent built around the id checks that it is 32 lowercase
  // hex characters and not all zeros, with the same rules as for input.
  for (;;) {
    // The first 16 hex characters of a fresh id are 8 random bytes; they are
    // all zero about once in 2^64 draws, which the parser rejects: draw again.
    const std::string parent_id = new_correlation_id().substr(0, 16);
    const std::string candidate = "00-" + std::string(id) + "-" + parent_id + (sampled ? "-01" : "-00");
    if (trace::parse_traceparent(candidate)) return candidate;
    if (parent_id != std::string(16, '0')) return std::nullopt;
  }
}

}  // namespace vigil::log
