#include "vigil/log/trace_propagation.h"

#include "vigil/log/correlation.h"
#include "vigil/trace/traceparent.h"

namespace vigil::log {

std::string correlation_id_from_traceparent(std::string_view header) {
  if (auto tp = trace::parse_traceparent(header)) return tp->trace_id_hex();
  return new_correlation_id();
}

std::optional<std::string> outgoing_traceparent(bool sampled) {
  const std::string id(CorrelationScope::current());
  // Parsing a traceparent built around the id checks that it is a trace-id
  // (32 lowercase hex characters, not all zeros) by the rules for input.
  if (!trace::parse_traceparent("00-" + id + "-0000000000000001-00")) return std::nullopt;
  // A fresh id's first 16 hex characters are 8 random bytes; all zeros, which
  // the spec forbids, come about once in 2^64 draws.
  std::string parent_id;
  do {
    parent_id = new_correlation_id().substr(0, 16);
  } while (parent_id == "0000000000000000");
  return "00-" + id + "-" + parent_id + (sampled ? "-01" : "-00");
}

}  // namespace vigil::log
