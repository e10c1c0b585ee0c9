#pragma once
// Building responses: plain text, JSON, and errors in the shape the client
// expects — Prometheus's {"status":"error","errorType":...,"error":...} under
// /api/, plain text elsewhere.

#include <string>
#include <string_view>

#include "api/http/types.h"

namespace vigil::api {

inline constexpr std::string_view kTextPlain = "text/plain; charset=utf-8";
inline constexpr std::string_view kApplicationJson = "application/json";

HttpResponse text_response(http::status status, std::string body,
                           std::string_view content_type = kTextPlain);
HttpResponse json_response(http::status status, std::string body);

// `error_type` is Prometheus's errorType ("bad_data", "not_found", "internal", ...).
HttpResponse error_response(std::string_view path, http::status status, std::string_view error_type,
                            std::string_view message);

// {"status":"success","data":<data_json>}
std::string success_envelope(std::string_view data_json);

}  // namespace vigil::api
