#pragma once
// Answers as Alertmanager's go-openapi server writes them: success bodies
// and bare string payloads end in a newline (Go's json.Encoder), error
// objects {"code","message"} do not; request bodies must be JSON.

#include <optional>
#include <string>
#include <string_view>

#include "api/http/types.h"

namespace vigil::api {

HttpResponse json_line(http::status status, std::string body);
// A JSON string as the whole body: "message"\n.
HttpResponse string_payload(http::status status, std::string_view message);
HttpResponse openapi_error(http::status status, int code, std::string_view message);
HttpResponse empty_response(http::status status);
// 415 unless the request's Content-Type is application/json (a missing one
// counts as application/octet-stream).
std::optional<HttpResponse> unsupported_media_type(const RequestContext& context);

}  // namespace vigil::api
