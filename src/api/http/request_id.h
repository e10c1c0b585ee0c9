#pragma once
// The correlation id of an HTTP request: the client's X-Request-ID when it is
// well-formed, else the trace-id of a valid W3C traceparent, else a new one.

#include <string>

#include "api/http/types.h"

namespace vigil::api {

inline constexpr std::string_view kRequestIdHeader = "X-Request-ID";

std::string correlation_id_for(const HttpRequest& request);

}  // namespace vigil::api
