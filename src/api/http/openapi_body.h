#pragma once
// Request bodies as Alertmanager's go-openapi server decodes them: Go's
// encoding/json rules (keys matched ignoring ASCII case, every occurrence
// decoded and the last one kept, null as absent) and its messages, 400
// "parsing <what> body from \"\" failed, because ..." for what cannot be
// decoded and 422 "<field> in body is required" for what validation
// refuses.

#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "api/http/openapi_time.h"
#include "api/http/types.h"
#include "core/go_json.h"

namespace vigil::api {

struct OpenApiBodyError {
  http::status status = http::status::bad_request;
  int code = 400;
  std::string message;
};

template <class T>
using OpenApiBody = std::expected<T, OpenApiBodyError>;

OpenApiBodyError required_in_body(std::string_view field);

class OpenApiBodyReader {
 public:
  // `what` names the body in errors: "silence", "alerts".
  explicit OpenApiBodyReader(std::string what) : what_(std::move(what)) {}

  OpenApiBodyError decode_error(std::string reason) const;
  // json: cannot unmarshal <kind> into Go struct field <go_field> of type <go_type>
  OpenApiBodyError type_error(const JsonValue& value, std::string_view go_field, std::string_view go_type) const;

  // The member `name` of `object` if present and not null; of another kind
  // than `kind`, an error.
  OpenApiBody<const JsonValue*> field(const JsonValue& object, std::string_view name, JsonValue::Kind kind,
                                      std::string_view go_field, std::string_view go_type) const;
  OpenApiBody<std::optional<std::string>> string_field(const JsonValue& object, std::string_view name,
                                                       std::string_view go_field) const;
  OpenApiBody<std::optional<TimePoint>> time_field(const JsonValue& object, std::string_view name,
                                                   std::string_view go_field) const;

 private:
  std::string what_;
};

}  // namespace vigil::api
