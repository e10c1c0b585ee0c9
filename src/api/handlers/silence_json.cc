#include "api/handlers/silence_json.h"

#include <optional>

#include "api/http/openapi_body.h"

namespace vigil::api {
namespace {

const OpenApiBodyReader reader("silence");

struct RawMatcher {
  std::optional<std::string> name;
  std::optional<std::string> value;
  std::optional<bool> is_regex;
  bool is_equal = true;  // the model's default
};

OpenApiBody<RawMatcher> read_matcher(const JsonValue& item) {
  if (item.kind != JsonValue::Kind::object) {
    return std::unexpected(reader.type_error(item, "Silence.matchers", "models.Matcher"));
  }
  RawMatcher raw;
  auto name = reader.string_field(item, "name", "Matcher.matchers.name");
  if (!name) return std::unexpected(name.error());
  auto value = reader.string_field(item, "value", "Matcher.matchers.value");
  if (!value) return std::unexpected(value.error());
  auto is_regex = reader.field(item, "isRegex", JsonValue::Kind::boolean, "Matcher.matchers.isRegex", "bool");
  if (!is_regex) return std::unexpected(is_regex.error());
  auto is_equal = reader.field(item, "isEqual", JsonValue::Kind::boolean, "Matcher.matchers.isEqual", "bool");
  if (!is_equal) return std::unexpected(is_equal.error());
  raw.name = std::move(*name);
  raw.value = std::move(*value);
  if (*is_regex != nullptr) raw.is_regex = (*is_regex)->boolean;
  if (*is_equal != nullptr) raw.is_equal = (*is_equal)->boolean;
  return raw;
}

alerting::MatchType match_type(bool is_regex, bool is_equal) {
  if (is_regex) return is_equal ? alerting::MatchType::regexp : alerting::MatchType::not_regexp;
  return is_equal ? alerting::MatchType::equal : alerting::MatchType::not_equal;
}

}  // namespace

OpenApiBody<alerting::PostableSilence> read_postable_silence(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::unexpected(required_in_body("silence"));
  auto root = read_go_json(body);
  if (!root) return std::unexpected(reader.decode_error(root.error().message));
  const JsonValue empty{.kind = JsonValue::Kind::object};
  const JsonValue* object = &empty;
  if (root->kind == JsonValue::Kind::object) {
    object = &*root;
  } else if (root->kind != JsonValue::Kind::null) {
    return std::unexpected(
        reader.decode_error(std::string("json: cannot unmarshal ") + go_json_kind(*root) +
                            " into Go value of type struct { ID string \"json:\\\"id,omitempty\\\"\" }"));
  }
  // Decoding first (400), in the model's field order, then validation (422)
  // in go-swagger's order: comment, createdBy, endsAt, matchers, startsAt.
  auto id = reader.string_field(*object, "id", ".id");
  if (!id) return std::unexpected(id.error());
  auto comment = reader.string_field(*object, "comment", "Silence.comment");
  if (!comment) return std::unexpected(comment.error());
  auto created_by = reader.string_field(*object, "createdBy", "Silence.createdBy");
  if (!created_by) return std::unexpected(created_by.error());
  auto ends_at = reader.time_field(*object, "endsAt", "Silence.endsAt");
  if (!ends_at) return std::unexpected(ends_at.error());
  auto list = reader.field(*object, "matchers", JsonValue::Kind::array, "Silence.matchers", "models.Matchers");
  if (!list) return std::unexpected(list.error());
  std::optional<std::vector<RawMatcher>> matchers;
  if (*list != nullptr) {
    matchers.emplace();
    for (const JsonValue& item : (*list)->items) {
      auto matcher = read_matcher(item);
      if (!matcher) return std::unexpected(matcher.error());
      matchers->push_back(std::move(*matcher));
    }
  }
  auto starts_at = reader.time_field(*object, "startsAt", "Silence.startsAt");
  if (!starts_at) return std::unexpected(starts_at.error());

  if (!*comment) return std::unexpected(required_in_body("comment"));
  if (!*created_by) return std::unexpected(required_in_body("createdBy"));
  if (!*ends_at) return std::unexpected(required_in_body("endsAt"));
  if (!matchers) return std::unexpected(required_in_body("matchers"));
  if (matchers->empty()) {
    return std::unexpected(
        OpenApiBodyError{http::status::unprocessable_entity, 612, "matchers in body should have at least 1 items"});
  }
  alerting::PostableSilence posted;
  for (size_t i = 0; i < matchers->size(); ++i) {
    RawMatcher& raw = (*matchers)[i];
    const std::string at = "matchers." + std::to_string(i) + ".";
    if (!raw.is_regex) return std::unexpected(required_in_body(at + "isRegex"));
    if (!raw.name) return std::unexpected(required_in_body(at + "name"));
    if (!raw.value) return std::unexpected(required_in_body(at + "value"));
    posted.matchers.push_back({match_type(*raw.is_regex, raw.is_equal), std::move(*raw.name), std::move(*raw.value)});
  }
  if (!*starts_at) return std::unexpected(required_in_body("startsAt"));
  posted.id = id->value_or("");
  posted.comment = std::move(**comment);
  posted.created_by = std::move(**created_by);
  posted.starts_at = **starts_at;
  posted.ends_at = **ends_at;
  return posted;
}

void write_gettable_silence(JsonWriter& out, const alerting::Silence& silence, alerting::SilenceState state) {
  out.begin_object();
  out.field("id", silence.id);
  out.key("status").begin_object().field("state", alerting::to_string(state)).end_object();
  out.field("updatedAt", format_openapi_datetime(silence.updated_at));
  out.field("comment", silence.comment);
  out.field("createdBy", silence.created_by);
  out.field("endsAt", format_openapi_datetime(silence.ends_at));
  out.key("matchers").begin_array();
  for (const alerting::Matcher& m : silence.matchers) {
    const bool is_equal = m.type() == alerting::MatchType::equal || m.type() == alerting::MatchType::regexp;
    const bool is_regex = m.type() == alerting::MatchType::regexp || m.type() == alerting::MatchType::not_regexp;
    out.begin_object().key("isEqual").boolean(is_equal).key("isRegex").boolean(is_regex);
    out.field("name", m.name()).field("value", m.value()).end_object();
  }
  out.end_array();
  out.field("startsAt", format_openapi_datetime(silence.starts_at));
  out.end_object();
}

}  // namespace vigil::api
