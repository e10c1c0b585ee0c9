#include "api/http/responses.h"

#include "core/json_writer.h"

namespace vigil::api {

HttpResponse text_response(http::status status, std::string body, std::string_view content_type) {
  HttpResponse res{status, 11};
  res.set(http::field::content_type, content_type);
  res.body() = std::move(body);
  return res;
}

HttpResponse json_response(http::status status, std::string body) {
  return text_response(status, std::move(body), kApplicationJson);
}

HttpResponse error_response(std::string_view path, http::status status, std::string_view error_type,
                            std::string_view message) {
  if (!path.starts_with("/api/")) {
    return text_response(status, std::string(message) + "\n");
  }
  std::string body;
  JsonWriter(body).begin_object().field("status", "error").field("errorType", error_type).field("error", message).end_object();
  return json_response(status, std::move(body));
}

std::string success_envelope(std::string_view data_json) {
  std::string out = R"({"status":"success","data":)";
  out += data_json;
  out += '}';
  return out;
}

}  // namespace vigil::api
