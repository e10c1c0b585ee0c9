#include "api/http/request_id.h"

#include "vigil/log/trace_propagation.h"

namespace vigil::api {
namespace {

// A client-supplied id ends up in logs and response headers, so only a
// conservative alphabet and length are taken as they are.
bool is_acceptable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.' || c == ':' || c == '/' || c == '+' || c == '=';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string correlation_id_for(const HttpRequest& request) {
  if (auto it = request.find(kRequestIdHeader); it != request.end()) {
    std::string_view id(it->value().data(), it->value().size());
    if (is_acceptable_request_id(id)) return std::string(id);
  }
  // The trace-id of a valid traceparent, else a new id.
  const auto it = request.find("traceparent");
  return log::correlation_id_from_traceparent(
      it != request.end() ? std::string_view(it->value().data(), it->value().size()) : std::string_view());
}

}  // namespace vigil::api
