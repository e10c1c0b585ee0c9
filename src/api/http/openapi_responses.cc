#include "api/http/openapi_responses.h"

#include <algorithm>
#include <cctype>

#include "api/http/responses.h"
#include "core/json_writer.h"

namespace vigil::api {

HttpResponse json_line(http::status status, std::string body) {
  body += '\n';
  return json_response(status, std::move(body));
}

HttpResponse string_payload(http::status status, std::string_view message) {
  std::string body;
  JsonWriter(body).string(message);
  return json_line(status, std::move(body));
}

HttpResponse openapi_error(http::status status, int code, std::string_view message) {
  std::string body;
  JsonWriter(body).begin_object().key("code").number(code).field("message", message).end_object();
  return json_response(status, std::move(body));
}

HttpResponse empty_response(http::status status) {
  HttpResponse res{status, 11};
  return res;
}

std::optional<HttpResponse> unsupported_media_type(const RequestContext& context) {
  std::string type(context.request[http::field::content_type]);
  if (type.empty()) type = "application/octet-stream";
  std::string media = type.substr(0, type.find(';'));
  while (!media.empty() && media.back() == ' ') media.pop_back();
  std::transform(media.begin(), media.end(), media.begin(), [](unsigned char c) { return std::tolower(c); });
  if (media == "application/json") return std::nullopt;
  return openapi_error(http::status::unsupported_media_type, 415,
                       "unsupported media type \"" + type + "\", only [application/json] are allowed");
}

}  // namespace vigil::api
