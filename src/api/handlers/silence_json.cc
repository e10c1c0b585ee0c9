#include "api/handlers/silence_json.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <optional>

#include "api/http/openapi_time.h"

namespace vigil::api {
namespace {

using google::protobuf::ListValue;
using google::protobuf::Struct;
using google::protobuf::Value;

// Go's encoding/json names a JSON value's kind this way in its errors.
const char* json_kind(const Value& value) {
  switch (value.kind_case()) {
    case Value::kNumberValue:
      return "number";
    case Value::kStringValue:
      return "string";
    case Value::kBoolValue:
      return "bool";
    case Value::kStructValue:
      return "object";
    case Value::kListValue:
      return "array";
    default:
      return "null";
  }
}

SilenceBodyError decode_error(std::string reason) {
  return {http::status::bad_request, 400, "parsing silence body from \"\" failed, because " + std::move(reason)};
}

SilenceBodyError type_error(const Value& value, std::string_view field, std::string_view go_type) {
  std::string reason = "json: cannot unmarshal ";
  reason += json_kind(value);
  reason += " into Go struct field ";
  reason += field;
  reason += " of type ";
  reason += go_type;
  return decode_error(std::move(reason));
}

SilenceBodyError required(std::string_view field) {
  return {http::status::unprocessable_entity, 602, std::string(field) + " in body is required"};
}

bool ascii_iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// A field by name as Go's decoder finds it: the exact key, else one equal
// but for case. A JSON null counts as absent.
const Value* field(const Struct& object, std::string_view name) {
  const Value* found = nullptr;
  for (const auto& [key, value] : object.fields()) {
    if (key == name) {
      found = &value;
      break;
    }
    if (found == nullptr && ascii_iequal(key, name)) found = &value;
  }
  if (found != nullptr && found->kind_case() == Value::kNullValue) return nullptr;
  return found;
}

// A string field: nullopt when absent, an error when of another kind.
std::expected<std::optional<std::string>, SilenceBodyError> string_field(const Struct& object, std::string_view name,
                                                                         std::string_view go_field) {
  const Value* value = field(object, name);
  if (value == nullptr) return std::nullopt;
  if (!value->has_string_value()) return std::unexpected(type_error(*value, go_field, "string"));
  return value->string_value();
}

struct RawMatcher {
  std::optional<std::string> name;
  std::optional<std::string> value;
  std::optional<bool> is_regex;
  bool is_equal = true;  // the model's default
};

std::expected<RawMatcher, SilenceBodyError> read_matcher(const Value& item) {
  if (!item.has_struct_value()) return std::unexpected(type_error(item, "Silence.matchers", "models.Matcher"));
  const Struct& object = item.struct_value();
  RawMatcher raw;
  auto name = string_field(object, "name", "Matcher.matchers.name");
  if (!name) return std::unexpected(name.error());
  auto value = string_field(object, "value", "Matcher.matchers.value");
  if (!value) return std::unexpected(value.error());
  raw.name = std::move(*name);
  raw.value = std::move(*value);
  if (const Value* v = field(object, "isRegex")) {
    if (!v->has_bool_value()) return std::unexpected(type_error(*v, "Matcher.matchers.isRegex", "bool"));
    raw.is_regex = v->bool_value();
  }
  if (const Value* v = field(object, "isEqual")) {
    if (!v->has_bool_value()) return std::unexpected(type_error(*v, "Matcher.matchers.isEqual", "bool"));
    raw.is_equal = v->bool_value();
  }
  return raw;
}

std::expected<std::optional<TimePoint>, SilenceBodyError> time_field(const Struct& object, std::string_view name,
                                                                     std::string_view go_field) {
  auto text = string_field(object, name, go_field);
  if (!text) return std::unexpected(text.error());
  if (!*text) return std::nullopt;
  auto parsed = parse_openapi_datetime(**text);
  if (!parsed) return std::unexpected(decode_error(parsed.error().message));
  return *parsed;
}

alerting::MatchType match_type(bool is_regex, bool is_equal) {
  if (is_regex) return is_equal ? alerting::MatchType::regexp : alerting::MatchType::not_regexp;
  return is_equal ? alerting::MatchType::equal : alerting::MatchType::not_equal;
}

}  // namespace

std::expected<alerting::PostableSilence, SilenceBodyError> read_postable_silence(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::unexpected(required("silence"));
  Value root;
  if (auto status = google::protobuf::util::JsonStringToMessage(std::string(body), &root); !status.ok()) {
    return std::unexpected(decode_error(std::string(status.message())));
  }
  Struct empty;
  const Struct* object = &empty;
  if (root.has_struct_value()) {
    object = &root.struct_value();
  } else if (root.kind_case() != Value::kNullValue) {
    return std::unexpected(decode_error(std::string("json: cannot unmarshal ") + json_kind(root) +
                                        " into Go value of type struct { ID string \"json:\\\"id,omitempty\\\"\" }"));
  }
  // Decoding first (400), in the model's field order, then validation (422)
  // in go-swagger's order: comment, createdBy, endsAt, matchers, startsAt.
  auto id = string_field(*object, "id", ".id");
  if (!id) return std::unexpected(id.error());
  auto comment = string_field(*object, "comment", "Silence.comment");
  if (!comment) return std::unexpected(comment.error());
  auto created_by = string_field(*object, "createdBy", "Silence.createdBy");
  if (!created_by) return std::unexpected(created_by.error());
  auto ends_at = time_field(*object, "endsAt", "Silence.endsAt");
  if (!ends_at) return std::unexpected(ends_at.error());
  std::optional<std::vector<RawMatcher>> matchers;
  if (const Value* list = field(*object, "matchers")) {
    if (!list->has_list_value()) return std::unexpected(type_error(*list, "Silence.matchers", "models.Matchers"));
    matchers.emplace();
    for (const Value& item : list->list_value().values()) {
      auto matcher = read_matcher(item);
      if (!matcher) return std::unexpected(matcher.error());
      matchers->push_back(std::move(*matcher));
    }
  }
  auto starts_at = time_field(*object, "startsAt", "Silence.startsAt");
  if (!starts_at) return std::unexpected(starts_at.error());

  if (!*comment) return std::unexpected(required("comment"));
  if (!*created_by) return std::unexpected(required("createdBy"));
  if (!*ends_at) return std::unexpected(required("endsAt"));
  if (!matchers) return std::unexpected(required("matchers"));
  if (matchers->empty()) {
    return std::unexpected(
        SilenceBodyError{http::status::unprocessable_entity, 612, "matchers in body should have at least 1 items"});
  }
  alerting::PostableSilence posted;
  for (size_t i = 0; i < matchers->size(); ++i) {
    RawMatcher& raw = (*matchers)[i];
    const std::string at = "matchers." + std::to_string(i) + ".";
    if (!raw.is_regex) return std::unexpected(required(at + "isRegex"));
    if (!raw.name) return std::unexpected(required(at + "name"));
    if (!raw.value) return std::unexpected(required(at + "value"));
    posted.matchers.push_back({match_type(*raw.is_regex, raw.is_equal), std::move(*raw.name), std::move(*raw.value)});
  }
  if (!*starts_at) return std::unexpected(required("startsAt"));
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
