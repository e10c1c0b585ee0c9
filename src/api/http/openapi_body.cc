#include "api/http/openapi_body.h"

namespace vigil::api {
namespace {

bool ascii_iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

OpenApiBodyError required_in_body(std::string_view field) {
  return {http::status::unprocessable_entity, 602, std::string(field) + " in body is required"};
}

OpenApiBodyError OpenApiBodyReader::decode_error(std::string reason) const {
  return {http::status::bad_request, 400, "parsing " + what_ + " body from \"\" failed, because " + std::move(reason)};
}

OpenApiBodyError OpenApiBodyReader::type_error(const JsonValue& value, std::string_view go_field,
                                               std::string_view go_type) const {
  std::string reason = "json: cannot unmarshal ";
  reason += go_json_kind(value);
  reason += " into Go struct field ";
  reason += go_field;
  reason += " of type ";
  reason += go_type;
  return decode_error(std::move(reason));
}

OpenApiBody<const JsonValue*> OpenApiBodyReader::field(const JsonValue& object, std::string_view name,
                                                       JsonValue::Kind kind, std::string_view go_field,
                                                       std::string_view go_type) const {
  const JsonValue* found = nullptr;
  for (const auto& [key, value] : object.members) {
    if (!ascii_iequal(key, name)) continue;
    if (value.kind == JsonValue::Kind::null) {
      found = nullptr;
    } else if (value.kind != kind) {
      return std::unexpected(type_error(value, go_field, go_type));
    } else {
      found = &value;
    }
  }
  return found;
}

OpenApiBody<std::optional<std::string>> OpenApiBodyReader::string_field(const JsonValue& object, std::string_view name,
                                                                        std::string_view go_field) const {
  auto value = field(object, name, JsonValue::Kind::string, go_field, "string");
  if (!value) return std::unexpected(value.error());
  if (*value == nullptr) return std::nullopt;
  return (*value)->text;
}

OpenApiBody<std::optional<TimePoint>> OpenApiBodyReader::time_field(const JsonValue& object, std::string_view name,
                                                                    std::string_view go_field) const {
  auto text = string_field(object, name, go_field);
  if (!text) return std::unexpected(text.error());
  if (!*text) return std::nullopt;
  auto parsed = parse_openapi_datetime(**text);
  if (!parsed) return std::unexpected(decode_error(parsed.error().message));
  return *parsed;
}

}  // namespace vigil::api
